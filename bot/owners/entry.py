"""One entry shown to its owner with their buttons, and a co-owner's invite accepted.

Used by /mijninitiatief, by the answers to "klopt dit nog?" and by /start's invite link.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatType

from bot.core.context import BotContext
from bot.core.handling import edit_or_send, send
from bot.core.person import Person
from bot.owners.repository_owners import INVITE_PREFIX, OwnerRepository
from bot.owners.views import entry_menu
from matching.offer import Offer


def today(context: BotContext) -> date:
    """The date in Amsterdam."""
    services = context.services
    return services.clock().astimezone(services.settings.timezone).date()


async def open_entry(
    update: Update, context: BotContext, person: Person, offer: Offer, *, in_place: bool
) -> None:
    """Show one entry with the owner's buttons."""
    text, markup = entry_menu(person.t, offer, today(context))
    if in_place:
        await edit_or_send(update, text, markup)
    else:
        await send(update, text, markup)


async def accept_invite(
    update: Update, context: BotContext, person: Person, session: AsyncSession, payload: str
) -> None:
    """`/start co_<token>`: become co-owner of an entry (the link works once, for a week)."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await send(update, person.t("owner.invite.private"))
        return
    now = context.services.clock()
    if not person.registered:
        # Consent comes first (/start asks it, carrying the link along); nothing is stored.
        await send(update, person.t("start.first"))
        return
    owners = OwnerRepository(session)
    outcome, offer_id = await owners.redeem(payload[len(INVITE_PREFIX) :], person.user_id, now)
    offer = next((o for o in await owners.owned(person.user_id) if o.id == offer_id), None)
    name = offer.name if offer is not None else ""
    await send(update, person.t(f"owner.invite.{outcome}", name=name))
    if outcome == "ok" and offer is not None:
        await open_entry(update, context, person, offer, in_place=False)
