"""Every minute: start feedback rounds after meetings, remind once, and close polls.

Everything is read from the database on each run, so a restart loses and repeats nothing:
a round exists once per set and occurrence (unique key), messages go through the delivery
queue (unique per chat and key), and every stopped poll is marked in its own transaction.
Telegram's own `open_period` is at most ten minutes, so polls are closed here with stopPoll.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import JobQueue

from bot.context import BotContext, WijkApplication
from bot.db.models import FeedbackSet, Meeting
from bot.delivery.broadcast_cap import BroadcastCap
from bot.delivery.repository import DeliveryRepository
from bot.feedback.messages import HELD, held_key, message_key
from bot.feedback.repository_rounds import CLOSED, OPEN, FeedbackRoundRepository
from bot.feedback.repository_sets import FeedbackSetRepository
from bot.jobs.repeating import run_every
from bot.meetings.recurrence import occurrences
from bot.meetings.repository import (
    MeetingRepository,
    RsvpRepository,
    SubscriptionRepository,
)
from bot.policy import FEEDBACK_CATCH_UP
from bot.services import Services

JOB_NAME = "feedback-rounds"
log = logging.getLogger(__name__)
# The minute job and a run asked for right after a set was attached must not overlap.
_ONE_AT_A_TIME = asyncio.Lock()


@dataclass
class FeedbackReport:
    """What one run did."""

    rounds: int = 0
    held: int = 0  # rounds to all subscribers waiting for their sender's daily cap
    deliveries: int = 0
    reminders: int = 0
    closed_polls: int = 0
    closed_rounds: int = 0


def _sender(feedback_set: FeedbackSet) -> int | None:
    """Whose daily broadcast cap a round of this set counts against: the person who last
    changed a set that goes to all subscribers; None for a set that goes to who said yes."""
    return feedback_set.sender_id if feedback_set.audience == "all" else None


async def _recipients(
    session: AsyncSession, feedback_set: FeedbackSet, meeting: Meeting, key: date
) -> tuple[list[int], list[int]]:
    chats = await SubscriptionRepository(session).subscribers(meeting.wijktafel_id)
    groups = [c for c in chats if c < 0] if feedback_set.to_groups else []
    # A set for everyone whose sender asked to be forgotten has no cap to count against:
    # its rounds go to who said yes, until someone changes the set again.
    if _sender(feedback_set) is not None:
        return [c for c in chats if c > 0], groups
    answers = await RsvpRepository(session).of_occurrence(meeting.id, key)
    return sorted({a.user_id for a in answers if a.answer == "yes"}), groups


async def _start_set(
    session: AsyncSession, services: Services, feedback_set: FeedbackSet, now: datetime
) -> FeedbackReport:
    report = FeedbackReport()
    repo, rounds = MeetingRepository(session), FeedbackRoundRepository(session)
    deliveries = DeliveryRepository(session)
    settings = services.settings
    meetings = await repo.meetings([feedback_set.wijktafel_id])
    delay = timedelta(minutes=feedback_set.delay_minutes)
    for meeting in meetings:
        if feedback_set.meeting_id not in (None, meeting.id):
            continue
        duration = timedelta(minutes=meeting.duration_minutes)
        window = (now - delay - FEEDBACK_CATCH_UP, now - delay)
        exceptions = await repo.exceptions(meeting.id)
        for occ in occurrences(meeting.starts_at, duration, meeting.rrule, exceptions, window):
            if occ.end + delay > now or await rounds.known(feedback_set.id, meeting.id, occ.key):
                continue
            sender = _sender(feedback_set)
            if await _held(session, services, feedback_set, (meeting, occ.key), now):
                report.held += 1
                continue
            people, groups = await _recipients(session, feedback_set, meeting, occ.key)
            # Who blocked the bot gets nothing, so is not counted as asked either.
            blocked = await deliveries.blocked_chats(people)
            people = [p for p in people if p not in blocked]
            row = await rounds.start(
                feedback_set,
                meeting.id,
                occ.key,
                state=OPEN,
                now=now,
                remind_after=timedelta(hours=settings.feedback_reminder_hours),
                close_after=timedelta(hours=settings.feedback_close_hours),
                sent_by=sender,
            )
            await rounds.invite(row.id, people)
            base = {"round_id": row.id}
            everyone = people + groups
            count = await deliveries.enqueue(
                everyone, message_key(row.id, "intro"), {**base, "kind": "feedback_intro"}, now
            )
            for index in range(len(row.questions)):
                payload = {**base, "kind": "feedback_poll", "question": index}
                count += await deliveries.enqueue(
                    everyone, message_key(row.id, f"q{index}"), payload, now
                )
            if row.remark:
                payload = {**base, "kind": "feedback_remark"}
                count += await deliveries.enqueue(
                    people, message_key(row.id, "remark"), payload, now
                )
            report.rounds += 1
            report.deliveries += count
            log.info("feedback round %s: %s people, %s groups", row.id, len(people), len(groups))
    return report


async def _held(
    session: AsyncSession,
    services: Services,
    feedback_set: FeedbackSet,
    occurrence: tuple[Meeting, date],
    now: datetime,
) -> bool:
    """Whether a round to all subscribers waits for its sender's cap (as a /bericht message
    would); the sender is told once, with when it can go. The sender's lock stays taken until
    the transaction that starts the round ends, so the count and the round are one step."""
    sender, (meeting, key) = _sender(feedback_set), occurrence
    if sender is None:
        return False
    settings = services.settings
    cap = BroadcastCap(session, limit=settings.broadcasts_per_day, timezone=settings.timezone)
    state = await cap.check(sender, now)
    if not state.reached:
        return False
    payload = {
        "kind": HELD,
        "meeting_id": meeting.id,
        "occurrence": key.isoformat(),
        "limit": state.limit,
        "again_at": state.again_at.isoformat(),
    }
    key_of_notice = held_key(feedback_set.id, meeting.id, key, state.again_at.date())
    await DeliveryRepository(session).enqueue([sender], key_of_notice, payload, now)
    log.info("feedback round after meeting %s held: its sender's daily cap is reached", meeting.id)
    return True


async def start_rounds(services: Services) -> FeedbackReport:
    """Start every round whose meeting ended long enough ago; one transaction per set."""
    now = services.clock()
    total = FeedbackReport()
    async with services.db.transaction() as session:
        set_ids = [row.id for row in await FeedbackSetRepository(session).all()]
    for set_id in set_ids:
        try:
            async with services.db.transaction() as session:
                feedback_set = await FeedbackSetRepository(session).get(set_id)
                if feedback_set is None or not feedback_set.active or not feedback_set.questions:
                    continue
                report = await _start_set(session, services, feedback_set, now)
        except IntegrityError:
            # Another process started the same round first (unique per set and occurrence).
            log.info("feedback set %s: round already started elsewhere", set_id)
            continue
        total.rounds += report.rounds
        total.held += report.held
        total.deliveries += report.deliveries
    return total


async def send_reminders(services: Services) -> int:
    """Queue the one reminder to everyone of a due round who has not answered anything."""
    now = services.clock()
    queued = 0
    async with services.db.transaction() as session:
        rounds = FeedbackRoundRepository(session)
        for row in await rounds.due_reminders(now):
            answered = await rounds.respondents(row.id)
            chats = [
                i.chat_id
                for i in await rounds.invites(row.id)
                if i.chat_id is not None and i.id not in answered
            ]
            payload = {"kind": "feedback_reminder", "round_id": row.id}
            queued += await DeliveryRepository(session).enqueue(
                chats, message_key(row.id, "reminder"), payload, now
            )
            row.reminded = True
    return queued


async def close_rounds(bot: Bot, services: Services) -> FeedbackReport:
    """Stop the polls of rounds whose time is up; a round closes when all its polls are."""
    report = FeedbackReport()
    now = services.clock()
    async with services.db.transaction() as session:
        due = [row.id for row in await FeedbackRoundRepository(session).due_closing(now)]
    for round_id in due:
        async with services.db.transaction() as session:
            polls = [
                (p.poll_id, p.chat_id, p.message_id, p.invite_id is None)
                for p in await FeedbackRoundRepository(session).open_polls(round_id)
            ]
        pending = False
        for poll_id, chat_id, message_id, anonymous in polls:
            tallies: list[int] | None = None
            if chat_id is not None and message_id is not None:
                try:
                    stopped = await bot.stop_poll(chat_id, message_id)
                    if anonymous:
                        tallies = [option.voter_count for option in stopped.options]
                except RetryAfter:
                    pending = True
                    break
                except (BadRequest, Forbidden) as err:
                    # Already closed, deleted, or the bot was blocked: nothing left to stop.
                    log.info("poll %s not stopped: %s", poll_id, err)
                except TelegramError as err:
                    log.warning("poll %s: %s; trying again later", poll_id, err)
                    pending = True
                    continue
            async with services.db.transaction() as session:
                await FeedbackRoundRepository(session).mark_closed(poll_id, tallies)
            report.closed_polls += 1
        if pending:
            continue
        async with services.db.transaction() as session:
            row = await FeedbackRoundRepository(session).get(round_id)
            if row is not None and row.state == OPEN:
                row.state, row.closed_at = CLOSED, services.clock()
                report.closed_rounds += 1
    return report


async def feedback_job(context: BotContext) -> None:
    """The scheduled run: start rounds, remind, close (one run at a time in this process)."""
    async with _ONE_AT_A_TIME:
        await start_rounds(context.services)
        await send_reminders(context.services)
        await close_rounds(context.bot, context.services)


def check_soon(job_queue: JobQueue[Any] | None) -> None:
    """Run once in a moment (a set was just attached to a meeting that may have ended)."""
    if job_queue is not None:
        job_queue.run_once(feedback_job, when=1, name=f"{JOB_NAME}-now")


def register(application: WijkApplication) -> None:
    """Run every minute under a stable name."""
    run_every(application, feedback_job, interval=timedelta(minutes=1), first=15, name=JOB_NAME)
