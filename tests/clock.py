"""A clock for tests: time moves only when the test moves it."""

from __future__ import annotations

from datetime import datetime, timedelta


class FakeClock:
    """Callable like `bot.clock.system_clock`, but under the test's control."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        """The current fake time."""
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move time forward, e.g. `advance(days=7)`."""
        self.now += timedelta(**delta)
        return self.now
