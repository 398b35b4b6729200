"""Texts, keyboards and callback data of the wijktafel journeys, in one place."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.repository_users import UserRepository
from bot.core.services import Services
from bot.db.models import Meeting, Wijktafel
from bot.delivery.renderers import register_renderer
from bot.i18n import Translator
from bot.meetings.ics import CalendarEvent
from bot.meetings.recurrence import AMSTERDAM, Occurrence, occurrences
from bot.meetings.repository import BroadcastRepository, MeetingRepository
from bot.meetings.rules import describe

RSVP_PATTERN = r"^rsvp:(\d+):(\d{8}):(y|m|n)$"
UNSUB_PATTERN = r"^unsub:(\d+)$"
ICS_PATTERN = r"^ics:(\d+)(?::(\d{8}))?$"
BROADCAST_PATTERN = r"^bc:(\d+):(send|cancel)$"
ANSWERS = {"y": "yes", "m": "maybe", "n": "no"}
DEEP_LINK_PREFIX = "wt_"
# the kinds of queued messages this room renders (`render_delivery`)
KINDS = ("broadcast", "report", "date_change", "reminder", "moved_up")


@dataclass(frozen=True)
class Rendered:
    """A message ready to send."""

    text: str
    markup: InlineKeyboardMarkup | None


def key_text(key: date) -> str:
    """An occurrence key in callback data: 20261201."""
    return key.strftime("%Y%m%d")


def key_from(text: str) -> date:
    """The occurrence key back from callback data."""
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def deep_link(bot_username: str, wijktafel_id: int, group: bool = False) -> str:
    """The link coordinators share: opens the bot and subscribes (a person or a group)."""
    kind = "startgroup" if group else "start"
    return f"https://t.me/{bot_username}?{kind}={DEEP_LINK_PREFIX}{wijktafel_id}"


def map_link(latitude: float, longitude: float) -> str:
    """A map that opens at the meeting place in any browser."""
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.6f}&mlon={longitude:.6f}"
        f"#map=18/{latitude:.6f}/{longitude:.6f}"
    )


def card_key(title: str, wijktafel: str, area: str) -> str:
    """The card's header without repeats: the series only when the title is another name,
    the area only when the names do not already say it."""
    same = title.casefold() == wijktafel.casefold()
    named = title if same else wijktafel
    area_said = area.casefold() in named.casefold()
    if same:
        return "meeting.card.title_only" if area_said else "meeting.card.title_area"
    return "meeting.card.no_area" if area_said else "meeting.card"


def card(t: Translator, meeting: Meeting, wijktafel: Wijktafel, occurrence: Occurrence) -> str:
    """The meeting card: title, series, date and time, place, and what else is known."""
    lines = [
        t(
            card_key(meeting.title, wijktafel.name, wijktafel.area),
            title=meeting.title,
            wijktafel=wijktafel.name,
            area=wijktafel.area,
            when=t.datetime(occurrence.start, "EEEE d MMMM HH:mm"),
            until=t.datetime(occurrence.end, "HH:mm"),
            place=meeting.place,
        )
    ]
    if meeting.latitude is not None and meeting.longitude is not None:
        lines.append(t("meeting.card.map", link=map_link(meeting.latitude, meeting.longitude)))
    if meeting.online_url:
        lines.append(t("meeting.card.online", link=meeting.online_url))
    if meeting.agenda:
        lines.append(t("meeting.card.agenda", agenda=meeting.agenda))
    if meeting.capacity is not None:
        lines.append(t("meeting.card.capacity", capacity=meeting.capacity))
    return "\n".join(lines)


def reminder_keyboard(
    t: Translator, meeting: Meeting, wijktafel: Wijktafel, key: date
) -> InlineKeyboardMarkup:
    """RSVP buttons for this occurrence, and one button to unsubscribe."""
    base = f"rsvp:{meeting.id}:{key_text(key)}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("rsvp.yes"), callback_data=f"{base}:y"),
                InlineKeyboardButton(t("rsvp.maybe"), callback_data=f"{base}:m"),
                InlineKeyboardButton(t("rsvp.no"), callback_data=f"{base}:n"),
            ],
            [
                InlineKeyboardButton(
                    t("unsub.button", name=wijktafel.name), callback_data=f"unsub:{wijktafel.id}"
                )
            ],
        ]
    )


def unsubscribe_keyboard(t: Translator, wijktafel: Wijktafel) -> InlineKeyboardMarkup:
    """Only the button to stop getting messages of this wijktafel."""
    label = t.label("unsub.button", name=wijktafel.name)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"unsub:{wijktafel.id}")]]
    )


def broadcast_text(t: Translator, wijktafel: Wijktafel, text: str) -> str:
    """A coordinator's message as subscribers see it (their text is shown, never parsed)."""
    return t("broadcast.header", name=wijktafel.name) + "\n\n" + html.escape(text)


def _lead(t: Translator, days_before: int) -> str:
    if days_before == 0:
        return t("reminder.today")
    if days_before == 1:
        return t("reminder.tomorrow")
    if days_before == 7:
        return t("reminder.week")
    return t("reminder.days", days=days_before)


async def created_lines(
    t: Translator, repo: MeetingRepository, meeting: Meeting, table: Wijktafel, username: str
) -> list[str]:
    """What a coordinator sees after planning: the first date's card and the share links."""
    lines = [t("meeting.created")]
    first = await occurrence_of(repo, meeting, meeting.starts_at.astimezone(AMSTERDAM).date())
    if first is not None:
        shown = card(t, meeting, table, first)
        if meeting.rrule:
            # The recurrence the coordinator confirmed in the preview, kept in the saved card.
            shown += "\n" + t("plan.summary.repeat", repeat=describe(t, meeting.rrule))
        lines.append(shown)
    link, group_link = deep_link(username, table.id), deep_link(username, table.id, group=True)
    lines.append(t("meeting.links", link=link, group_link=group_link))
    return lines


async def occurrence_of(repo: MeetingRepository, meeting: Meeting, key: date) -> Occurrence | None:
    """The occurrence of a meeting whose original date is `key` (None: cancelled or none)."""
    exceptions = await repo.exceptions(meeting.id)
    duration = timedelta(minutes=meeting.duration_minutes)
    moved = exceptions.get(key)
    low = datetime.combine(key, datetime.min.time(), tzinfo=meeting.starts_at.tzinfo)
    after, before = low - timedelta(days=2), low + timedelta(days=3)
    if moved is not None:
        after, before = min(after, moved - duration), max(before, moved + duration)
    found = occurrences(meeting.starts_at, duration, meeting.rrule, exceptions, (after, before))
    return next((o for o in found if o.key == key), None)


async def meeting_event(
    repo: MeetingRepository, meeting: Meeting, table: Wijktafel, key: date | None
) -> CalendarEvent | None:
    """A meeting for a calendar: the whole series with its RRULE and moved dates, or the one
    date whose original date is `key` (None when that date is cancelled or none)."""
    details = [f"{table.name} ({table.area})", meeting.agenda or "", meeting.online_url or ""]
    uid = f"meeting-{meeting.id}"
    if key is not None:
        occurrence = await occurrence_of(repo, meeting, key)
        if occurrence is None:
            return None
        uid, start, rule, exceptions = f"{uid}-{key:%Y%m%d}", occurrence.start, None, None
    else:
        start, rule = meeting.starts_at, meeting.rrule
        exceptions = await repo.exceptions(meeting.id)
    return CalendarEvent(
        uid=f"{uid}@wijkwijzer",
        title=meeting.title,
        place=meeting.place,
        description="\n".join(line for line in details if line),
        start=start,
        duration=timedelta(minutes=meeting.duration_minutes),
        rule=rule,
        exceptions=exceptions,
    )


async def chat_translator(session: AsyncSession, services: Services, chat_id: int) -> Translator:
    """The language of a person's private chat; groups get the default language."""
    row = await UserRepository(session).get(chat_id) if chat_id > 0 else None
    return services.catalogues.translator(row.language if row else None)


def register_renderers() -> None:
    """Tell the delivery queue's sender that this room renders its kinds of message."""
    for kind in KINDS:
        register_renderer(kind, render_delivery)


async def render_delivery(
    session: AsyncSession, services: Services, chat_id: int, payload: dict[str, Any]
) -> Rendered | None:
    """The message a queued delivery stands for, in the recipient's language (None: gone)."""
    t = await chat_translator(session, services, chat_id)
    repo = MeetingRepository(session)
    if payload.get("kind") == "broadcast":
        broadcast = await BroadcastRepository(session).get(int(payload["broadcast_id"]))
        table = await repo.wijktafel(broadcast.wijktafel_id) if broadcast else None
        if broadcast is None or table is None:
            return None
        return Rendered(broadcast_text(t, table, broadcast.text), unsubscribe_keyboard(t, table))
    if payload.get("kind") == "report":
        return await _render_report(repo, session, t, payload)
    if payload.get("kind") == "date_change":
        return await _render_date_change(repo, t, payload)
    if payload.get("kind") not in {"reminder", "moved_up"}:
        return None
    return await _render_meeting_message(repo, t, payload)


async def _render_date_change(
    repo: MeetingRepository, t: Translator, payload: dict[str, Any]
) -> Rendered | None:
    """A subscriber hears that a date moved, was cancelled or goes ahead after all."""
    meeting = await repo.meeting(int(payload["meeting_id"]))
    table = await repo.wijktafel(meeting.wijktafel_id) if meeting else None
    if meeting is None or table is None:
        return None
    key = date.fromisoformat(str(payload["occurrence"]))
    change = str(payload["change"])
    text = t(f"change.{change}", title=meeting.title, day=t.date(key, "EEEE d MMMM"))
    occurrence = await occurrence_of(repo, meeting, key)
    if change == "cancelled" or occurrence is None:
        return Rendered(text, unsubscribe_keyboard(t, table))
    text += "\n\n" + card(t, meeting, table, occurrence)
    return Rendered(text, reminder_keyboard(t, meeting, table, key))


async def _render_meeting_message(
    repo: MeetingRepository, t: Translator, payload: dict[str, Any]
) -> Rendered | None:
    """A reminder, or the news that someone moved up from the waiting list."""
    meeting = await repo.meeting(int(payload["meeting_id"]))
    if meeting is None:
        return None
    wijktafel = await repo.wijktafel(meeting.wijktafel_id)
    key = date.fromisoformat(str(payload["occurrence"]))
    occurrence = await occurrence_of(repo, meeting, key)
    if wijktafel is None or occurrence is None:
        return None
    if payload.get("kind") == "moved_up":
        text = t("waitlist.moved_up") + "\n\n" + card(t, meeting, wijktafel, occurrence)
        return Rendered(text, reminder_keyboard(t, meeting, wijktafel, key))
    parts = [_lead(t, int(payload["days_before"])), card(t, meeting, wijktafel, occurrence)]
    if payload.get("late"):
        parts.append(t("reminder.late"))
    return Rendered("\n\n".join(parts), reminder_keyboard(t, meeting, wijktafel, key))


async def _render_report(
    repo: MeetingRepository, session: AsyncSession, t: Translator, payload: dict[str, Any]
) -> Rendered | None:
    """The coordinator's delivery report of a finished reminder run or broadcast."""
    counts = {k: int(payload.get(k, 0)) for k in ("sent", "failed", "blocked")}
    if payload.get("about") == "broadcast":
        broadcast = await BroadcastRepository(session).get(int(payload["broadcast_id"]))
        table = await repo.wijktafel(broadcast.wijktafel_id) if broadcast else None
        if table is None:
            return None
        return Rendered(t("report.broadcast", name=table.name, **counts), None)
    meeting = await repo.meeting(int(payload["meeting_id"]))
    if meeting is None:
        return None
    key = date.fromisoformat(str(payload["occurrence"]))
    occurrence = await occurrence_of(repo, meeting, key)
    start = occurrence.start if occurrence else meeting.starts_at
    when = t.datetime(start, "EEEE d MMMM HH:mm")
    return Rendered(t("report.reminder", title=meeting.title, when=when, **counts), None)
