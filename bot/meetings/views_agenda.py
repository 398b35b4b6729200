"""What /agenda lists: upcoming occurrences of some wijktafels, a page at a time, with buttons.

Callback data: `ics:<meeting>:<yyyymmdd>` (one date), `ics:<meeting>` (the whole series),
`sub:<wijktafel>` (subscribe), `ag:<page>[:<area codes>]` (another page).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import Meeting, Wijktafel
from bot.i18n import Translator
from bot.meetings.recurrence import Occurrence, occurrences
from bot.meetings.repository import MeetingRepository
from bot.meetings.views import card, key_text
from bot.policy import MEETINGS_UPCOMING
from matching.gazetteer import Gazetteer

# A series with no date in the coming two months still shows its next one, looked for this far.
FURTHER = (timedelta(days=366), timedelta(days=5 * 366), timedelta(days=50 * 366))
PAGE = 4
PAGE_PATTERN = r"^ag:(\d+)(?::([A-Za-z0-9-]+))?$"
SUBSCRIBE_PATTERN = r"^sub:(\d+)$"


@dataclass(frozen=True)
class Item:
    """One occurrence in the listing."""

    occurrence: Occurrence
    meeting: Meeting
    table: Wijktafel


def tables_in_area(
    places: Gazetteer, codes: Collection[str], tables: Iterable[Wijktafel]
) -> list[Wijktafel]:
    """Wijktafels of this area: in it (a buurt of a wijk) or around it (its stadsdeel)."""
    wanted: set[str] = set()
    for code in codes:
        wanted |= places.subtree(code) | set(places.ancestors(code)) | {code}
    found = []
    for table in tables:
        place = places.resolve(table.area, fuzzy=False)
        if place is not None and wanted & set(place.codes):
            found.append(table)
    return found


async def upcoming(session: AsyncSession, tables: Sequence[Wijktafel], now: datetime) -> list[Item]:
    """Every occurrence of these wijktafels in the coming two months, soonest first; a series
    that meets less often shows at least its next date, however far away."""
    repo = MeetingRepository(session)
    by_id = {t.id: t for t in tables}
    found: list[Item] = []
    for meeting in await repo.meetings(list(by_id)):
        exceptions = await repo.exceptions(meeting.id)
        duration = timedelta(minutes=meeting.duration_minutes)
        dates = occurrences(
            meeting.starts_at, duration, meeting.rrule, exceptions, (now, now + MEETINGS_UPCOMING)
        )
        for further in FURTHER if not dates else ():
            window = (now, now + further)
            dates = occurrences(meeting.starts_at, duration, meeting.rrule, exceptions, window)[:1]
            if dates:
                break
        found += [Item(occ, meeting, by_id[meeting.wijktafel_id]) for occ in dates]
    return sorted(found, key=lambda item: item.occurrence.start)


def _button(label: str, data: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(label, callback_data=data)]


def page(
    t: Translator,
    items: Sequence[Item],
    number: int,
    *,
    area: tuple[str, str] | None = None,
    to_subscribe: Sequence[Wijktafel] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the listing; `area` is (name, codes) when listing an area."""
    pages = max(1, -(-len(items) // PAGE))
    number = min(max(number, 0), pages - 1)
    shown = items[number * PAGE : (number + 1) * PAGE]
    title = t("agenda.area_title", area=area[0]) if area else t("agenda.title")
    lines = [title]
    rows: list[list[InlineKeyboardButton]] = []
    series_done: set[int] = set()
    for item in shown:
        lines += ["", card(t, item.meeting, item.table, item.occurrence)]
        day = t.datetime(item.occurrence.start, "d MMM")
        single = f"ics:{item.meeting.id}:{key_text(item.occurrence.key)}"
        rows.append(_button(t.label("agenda.ics.one", day=day, title=item.meeting.title), single))
        if item.meeting.rrule and item.meeting.id not in series_done:
            series_done.add(item.meeting.id)
            label = t.label("agenda.ics.series", title=item.meeting.title)
            rows.append(_button(label, f"ics:{item.meeting.id}"))
    for table in to_subscribe:
        rows.append(_button(t.label("agenda.subscribe", name=table.name), f"sub:{table.id}"))
    if pages > 1:
        suffix = f":{area[1]}" if area else ""
        nav = []
        if number > 0:
            nav.append(
                InlineKeyboardButton(t("agenda.previous"), callback_data=f"ag:{number - 1}{suffix}")
            )
        if number < pages - 1:
            nav.append(
                InlineKeyboardButton(t("agenda.next"), callback_data=f"ag:{number + 1}{suffix}")
            )
        rows.append(nav)
        lines += ["", t("agenda.page", page=number + 1, pages=pages)]
    return "\n".join(lines), InlineKeyboardMarkup(rows)
