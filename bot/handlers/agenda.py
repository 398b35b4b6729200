"""/agenda: the upcoming meetings of this chat's wijktafels, with "zet in agenda" (.ics)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.commands import AGENDA
from bot.context import BotContext, WijkApplication
from bot.db.models import Meeting, Wijktafel
from bot.db.repositories.meetings import MeetingRepository, SubscriptionRepository
from bot.handlers.base import send, with_person
from bot.handlers.meetings_views import ICS_PATTERN, card
from bot.meetings.ics import CalendarEvent, calendar
from bot.meetings.recurrence import Occurrence, occurrences
from bot.people import Person
from bot.roles import Role

UPCOMING = timedelta(days=60)
MAX_LISTED = 10


@with_person(AGENDA)
async def agenda(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """List what is coming for the wijktafels this chat (person or group) is subscribed to."""
    chat = update.effective_chat
    if chat is None:
        return
    tables = {t.id: t for t in await SubscriptionRepository(session).of_chat(chat.id)}
    if not tables:
        await send(update, person.t("agenda.empty"))
        return
    now = context.services.clock()
    repo = MeetingRepository(session)
    found: list[tuple[Occurrence, Meeting, Wijktafel]] = []
    for meeting in await repo.meetings(list(tables)):
        exceptions = await repo.exceptions(meeting.id)
        duration = timedelta(minutes=meeting.duration_minutes)
        window = (now, now + UPCOMING)
        for occ in occurrences(meeting.starts_at, duration, meeting.rrule, exceptions, window):
            found.append((occ, meeting, tables[meeting.wijktafel_id]))
    if not found:
        await send(update, person.t("agenda.nothing"))
        return
    found.sort(key=lambda item: item[0].start)
    lines = [person.t("agenda.title")]
    buttons: list[list[InlineKeyboardButton]] = []
    for occ, meeting, table in found[:MAX_LISTED]:
        lines += ["", card(person.t, meeting, table, occ)]
        if not any(row[0].callback_data == f"ics:{meeting.id}" for row in buttons):
            label = person.t("agenda.ics", title=meeting.title)
            buttons.append([InlineKeyboardButton(label, callback_data=f"ics:{meeting.id}")])
    await send(update, "\n".join(lines), InlineKeyboardMarkup(buttons))


@with_person()
async def send_ics(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """The "zet in agenda" button: the meeting (with its RRULE) as an .ics file."""
    query, chat = update.callback_query, update.effective_chat
    match = re.match(ICS_PATTERN, query.data or "") if query else None
    if match is None or chat is None:
        return
    repo = MeetingRepository(session)
    meeting = await repo.meeting(int(match.group(1)))
    if meeting is None:
        await send(update, person.t("rsvp.gone"))
        return
    subscribed = await SubscriptionRepository(session).subscribers(meeting.wijktafel_id)
    if chat.id not in subscribed and not person.has(Role.COORDINATOR):
        await send(update, person.t("unsub.none"))
        return
    table = await repo.wijktafel(meeting.wijktafel_id)
    event = CalendarEvent(
        uid=f"meeting-{meeting.id}@wijkwijzer",
        title=meeting.title,
        place=meeting.place,
        description=f"{table.name} ({table.area})" if table else "",
        start=meeting.starts_at,
        duration=timedelta(minutes=meeting.duration_minutes),
        rule=meeting.rrule,
        exceptions=await repo.exceptions(meeting.id),
    )
    data = calendar(event, context.services.clock())
    await context.bot.send_document(
        chat.id,
        document=data,
        filename=f"wijktafel-{meeting.id}.ics",
        caption=person.t("agenda.ics.caption", title=meeting.title),
    )


def register(application: WijkApplication) -> None:
    """Add /agenda and its calendar button."""
    application.add_handler(CommandHandler(AGENDA.names, agenda))
    application.add_handler(CallbackQueryHandler(send_ics, pattern=ICS_PATTERN))
