"""/cijfersoep (/digest): an organiser sends the gaps digest of a wijktafel's area to its
subscribers before a meeting, previewed first.

Organisers send for the wijktafels a coordinator made them organiser of; coordinators for
all. Each send counts against the sender's daily broadcast cap (`bot.delivery.broadcast_cap`),
goes through the delivery queue, and reaches each subscriber in their own language.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.commands import DIGEST
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.core.roles import Role
from bot.db.models import Wijktafel
from bot.delivery.broadcast_cap import BroadcastCap, day_start
from bot.delivery.repository import DeliveryRepository
from bot.feedback.repository_organisers import OrganiserRepository
from bot.gaps.aggregation import months_before
from bot.gaps.repository_digest import DigestRepository
from bot.gaps.tables import load_table, view_area
from bot.gaps.views import area_name
from bot.gaps.views_digest import DIGEST_KIND, digest_text, wijktafel_key
from bot.meetings.repository import MeetingRepository, SubscriptionRepository
from bot.policy import DIGEST_WIJKTAFEL_MONTHS
from matching.gazetteer import Gazetteer

PATTERN = r"^soup:"
VIEW = r"^soup:v:(\d+)$"
SEND = r"^soup:s:(\d+)$"
CANCEL = r"^soup:c$"


async def _may_send(session: AsyncSession, person: Person, wijktafel_id: int) -> bool:
    if person.has(Role.COORDINATOR):
        return True
    if not person.has(Role.ORGANISER):
        return False
    return wijktafel_id in await OrganiserRepository(session).wijktafels_of(person.user_id)


def wijktafel_area(gazetteer: Gazetteer, table: Wijktafel) -> str | None:
    """The area a wijktafel is for: the one its area name stands for, or the gebied or
    stadsdeel its parts share."""
    place = gazetteer.resolve(table.area)
    if place is None:
        return None
    if len(place.codes) == 1 and gazetteer.area(place.codes[0]) is not None:
        return place.codes[0]
    return view_area(gazetteer, place.codes)


async def _refuse(update: Update, person: Person) -> None:
    role = person.t("role.organiser")
    await send(update, person.t("refuse.role", command=DIGEST.name(person.language), role=role))


@with_person()
async def digest_command(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """The wijktafels this person may send a digest to, as buttons."""
    if not (person.has(Role.ORGANISER) or person.has(Role.COORDINATOR)):
        await _refuse(update, person)
        return
    subscriptions = SubscriptionRepository(session)
    rows = []
    for table in await MeetingRepository(session).wijktafels():
        if await _may_send(session, person, table.id):
            count = len(await subscriptions.subscribers(table.id))
            label = person.t.label("gaps.soup.pick", name=table.name, count=count)
            rows.append([InlineKeyboardButton(label, callback_data=f"soup:v:{table.id}")])
    if not rows:
        await send(update, person.t("gaps.soup.none"))
        return
    await send(update, person.t("gaps.soup.intro"), InlineKeyboardMarkup(rows))


@with_person()
async def digest_button(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Preview, send or cancel; who may send is checked again on every press."""
    t = person.t
    if callback_match(update, CANCEL):
        await edit_or_send(update, t("gaps.soup.cancelled"))
        return
    match = callback_match(update, VIEW) or callback_match(update, SEND)
    table = await MeetingRepository(session).wijktafel(int(match.group(1))) if match else None
    if match is None or table is None:
        await send(update, t("gaps.expired"))
        return
    matcher = await context.services.map.matcher(session)
    area = wijktafel_area(matcher.gazetteer, table)
    if not await _may_send(session, person, table.id):
        await send(update, t("gaps.soup.not_yours"))
    elif area is None:
        await edit_or_send(update, t("gaps.soup.no_area", name=table.name, area=table.area))
    elif callback_match(update, VIEW):
        await _preview(update, context, person, session, table, area=area)
    else:
        await _send_off(update, context, person, session, table, area=area)


def _period(context: BotContext) -> tuple[date, date]:
    services = context.services
    last = services.clock().astimezone(services.settings.timezone).date()
    return months_before(last, DIGEST_WIJKTAFEL_MONTHS), last


async def _preview(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    table: Wijktafel,
    *,
    area: str,
) -> None:
    """The digest as subscribers will see it, with send and cancel buttons."""
    t, services = person.t, context.services
    matcher = await services.map.matcher(session)
    first, last = _period(context)
    subscribers = await SubscriptionRepository(session).subscribers(table.id)
    digest = await load_table(session, services, area, first, last)
    period = t("gaps.digest.period", first=t.date(first, "d MMM y"), last=t.date(last, "d MMM y"))
    heading = t("gaps.digest.wijktafel", name=table.name, period=period)
    body = digest_text(t, matcher.gazetteer, matcher.thesaurus, heading, [digest])
    preview = t("gaps.soup.preview", count=len(subscribers)) + "\n\n" + body
    buttons = [
        InlineKeyboardButton(
            t("gaps.soup.send", count=len(subscribers)), callback_data=f"soup:s:{table.id}"
        ),
        InlineKeyboardButton(t("gaps.soup.cancel"), callback_data="soup:c"),
    ]
    await edit_or_send(update, preview, InlineKeyboardMarkup([buttons]))


async def _send_off(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    table: Wijktafel,
    *,
    area: str,
) -> None:
    """Queue the digest for every subscriber, unless the sender's daily cap is reached or
    the wijktafel had its digest today (a double press)."""
    t, services = person.t, context.services
    settings, now = services.settings, services.clock()
    cap = BroadcastCap(session, limit=settings.broadcasts_per_day, timezone=settings.timezone)
    # the sender's lock is held from here to the commit: the count and the queueing are one step
    state = await cap.check(person.user_id, now)
    digests = DigestRepository(session)
    if await digests.sent_since(table.id, day_start(now, settings.timezone)):
        await edit_or_send(update, t("gaps.soup.sent_today", name=table.name))
        return
    if state.reached:
        await send(update, t("broadcast.cap", limit=state.limit))
        return
    first, last = _period(context)
    row = await digests.record_sent(table.id, area, person.user_id, now)
    payload = {
        "kind": DIGEST_KIND,
        "areas": [area],
        "first": first.isoformat(),
        "last": last.isoformat(),
        "wijktafel_id": table.id,
    }
    subscribers = await SubscriptionRepository(session).subscribers(table.id)
    queued = await DeliveryRepository(session).enqueue(
        subscribers, wijktafel_key(row.id), payload, now
    )
    matcher = await services.map.matcher(session)
    name = area_name(matcher.gazetteer, area)
    await edit_or_send(update, t("gaps.soup.queued", count=queued, name=table.name, area=name))


def register(application: WijkApplication) -> None:
    """Add /cijfersoep (/digest) and its buttons."""
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(DIGEST.names, digest_command, filters=private))
    application.add_handler(CallbackQueryHandler(digest_button, pattern=PATTERN))
