"""What planning a meeting reads (the buttons to choose from, a page at a time) and stores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Meeting, Wijktafel
from bot.i18n import Translator
from bot.meetings.plan_steps import Data, start_of
from bot.meetings.recurrence import occurrences
from bot.meetings.repository import MeetingRepository
from bot.policy import PLANNING_LOOK_AHEAD

PAGE = 6


@dataclass(frozen=True)
class Choices:
    """One page of buttons to choose from: (label, argument), and whether more pages exist."""

    items: list[tuple[str, str]]
    page: int = 0
    more_before: bool = False
    more_after: bool = False


def _page(items: list[tuple[str, str]], page: int) -> Choices:
    pages = max(1, -(-len(items) // PAGE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * PAGE : (page + 1) * PAGE]
    return Choices(shown, page, page > 0, page < pages - 1)


async def _meetings_by_next_date(
    repo: MeetingRepository, now: datetime
) -> list[tuple[datetime, Meeting]]:
    found: list[tuple[datetime, Meeting]] = []
    for meeting in await repo.meetings():
        duration = timedelta(minutes=meeting.duration_minutes)
        exceptions = await repo.exceptions(meeting.id)
        window = (now, now + PLANNING_LOOK_AHEAD)
        upcoming = occurrences(meeting.starts_at, duration, meeting.rrule, exceptions, window)
        if upcoming:
            found.append((upcoming[0].start, meeting))
    return sorted(found, key=lambda pair: pair[0])


async def choices(
    session: AsyncSession, t: Translator, step: str, data: Data, now: datetime
) -> Choices:
    """The wijktafels (step `table`) or the meetings still to come (step `menu`) to pick."""
    repo = MeetingRepository(session)
    page = int(data.get("page", 0))
    if step == "table":
        return _page([(f"{w.name} ({w.area})", str(w.id)) for w in await repo.wijktafels()], page)
    if step != "menu":
        return Choices([])
    items = [
        (t.label("plan.menu.meeting", title=m.title, when=t.datetime(start, "d MMM")), str(m.id))
        for start, m in await _meetings_by_next_date(repo, now)
    ]
    return _page(items, page)


async def store_meeting(
    session: AsyncSession, user_id: int, data: Data, now: datetime
) -> tuple[Meeting, Wijktafel]:
    """Save the planned meeting (and its wijktafel, when new)."""
    repo = MeetingRepository(session)
    table = await repo.wijktafel(int(data["table_id"])) if data.get("table_id") else None
    if table is None:
        table = await repo.wijktafel_named(data["name"], data["area"])
    if table is None:
        table = await repo.add_wijktafel(data["name"], data["area"], user_id, now)
    start = start_of(data)
    end = datetime.fromisoformat(str(data["end"]))
    meeting = await repo.add_meeting(
        Meeting(
            wijktafel_id=table.id,
            title=data["title"],
            place=data["place"],
            starts_at=start,
            duration_minutes=int((end - start).total_seconds() // 60),
            rrule=data.get("rrule"),
            capacity=data.get("capacity"),
            agenda=data.get("agenda"),
            online_url=data.get("link"),
            latitude=data.get("lat"),
            longitude=data.get("lon"),
            created_by=user_id,
            created_at=now,
        )
    )
    return meeting, table
