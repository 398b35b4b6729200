"""Keep track of the groups the bot is in."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import ChatMemberHandler

from bot.core.context import BotContext, WijkApplication
from bot.people.repository_chats import ChatRepository

PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED}


async def bot_membership(update: Update, context: BotContext) -> None:
    """Remember a group when the bot is added, forget it when the bot leaves or is removed."""
    change = update.my_chat_member
    if change is None or change.chat.type == ChatType.PRIVATE:
        return
    services = context.services
    was = change.old_chat_member.status in PRESENT
    now_in = change.new_chat_member.status in PRESENT
    async with services.db.transaction() as session:
        chats = ChatRepository(session)
        if now_in:
            await chats.joined(
                change.chat.id, change.chat.type, change.chat.title, services.clock()
            )
        else:
            await chats.left(change.chat.id)
    if now_in and not was:
        t = services.catalogues.translator(None)
        await context.bot.send_message(change.chat.id, t("group.hello"))


def register(application: WijkApplication) -> None:
    """Add the membership tracker."""
    application.add_handler(ChatMemberHandler(bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
