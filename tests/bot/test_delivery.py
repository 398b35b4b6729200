"""The reminder scheduler and the delivery queue: due times, restarts, crashes, 429, blocks."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from telegram import Bot

from bot.application import build_application, start_services, stop_services
from bot.config import Settings
from bot.db.models import Delivery, Meeting
from bot.delivery.repository import DeliveryRepository
from bot.delivery.sender import LEASE, SendReport, deliver_due
from bot.meetings.jobs_reminders import schedule_reminders
from bot.meetings.recurrence import AMSTERDAM
from bot.meetings.repository import MeetingRepository, SubscriptionRepository
from sandbox import SandboxCore, SandboxRequest
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import TOKEN, BotHarness, user

# Tuesday 1 December 2026 19:30 in Amsterdam; the clock starts on Monday 23 November 10:00.
MEETING_START = datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)
WEEK_BEFORE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 local
DAY_BEFORE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@asynccontextmanager
async def running(
    database_url: str, clock: FakeClock, core: SandboxCore
) -> AsyncIterator[BotHarness]:
    """A bot process on this database and this (shared) Telegram: start it again to restart."""
    settings = Settings(database_url=database_url, admin_ids=frozenset({ADMIN_ID}))
    application = build_application(
        settings,
        token=TOKEN,
        request=SandboxRequest(core),
        updates_request=SandboxRequest(core),
        clock=clock,
    )
    # No real waiting in tests: the limiter's pacing is measured by the benchmark instead, and
    # a 429 or a dropped connection must reach the queue (in production the limiter retries
    # them itself first).
    limiter = cast(Any, application.bot.rate_limiter)
    limiter._base_limiter = None
    limiter._max_retries = 0
    limiter.network_retries = 0
    async with application:
        await start_services(application)
        try:
            yield BotHarness(application, core, clock)
        finally:
            await stop_services(application)


async def plan(harness: BotHarness, subscribers: list[int], rule: str | None = None) -> int:
    """A wijktafel with one meeting and these subscribers (who each said hello first)."""
    for chat_id in subscribers:
        harness.core.inject({"user": user(chat_id), "text": "hallo"}, queue=False)
    now = harness.clock()
    async with harness.services.db.transaction() as session:
        repo = MeetingRepository(session)
        table = await repo.add_wijktafel("Wijktafel Dapperbuurt", "Dapperbuurt", ADMIN_ID, now)
        meeting = await repo.add_meeting(
            Meeting(
                wijktafel_id=table.id,
                title="Wijktafel december",
                place="Buurthuis De Meevaart",
                starts_at=MEETING_START,
                duration_minutes=90,
                rrule=rule,
                created_by=ADMIN_ID,
                created_at=now,
            )
        )
        subs = SubscriptionRepository(session)
        for chat_id in subscribers:
            await subs.subscribe(table.id, chat_id, chat_id, now)
        return meeting.id


async def drain(harness: BotHarness, bot: Bot | None = None) -> SendReport:
    """Run the sender until nothing more is due now."""
    total = SendReport()
    while True:
        report = await deliver_due(bot or harness.application.bot, harness.services)
        total.sent += report.sent
        total.retried += report.retried
        total.failed += report.failed
        total.blocked += report.blocked
        if report.paused or report.sent + report.failed + report.blocked + report.retried == 0:
            return total


def sent_to(core: SandboxCore) -> Counter[int]:
    """How many messages each chat received (in the chats, not merely attempted)."""
    chats = {int(c["chat_id"]) for c in core.calls() if c["method"] == "sendMessage"}
    return Counter({chat: len(core.messages(chat)) for chat in chats if core.messages(chat)})


@pytest.fixture
async def bot(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    core = SandboxCore(clock=lambda: clock().timestamp())
    async with running(database_url, clock, core) as harness:
        yield harness


async def test_reminders_a_week_and_a_day_before_at_ten(bot: BotHarness) -> None:
    await plan(bot, [1001, 1002])
    bot.clock.now = WEEK_BEFORE - timedelta(minutes=1)
    assert (await schedule_reminders(bot.services)).deliveries == 0
    bot.clock.now = WEEK_BEFORE
    assert (await schedule_reminders(bot.services)).deliveries == 2
    assert (await drain(bot)).sent == 2
    [message] = bot.core.messages(1001, bot.core.last_user_message_id(1001))
    assert message["text"].startswith("Over een week")
    assert "dinsdag 1 december 19:30" in message["text"]
    assert bot.shown("reminder.late") not in message["text"]
    bot.clock.advance(minutes=1)
    assert (await schedule_reminders(bot.services)).deliveries == 0
    bot.clock.now = DAY_BEFORE
    assert (await schedule_reminders(bot.services)).deliveries == 2
    await drain(bot)
    assert bot.core.messages(1002, 0)[-1]["text"].startswith("Morgen")
    assert sent_to(bot.core) == {1001: 2, 1002: 2}


async def test_restart_between_due_and_sent(
    database_url: str, clock: FakeClock, bot: BotHarness
) -> None:
    await plan(bot, [1001])
    clock.now = WEEK_BEFORE
    await schedule_reminders(bot.services)
    core = bot.core
    # The process stops here; the next one finds the queued reminder in the database.
    async with running(database_url, clock, core) as again:
        clock.advance(minutes=2)
        assert (await schedule_reminders(again.services)).deliveries == 0
        assert (await drain(again)).sent == 1
        assert (await drain(again)).sent == 0
    assert sent_to(core) == {1001: 1}


async def test_a_reminder_missed_by_a_short_downtime_is_sent_late_once(bot: BotHarness) -> None:
    await plan(bot, [1001])
    bot.clock.now = WEEK_BEFORE + timedelta(hours=5, minutes=59)
    await schedule_reminders(bot.services)
    await drain(bot)
    assert bot.shown("reminder.late") in bot.core.messages(1001, 0)[-1]["text"]
    await schedule_reminders(bot.services)
    assert sent_to(bot.core) == {1001: 1}


async def test_an_older_missed_reminder_is_skipped_and_logged(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await plan(bot, [1001])
    bot.clock.now = WEEK_BEFORE + timedelta(hours=6, minutes=1)
    with caplog.at_level(logging.WARNING, logger="bot.meetings.jobs_reminders"):
        report = await schedule_reminders(bot.services)
    assert (report.skipped, report.deliveries) == (1, 0)
    assert "skipped" in caplog.text
    assert (await drain(bot)).sent == 0
    assert (await schedule_reminders(bot.services)).skipped == 0  # logged once, not every minute


class CrashingBot:
    """Sends like the real bot until the process 'dies' before the n-th send."""

    def __init__(self, bot: Bot, crash_before: int) -> None:
        self.bot, self.left = bot, crash_before

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        if self.left == 0:
            raise asyncio.CancelledError
        self.left -= 1
        return await self.bot.send_message(*args, **kwargs)


async def test_crash_halfway_a_broadcast_of_500_no_duplicates_no_gaps(
    database_url: str, clock: FakeClock, bot: BotHarness
) -> None:
    recipients = list(range(20_000, 20_500))
    await plan(bot, recipients)
    clock.now = WEEK_BEFORE
    assert (await schedule_reminders(bot.services)).deliveries == 500
    with pytest.raises(asyncio.CancelledError):
        await drain(bot, cast(Bot, CrashingBot(bot.application.bot, crash_before=250)))
    core = bot.core
    assert sum(sent_to(core).values()) == 250
    async with running(database_url, clock, core) as again:
        await drain(again)  # rows nobody had claimed go at once
        clock.advance(seconds=LEASE.total_seconds())
        await drain(again)  # the claimed rows of the dead process after their lease
        async with again.services.db.transaction() as session:
            states = Counter(d.state for d in (await session.scalars(select(Delivery))).all())
    assert states == {"sent": 500}
    counts = sent_to(core)
    assert set(counts) == set(recipients)
    assert set(counts.values()) == {1}


async def test_flood_limit_pauses_the_queue_for_retry_after(bot: BotHarness) -> None:
    await plan(bot, [1001, 1002, 1003])
    bot.clock.now = WEEK_BEFORE
    await schedule_reminders(bot.services)
    bot.core.add_fault("sendMessage", 429, retry_after=1)
    report = await deliver_due(bot.application.bot, bot.services)
    assert (report.paused, report.sent, report.retried) == (True, 0, 1)
    assert (await deliver_due(bot.application.bot, bot.services)).sent == 0  # still waiting
    bot.clock.advance(seconds=1)
    assert (await drain(bot)).sent == 3
    assert sent_to(bot.core) == {1001: 1, 1002: 1, 1003: 1}


async def test_network_errors_back_off(bot: BotHarness) -> None:
    await plan(bot, [1001])
    bot.clock.now = WEEK_BEFORE
    await schedule_reminders(bot.services)
    bot.core.add_fault("sendMessage", 0, drop=True)
    assert (await deliver_due(bot.application.bot, bot.services)).retried == 1
    bot.clock.advance(seconds=29)
    assert (await drain(bot)).sent == 0
    bot.clock.advance(seconds=1)
    assert (await drain(bot)).sent == 1
    assert sent_to(bot.core)[1001] == 1


async def test_a_user_who_blocked_the_bot_gets_nothing_more(bot: BotHarness) -> None:
    await plan(bot, [1001, 1002])
    bot.core.block(1002)
    bot.clock.now = WEEK_BEFORE
    await schedule_reminders(bot.services)
    report = await drain(bot)
    assert (report.sent, report.blocked) == (1, 1)
    bot.clock.now = DAY_BEFORE
    assert (await schedule_reminders(bot.services)).deliveries == 1
    await drain(bot)
    async with bot.services.db.transaction() as session:
        states = [d.state for d in await DeliveryRepository(session).of_chat(1002)]
    assert states == ["blocked"]
    bot.core.unblock(1002)
    await bot.follow_link(user(1002), "wt_1")  # following the link again: unblocked
    async with bot.services.db.transaction() as session:
        assert await DeliveryRepository(session).blocked_chats([1002]) == set()


async def test_a_message_can_never_be_queued_twice(bot: BotHarness) -> None:
    now = bot.clock()
    async with bot.services.db.transaction() as session:
        repo = DeliveryRepository(session)
        assert await repo.enqueue([1, 2], "k", {"kind": "text"}, now) == 2
        assert await repo.enqueue([1, 2, 3], "k", {"kind": "text"}, now) == 1
    with pytest.raises(IntegrityError):
        async with bot.services.db.transaction() as session:
            session.add(
                Delivery(
                    chat_id=1,
                    message_key="k",
                    payload={},
                    state="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
