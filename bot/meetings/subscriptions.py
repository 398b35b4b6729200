"""Subscribing to a wijktafel through its link (`/start wt_<id>`), for a person or, by an
admin, for a group: used by /start (the people room) and the wijktafel handlers."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.core.context import BotContext
from bot.core.handling import send
from bot.core.person import Person
from bot.delivery.repository import DeliveryRepository
from bot.meetings.repository import MeetingRepository, SubscriptionRepository
from bot.meetings.views import DEEP_LINK_PREFIX


async def is_group_admin(update: Update, context: BotContext) -> bool:
    """Whether the person who sent this update administers the group it came from."""
    chat, tg_user = update.effective_chat, update.effective_user
    if chat is None or tg_user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, tg_user.id)
    return member.status in {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


async def subscribe_link(
    update: Update, context: BotContext, person: Person, session: AsyncSession, payload: str
) -> None:
    """`/start wt_<id>`: subscribe the person (private chat) or, by an admin, the group."""
    chat = update.effective_chat
    wijktafel_id = payload.removeprefix(DEEP_LINK_PREFIX)
    repo = MeetingRepository(session)
    table = await repo.wijktafel(int(wijktafel_id)) if wijktafel_id.isdigit() else None
    if table is None or chat is None:
        await send(update, person.t("subscribe.unknown"))
        return
    now = context.services.clock()
    subs = SubscriptionRepository(session)
    if chat.type != ChatType.PRIVATE:
        if not await is_group_admin(update, context):
            await send(update, person.t("group.admin_only"))
            return
        # The group is subscribed; who did it is kept only for someone who consented.
        by = person.user_id if person.registered else None
        new = await subs.subscribe(table.id, chat.id, by, now)
        key = "subscribe.group.done" if new else "subscribe.group.already"
        await send(update, person.t(key, name=table.name, area=table.area))
        return
    if not person.registered:
        # Consent comes first (/start asks it, carrying the link along); nothing is stored.
        await send(update, person.t("start.first"))
        return
    await DeliveryRepository(session).unblock_chat(person.user_id)
    new = await subs.subscribe(table.id, person.user_id, person.user_id, now)
    key = "subscribe.done" if new else "subscribe.already"
    await send(update, person.t(key, name=table.name, area=table.area))
