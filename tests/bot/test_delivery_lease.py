"""A sender that dies mid-broadcast: what the next leader sends at once, and what after the lease.

Rows are claimed one at a time, so a dead sender leaves exactly one row claimed (the one in
flight); everything else is due for the next process at once. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
from sqlalchemy import select
from telegram import Bot

from bot.db.models import Delivery
from bot.db.repositories.deliveries import SENDING, SENT
from bot.jobs.delivery import LEASE
from bot.jobs.reminders import schedule_reminders
from bot.sandbox import SandboxCore
from tests.bot.test_delivery import WEEK_BEFORE, drain, plan, running, sent_to
from tests.clock import FakeClock
from tests.harness import BotHarness

RECIPIENTS = list(range(30_000, 30_040))


class DyingBot:
    """The real bot, until the process is killed during its n-th send.

    `after_telegram=True`: Telegram took the message, the process died before marking it
    sent (the at-least-once window). False: it died before the request left.
    """

    def __init__(self, bot: Bot, nth: int, *, after_telegram: bool) -> None:
        self.bot, self.left, self.after_telegram = bot, nth, after_telegram

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        self.left -= 1
        if self.left == 0:
            if self.after_telegram:
                await self.bot.send_message(*args, **kwargs)
            raise asyncio.CancelledError
        return await self.bot.send_message(*args, **kwargs)


@pytest.fixture
async def bot(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    core = SandboxCore(clock=lambda: clock().timestamp())
    async with running(database_url, clock, core) as harness:
        yield harness


async def _states(harness: BotHarness) -> Counter[str]:
    async with harness.services.db.transaction() as session:
        rows = (await session.scalars(select(Delivery))).all()
    return Counter(row.state for row in rows)


async def _kill_during_send(harness: BotHarness, nth: int, *, after_telegram: bool) -> None:
    await plan(harness, RECIPIENTS)
    harness.clock.now = WEEK_BEFORE
    assert (await schedule_reminders(harness.services)).deliveries == len(RECIPIENTS)
    dying = cast(Bot, DyingBot(harness.application.bot, nth, after_telegram=after_telegram))
    with pytest.raises(asyncio.CancelledError):
        await drain(harness, dying)


@pytest.mark.parametrize("after_telegram", [False, True])
async def test_the_next_leader_sends_the_rest_at_once_and_the_row_in_flight_after_its_lease(
    database_url: str, clock: FakeClock, bot: BotHarness, after_telegram: bool
) -> None:
    await _kill_during_send(bot, 15, after_telegram=after_telegram)
    # only the row in flight is still claimed by the dead process
    assert await _states(bot) == {SENT: 14, SENDING: 1, "pending": 25}
    async with running(database_url, clock, bot.core) as successor:
        assert (await drain(successor)).sent == 25  # nothing waits for the dead one's lease
        clock.advance(seconds=LEASE.total_seconds() - 1)
        assert (await drain(successor)).sent == 0  # a live sender may still be on it
        clock.advance(seconds=1)
        assert (await drain(successor)).sent == 1
        assert await _states(successor) == {SENT: 40}
    counts = sent_to(bot.core)
    assert set(counts) == set(RECIPIENTS)
    in_flight = RECIPIENTS[14]
    # the documented window: killed after Telegram took it and before the row was marked
    # sent, that one recipient has it twice; killed before the request left, nobody does
    doubled = {chat for chat, n in counts.items() if n > 1}
    assert doubled == ({in_flight} if after_telegram else set())
    assert counts[in_flight] == (2 if after_telegram else 1)
