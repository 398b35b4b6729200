"""Every minute: a short report (sent / failed / blocked) to the coordinator behind each
reminder run and broadcast whose deliveries have all finished.

The report itself goes through the delivery queue under the key `report:<message key>`, which
the queue accepts once per chat, so a restart or a second process never sends it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import BotContext, WijkApplication
from bot.delivery.repository import (
    BLOCKED,
    FAILED,
    IN_FLIGHT,
    PENDING,
    SENDING,
    SENT,
    DeliveryRepository,
)
from bot.jobs.repeating import run_every
from bot.meetings.keys import broadcast_key, reminder_key
from bot.meetings.repository import (
    BroadcastRepository,
    MeetingRepository,
    ReminderRunRepository,
)
from bot.policy import DELIVERY_REPORT_LOOK_BACK
from bot.services import Services

JOB_NAME = "delivery-reports"


@dataclass(frozen=True)
class Finished:
    """A message whose deliveries may all be done, and who hears how it went."""

    key: str
    coordinator: int | None
    payload: dict[str, Any]


async def _candidates(session: AsyncSession, since: Any) -> list[Finished]:
    repo = MeetingRepository(session)
    found: list[Finished] = []
    for run in await ReminderRunRepository(session).queued_since(since):
        meeting = await repo.meeting(run.meeting_id)
        if meeting is None:
            continue
        table = await repo.wijktafel(meeting.wijktafel_id)
        coordinator = meeting.created_by or (table.created_by if table else None)
        key = reminder_key(run.meeting_id, run.occurrence.isoformat(), run.days_before)
        about = {
            "about": "reminder",
            "meeting_id": run.meeting_id,
            "occurrence": run.occurrence.isoformat(),
        }
        found.append(Finished(key, coordinator, about))
    for row in await BroadcastRepository(session).queued_since(since):
        about = {"about": "broadcast", "broadcast_id": row.id}
        found.append(Finished(broadcast_key(row.id), row.created_by, about))
    return found


async def send_reports(services: Services) -> int:
    """Queue a report for every finished run or broadcast not reported yet; how many."""
    now = services.clock()
    queued = 0
    async with services.db.transaction() as session:
        deliveries = DeliveryRepository(session)
        for item in await _candidates(session, now - DELIVERY_REPORT_LOOK_BACK):
            if item.coordinator is None:
                continue
            counts = await deliveries.counts(item.key)
            if not counts or any(counts.get(s, 0) for s in (PENDING, SENDING, IN_FLIGHT)):
                continue
            payload = {
                "kind": "report",
                **item.payload,
                "sent": counts.get(SENT, 0),
                "failed": counts.get(FAILED, 0),
                "blocked": counts.get(BLOCKED, 0),
            }
            queued += await deliveries.enqueue(
                [item.coordinator], f"report:{item.key}", payload, now
            )
    return queued


async def reports_job(context: BotContext) -> None:
    """The scheduled run of `send_reports`."""
    await send_reports(context.services)


def register(application: WijkApplication) -> None:
    """Look for finished runs every minute under a stable name."""
    run_every(application, reports_job, interval=timedelta(minutes=1), first=20, name=JOB_NAME)
