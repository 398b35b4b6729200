"""Per-user flood control: a sliding one-minute window, then a short pause."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from bot.policy import FLOOD_WINDOW_SECONDS

# Users idle this long are dropped from memory at the next sweep.
FORGET_AFTER_SECONDS = 300.0


class Verdict(Enum):
    """What to do with one update of a user."""

    ALLOW = "allow"
    WARN = "warn"  # the first one over the limit: say "even rustig aan" once
    DROP = "drop"  # during the pause: ignore silently


@dataclass
class _Track:
    times: deque[float] = field(default_factory=deque)
    paused_until: float = 0.0
    warned_at: float = float("-inf")
    last: float = 0.0


class FloodGate:
    """Counts each user's updates in memory (per process; a bound, not an exact quota)."""

    def __init__(self, per_minute: int, pause_seconds: float) -> None:
        self.per_minute = per_minute
        self.pause_seconds = pause_seconds
        self._tracks: dict[int, _Track] = {}
        self._swept = 0.0

    def check(self, user_id: int, now: float) -> Verdict:
        """Record one update at `now` (seconds) and say whether to handle it."""
        self._sweep(now)
        track = self._tracks.setdefault(user_id, _Track())
        track.last = now
        if now < track.paused_until:
            return Verdict.DROP
        times = track.times
        while times and times[0] <= now - FLOOD_WINDOW_SECONDS:
            times.popleft()
        if len(times) >= self.per_minute:
            # Refused updates are not counted: whatever is let through stays within the limit.
            track.paused_until = now + self.pause_seconds
            if now - track.warned_at < FLOOD_WINDOW_SECONDS + self.pause_seconds:
                return Verdict.DROP  # told a moment ago; once is enough
            track.warned_at = now
            return Verdict.WARN
        times.append(now)
        return Verdict.ALLOW

    def __len__(self) -> int:
        return len(self._tracks)

    def _sweep(self, now: float) -> None:
        if now - self._swept < FLOOD_WINDOW_SECONDS:
            return
        self._swept = now
        idle = [
            user
            for user, track in self._tracks.items()
            if now - track.last > FORGET_AFTER_SECONDS and now >= track.paused_until
        ]
        for user in idle:
            del self._tracks[user]
