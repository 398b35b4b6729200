"""/agenda: upcoming meetings of this chat's wijktafels, or of an area (`/agenda Oost`).

Each occurrence has a "zet in agenda" button (that date as an .ics file) and each series one
for the whole series (with its RRULE); an area's page offers to subscribe to its wijktafels.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import AGENDA
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.core.repository_users import UserRepository
from bot.delivery.repository import DeliveryRepository
from bot.meetings.handlers.wijktafel import pressed_wijktafel
from bot.meetings.ics import calendar
from bot.meetings.repository import MeetingRepository, SubscriptionRepository
from bot.meetings.views import ICS_PATTERN, key_from, meeting_event
from bot.meetings.views_agenda import (
    PAGE_PATTERN,
    SUBSCRIBE_PATTERN,
    page,
    tables_in_area,
    upcoming,
)
from matching.resources import default_gazetteer


async def _listing(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    *,
    number: int,
    area_text: str | None,
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    t, now = person.t, context.services.clock()
    subscribed = await SubscriptionRepository(session).of_chat(chat.id)
    if area_text is None:
        if not subscribed:
            # Also right after unsubscribing: "not subscribed now", not "not yet".
            await send(update, t("agenda.none_now"))
            return
        items = await upcoming(session, subscribed, now)
        if not items:
            await send(update, t("agenda.nothing"))
            return
        await edit_or_send(update, *page(t, items, number))
        return
    places = default_gazetteer()
    codes = area_text.split("-") if update.callback_query else None
    place = places.place_of(codes[0]) if codes else places.resolve(area_text)
    if place is None:
        suggestions = ", ".join(places.suggest(area_text, limit=3)) or "-"
        await send(update, t("agenda.area_unknown", value=area_text, suggestions=suggestions))
        return
    codes = codes or list(place.codes)
    tables = tables_in_area(places, codes, await MeetingRepository(session).wijktafels())
    if not tables:
        await send(update, t("agenda.area_none", area=place.name))
        return
    known = {table.id for table in subscribed}
    others = [table for table in tables if table.id not in known]
    items = await upcoming(session, tables, now)
    text, markup = page(t, items, number, area=(place.name, "-".join(codes)), to_subscribe=others)
    if not items:
        text = t("agenda.area_title", area=place.name) + "\n\n" + t("agenda.nothing")
    await edit_or_send(update, text, markup)


@with_person(AGENDA)
async def agenda(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/agenda, or /agenda <buurt, wijk, gebied or stadsdeel>."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    area = parts[1].strip() if len(parts) == 2 and parts[1].strip() else None
    await _listing(update, context, person, session, number=0, area_text=area)


@with_person()
async def turn_page(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """The previous and next buttons under a listing: another page of the same listing."""
    match = callback_match(update, PAGE_PATTERN)
    if match is None:
        return
    await _listing(
        update, context, person, session, number=int(match.group(1)), area_text=match.group(2)
    )


@with_person()
async def send_ics(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """ "Zet in agenda": one date, or the whole series with its RRULE, as an .ics file."""
    chat = update.effective_chat
    match = callback_match(update, ICS_PATTERN)
    if match is None or chat is None:
        return
    repo = MeetingRepository(session)
    meeting = await repo.meeting(int(match.group(1)))
    table = await repo.wijktafel(meeting.wijktafel_id) if meeting else None
    try:
        key = key_from(match.group(2)) if match.group(2) else None
    except ValueError:
        return
    event = await meeting_event(repo, meeting, table, key) if meeting and table else None
    if meeting is None or event is None:
        await send(update, person.t("rsvp.gone"))
        return
    name = f"wijktafel-{meeting.id}" + (f"-{key:%Y%m%d}" if key is not None else "")
    await context.bot.send_document(
        chat.id,
        document=calendar(event, context.services.clock()),
        filename=f"{name}.ics",
        caption=person.t("agenda.ics.caption", title=meeting.title),
    )


@with_person()
async def subscribe(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """ "Aanmelden" on an area's page: this person (or, by an admin, this group) subscribes."""
    chat = update.effective_chat
    pressed = await pressed_wijktafel(update, context, person, session, SUBSCRIBE_PATTERN)
    if pressed is None or chat is None:
        return
    table, group = pressed
    now = context.services.clock()
    if not group:
        await DeliveryRepository(session).unblock_chat(person.user_id)
        if not person.registered:
            # Pressing it is agreeing that the bot keeps the subscription (said in the reply).
            await UserRepository(session).register(person.user_id, person.language, now)
    new = await SubscriptionRepository(session).subscribe(table.id, chat.id, person.user_id, now)
    prefix = "subscribe.group" if group else "subscribe"
    key = f"{prefix}.done" if new else f"{prefix}.already"
    await send(update, person.t(key, name=table.name, area=table.area))


def register(application: WijkApplication) -> None:
    """Add /agenda, its pages, its calendar buttons and its subscribe buttons."""
    application.add_handler(CommandHandler(AGENDA.names, agenda))
    application.add_handler(CallbackQueryHandler(turn_page, pattern=PAGE_PATTERN))
    application.add_handler(CallbackQueryHandler(send_ics, pattern=ICS_PATTERN))
    application.add_handler(CallbackQueryHandler(subscribe, pattern=SUBSCRIBE_PATTERN))
