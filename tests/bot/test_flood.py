"""Flood control: over the limit a user hears "even rustig aan" once, then a short pause."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.flood import FloodGate, Verdict
from tests.harness import BotHarness, user

ANNA, BOB = user(1001), user(1002, name="Bob")


def test_the_limit_a_warning_a_pause_and_back() -> None:
    gate = FloodGate(per_minute=3, pause_seconds=60)
    assert [gate.check(1, t) for t in (0, 1, 2)] == [Verdict.ALLOW] * 3
    assert gate.check(1, 3) is Verdict.WARN
    assert gate.check(1, 30) is Verdict.DROP
    assert gate.check(2, 30) is Verdict.ALLOW  # others are not affected
    assert gate.check(1, 63.5) is Verdict.ALLOW


def test_a_steady_pace_under_the_limit_never_pauses() -> None:
    gate = FloodGate(per_minute=3, pause_seconds=60)
    assert all(gate.check(1, t * 21.0) is Verdict.ALLOW for t in range(100))


def test_idle_users_are_forgotten() -> None:
    gate = FloodGate(per_minute=3, pause_seconds=60)
    for user_id in range(50):
        gate.check(user_id, 0)
    gate.check(999, 1000)
    assert len(gate) == 1


@given(st.lists(st.floats(min_value=0, max_value=600), max_size=200))
def test_never_more_than_the_limit_in_any_minute(times: list[float]) -> None:
    gate = FloodGate(per_minute=5, pause_seconds=30)
    allowed = [t for t in sorted(times) if gate.check(1, t) is Verdict.ALLOW]
    for i, start in enumerate(allowed):
        assert sum(1 for t in allowed[i:] if t < start + 60) <= 5


async def test_a_flooding_user_is_paused_and_told_once(harness: BotHarness) -> None:
    limit = harness.services.settings.flood_per_minute
    for _ in range(limit):
        assert await harness.send(ANNA, "/help")
    [warning] = await harness.send(ANNA, "/help")
    assert warning["text"].startswith("Even rustig aan")
    assert await harness.send(ANNA, "/help") == []  # ignored during the pause
    assert await harness.send(BOB, "/help")  # someone else is served as usual
    harness.clock.advance(seconds=61)
    [help_text] = await harness.send(ANNA, "/help")
    assert "/vraag" in help_text["text"]
