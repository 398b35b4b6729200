"""Answers to "klopt dit nog?", and the coordinators' /verouderd and /controleer."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import CHECK_AREA, MY_INITIATIVE, STALE
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.owners.entry import open_entry, today
from bot.owners.questions import FRESHNESS_PATTERN, ask
from bot.owners.repository_freshness import FreshnessRepository
from bot.owners.repository_owners import OwnerRepository
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer
from matching.resources import default_gazetteer

MAX_LISTED = 30


@with_person(MY_INITIATIVE)
async def answered(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """ "ja, klopt" confirms, "aanpassen" opens the entry, "we zijn gestopt" pauses it."""
    match = callback_match(update, FRESHNESS_PATTERN)
    if match is None:
        return
    answer, key = match.group(1), match.group(2)
    owners = OwnerRepository(session)
    offer = await owners.owned_by_key(person.user_id, key)
    if offer is None:
        await send(update, person.t("owner.not_yours"))
        return
    now = context.services.clock()
    if answer == "yes":
        await owners.confirm(offer, person.user_id, today(context), now)
        await edit_or_send(update, person.t("fresh.yes.done", name=offer.name))
    elif answer == "stop":
        await owners.set_status(offer, "inactive", person.user_id, now)
        await edit_or_send(update, person.t("fresh.stop.done", name=offer.name))
    else:
        await open_entry(update, context, person, offer, in_place=False)


@with_person(STALE)
async def stale(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """/verouderd: entries whose owners did not answer, lowered or no longer shown."""
    rows = await FreshnessRepository(session).flagged()
    t = person.t
    if not rows:
        await send(update, t("fresh.stale.empty"))
        return
    lines = [t("fresh.stale.title", count=len(rows))]
    for check, offer in rows[:MAX_LISTED]:
        verified = t.date(offer.last_verified) if offer.last_verified else "-"
        state = t("fresh.stale.hidden" if check.hidden_at else "fresh.stale.lowered")
        lines.append(
            t("fresh.stale.item", name=offer.name, id=offer.id, verified=verified, state=state)
        )
    await send(update, "\n".join(lines))


def _in_area(offer: Offer, wanted: set[str]) -> bool:
    gazetteer = default_gazetteer()
    for name in offer.areas:
        place = gazetteer.resolve(name, fuzzy=False)
        if place is not None and wanted.intersection(place.codes):
            return True
    return False


@with_person(CHECK_AREA)
async def check_area(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/controleer <gebied>: ask the owners of every entry in that area at once."""
    t = person.t
    text = " ".join(context.args or [])
    if not text:
        await send(update, t("fresh.check.usage"))
        return
    gazetteer = default_gazetteer()
    place = gazetteer.resolve(text)
    if place is None:
        suggestions = ", ".join(gazetteer.suggest(text)) or "-"
        await send(update, t("fresh.check.unknown", area=text, suggestions=suggestions))
        return
    wanted = {code for c in place.codes for code in gazetteer.subtree(c)}
    offers = [o for o in await OfferRepository(session).all() if o.active and _in_area(o, wanted)]
    owners = OwnerRepository(session)
    now = context.services.clock()
    asked = without_owner = 0
    for offer in offers:
        if not await owners.owner_ids(offer.id):
            without_owner += 1
            continue
        await ask(context.bot, context.services, session, offer, now)
        asked += 1
    await send(
        update, t("fresh.check.done", area=place.name, asked=asked, without_owner=without_owner)
    )


def register(application: WijkApplication) -> None:
    """Add the answer buttons, /verouderd and /controleer."""
    application.add_handler(CallbackQueryHandler(answered, pattern=FRESHNESS_PATTERN))
    application.add_handler(CommandHandler(STALE.names, stale))
    application.add_handler(CommandHandler(CHECK_AREA.names, check_area))
