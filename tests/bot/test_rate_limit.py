"""A reply while Telegram fails now and then: 5xx and dropped connections are tried again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast

import pytest

from bot.delivery.rate_limit import RetryingRateLimiter
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, user
from tests.sample_map import MAP

ANNA = user()
QUESTION = "wie doet iets tegen eenzaamheid in de Indische Buurt?"


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The bot on the small sample map; the limiter's waits are recorded, not slept."""
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=MAP) as bot_harness:
        yield bot_harness


def _limiter(harness: BotHarness) -> tuple[RetryingRateLimiter, list[float]]:
    limiter = cast(RetryingRateLimiter, harness.application.bot.rate_limiter)
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    limiter.sleep = record
    return limiter, waits


def _send_calls(harness: BotHarness) -> int:
    return sum(
        1
        for call in harness.core.calls()
        if call["method"] == "sendMessage" and call["chat_id"] == ANNA["id"]
    )


async def test_a_500_and_a_dropped_connection_still_get_one_answer(harness: BotHarness) -> None:
    _, waits = _limiter(harness)
    harness.core.add_fault("sendMessage", 500)
    harness.core.add_fault("sendMessage", 0, drop=True)
    [answer] = await harness.send(ANNA, QUESTION)
    assert "Koffiekwartier" in answer["text"]
    assert _send_calls(harness) == 3  # two failures, then the answer: once in the chat
    assert waits == [0.5, 1.0]  # backoff between the tries


async def test_it_gives_up_after_the_retries_and_the_next_question_works(
    harness: BotHarness,
) -> None:
    _, waits = _limiter(harness)
    harness.core.add_fault("sendMessage", 502, times=3)
    [sorry] = await harness.send(ANNA, QUESTION)  # from the error handler, after three 502s
    assert sorry["text"].startswith("Oeps, er ging aan mijn kant iets mis")
    assert waits == [0.5, 1.0]
    [answer] = await harness.send(ANNA, QUESTION)
    assert "Koffiekwartier" in answer["text"]


async def test_a_refused_message_is_not_sent_again(harness: BotHarness) -> None:
    _, waits = _limiter(harness)
    harness.core.add_fault("sendMessage", 400, description="Bad Request: message is too long")
    [sorry] = await harness.send(ANNA, QUESTION)
    assert sorry["text"].startswith("Oeps, er ging aan mijn kant iets mis")
    assert (_send_calls(harness), waits) == (2, [])  # the refused answer once, then the apology
