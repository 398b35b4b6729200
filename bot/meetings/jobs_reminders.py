"""Every minute: queue the reminders that are due, each exactly once.

Schedules are computed from the meetings in the database on every run, so nothing is lost
when the process restarts. A reminder whose time passed during a short downtime (at most six
hours) goes out once, late, with a note; an older one is skipped and logged. A meeting planned
(or rescheduled) on short notice gets only its latest reminder whose time has passed, if that
was at most six hours ago.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import BotContext, WijkApplication
from bot.db.models import Meeting, Wijktafel
from bot.delivery.repository import DeliveryRepository
from bot.jobs.repeating import run_every
from bot.meetings.keys import reminder_key
from bot.meetings.recurrence import occurrences, parse_offsets, reminder_time
from bot.meetings.repository import (
    MeetingRepository,
    ReminderRunRepository,
    SubscriptionRepository,
)
from bot.policy import REMINDER_LATE_LIMIT
from bot.services import Services

JOB_NAME = "meeting-reminders"
# Within this, a reminder counts as on time (the job runs every minute).
ON_TIME = timedelta(minutes=5)
log = logging.getLogger(__name__)


@dataclass
class ScheduleReport:
    """What one run of the scheduler queued and skipped."""

    reminders: int = 0
    deliveries: int = 0
    skipped: int = 0


async def _meeting_reminders(
    session: AsyncSession, wijktafel: Wijktafel, meeting: Meeting, now: datetime
) -> ScheduleReport:
    report = ScheduleReport()
    repo, runs = MeetingRepository(session), ReminderRunRepository(session)
    offsets = parse_offsets(wijktafel.reminder_offsets)
    at = time.fromisoformat(wijktafel.reminder_time)
    duration = timedelta(minutes=meeting.duration_minutes)
    horizon = now + timedelta(days=max(offsets, default=0) + 1)
    exceptions = await repo.exceptions(meeting.id)
    for occ in occurrences(meeting.starts_at, duration, meeting.rrule, exceptions, (now, horizon)):
        if occ.start <= now:
            continue
        # On short notice (planned after a reminder's time) only the latest due one is sent.
        latest = min((d for d in offsets if reminder_time(occ, d, at) <= now), default=None)
        for days in offsets:
            due = reminder_time(occ, days, at)
            if due > now or await runs.done(meeting.id, occ.key, days):
                continue
            short_notice = due < meeting.created_at
            if short_notice and (days != latest or now - due > REMINDER_LATE_LIMIT):
                # Planned after this reminder's time: nothing was missed.
                await runs.record(meeting.id, occ.key, days, "skipped", now)
                continue
            if now - due > REMINDER_LATE_LIMIT:
                await runs.record(meeting.id, occ.key, days, "skipped", now)
                log.warning(
                    "reminder %s skipped: due %s, more than %s ago",
                    reminder_key(meeting.id, occ.key.isoformat(), days),
                    due.isoformat(),
                    REMINDER_LATE_LIMIT,
                )
                report.skipped += 1
                continue
            chats = await SubscriptionRepository(session).subscribers(wijktafel.id)
            payload = {
                "kind": "reminder",
                "meeting_id": meeting.id,
                "occurrence": occ.key.isoformat(),
                "days_before": days,
                "late": now - due > ON_TIME and not short_notice,
            }
            key = reminder_key(meeting.id, occ.key.isoformat(), days)
            report.deliveries += await DeliveryRepository(session).enqueue(chats, key, payload, now)
            await runs.record(meeting.id, occ.key, days, "queued", now)
            report.reminders += 1
    return report


async def schedule_reminders(services: Services) -> ScheduleReport:
    """Queue every reminder that is due and not yet queued; one transaction per meeting."""
    now = services.clock()
    total = ScheduleReport()
    async with services.db.transaction() as session:
        meeting_ids = [m.id for m in await MeetingRepository(session).meetings()]
    for meeting_id in meeting_ids:
        async with services.db.transaction() as session:
            repo = MeetingRepository(session)
            meeting = await repo.meeting(meeting_id)
            wijktafel = await repo.wijktafel(meeting.wijktafel_id) if meeting else None
            if meeting is None or wijktafel is None:
                continue
            report = await _meeting_reminders(session, wijktafel, meeting, now)
        total.reminders += report.reminders
        total.deliveries += report.deliveries
        total.skipped += report.skipped
    return total


async def scheduler_job(context: BotContext) -> None:
    """The scheduled run of `schedule_reminders`."""
    await schedule_reminders(context.services)


def check_soon(context: BotContext) -> None:
    """Run the scheduler once right away, e.g. after a coordinator changed a schedule."""
    queue = cast("WijkApplication", context.application).job_queue
    if queue is not None:
        queue.run_once(scheduler_job, 1, name=f"{JOB_NAME}-now")


def register(application: WijkApplication) -> None:
    """Check for due reminders every minute under a stable name."""
    run_every(application, scheduler_job, interval=timedelta(minutes=1), first=10, name=JOB_NAME)
