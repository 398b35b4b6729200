"""Whatever no other handler took: private-only commands in groups and unknown commands."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.core.commands import COMMANDS
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import send, with_person
from bot.core.person import Person


def private_chat_keyboard(person: Person, bot_username: str) -> InlineKeyboardMarkup:
    """A button that opens the private chat with the bot (also /start's answer in a group)."""
    url = f"https://t.me/{bot_username}?start=hi"
    return InlineKeyboardMarkup([[InlineKeyboardButton(person.t("group.open_private"), url=url)]])


@with_person()
async def private_only(
    update: Update, context: BotContext, person: Person, _s: AsyncSession
) -> None:
    """Point to the private chat for commands that show or change personal data."""
    await send(
        update, person.t("group.use_private"), private_chat_keyboard(person, context.bot.username)
    )


@with_person()
async def unknown_command(update: Update, _c: BotContext, person: Person, _s: AsyncSession) -> None:
    """A command the bot does not know."""
    await send(update, person.t("fallback.command"))


def register(application: WijkApplication) -> None:
    """Add the fallbacks; registered last, so in its group every journey gets the first chance."""
    names = [name for command in COMMANDS if command.private_only for name in command.names]
    in_groups = ~filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(names, private_only, filters=in_groups))
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command)
    )
