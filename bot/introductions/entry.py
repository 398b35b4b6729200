"""Starting a warm introduction for one entry: from a search card's button, or from a link
on the public pages (`t.me/<bot>?start=intro_…`, through /start)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.core.context import BotContext
from bot.core.handling import send
from bot.core.person import Person
from bot.core.repository_users import UserRepository
from bot.introductions.links import linked_id
from bot.introductions.repository import IntroRepository
from bot.introductions.rules import MAX_MESSAGE
from bot.introductions.views import cancel_keyboard
from bot.policy import INTRO_DAILY_LIMIT, INTRO_LIMIT_PERIOD
from matching.matcher import Matcher
from matching.offer import Offer


async def begin(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    offer: Offer,
    *,
    area: str | None,
    query: str | None,
) -> None:
    """Check that this person may ask this entry now, then ask for their message."""
    repo = IntroRepository(session)
    now = context.services.clock()
    if not await reachable(session, offer):
        await send(update, person.t("intro.not_reachable", name=offer.name))
        return
    if person.user_id in await repo.owners(offer.id):
        await send(update, person.t("intro.own_entry", name=offer.name))
        return
    if await repo.open_for(person.user_id, offer.id) is not None:
        await send(update, person.t("intro.already", name=offer.name))
        return
    if await repo.sent_since(person.user_id, now - INTRO_LIMIT_PERIOD) >= INTRO_DAILY_LIMIT:
        await send(update, person.t("intro.limit", count=INTRO_DAILY_LIMIT))
        return
    if not person.registered:
        # Asking for an introduction is agreeing that the bot keeps it (the prompt says how long).
        await UserRepository(session).register(person.user_id, person.language, now)
    row = await repo.start(person.user_id, offer.id, area, query, now)
    text = person.t("intro.prompt", name=offer.name, max=MAX_MESSAGE)
    await send(update, text, cancel_keyboard(person.t, row.id))


async def linked_offer(context: BotContext, session: AsyncSession, payload: str) -> Offer | None:
    """The active entry an `intro_…` start payload names, or None."""
    return _linked(await context.services.map.matcher(session), payload)


def _linked(matcher: Matcher, payload: str) -> Offer | None:
    offer_id = linked_id(payload, (offer.id for offer in matcher.offers))
    return matcher.offer(offer_id) if offer_id is not None else None


async def reachable(session: AsyncSession, offer: Offer) -> bool:
    """Whether the entry chose "via de bot" and still has an owner."""
    return offer.id in await IntroRepository(session).reachable([offer.id])


async def follow_link(
    update: Update, context: BotContext, person: Person, session: AsyncSession, payload: str
) -> None:
    """The public page's "breng me in contact" link: start the introduction for its entry
    (no question behind it, so the entry's own first area is the request's area)."""
    matcher = await context.services.map.matcher(session)
    offer = _linked(matcher, payload)
    if offer is None:
        await send(update, person.t("intro.link.unknown"))
        return
    area = next(iter(matcher.where(offer)), None)
    await begin(update, context, person, session, offer, area=area, query=None)
