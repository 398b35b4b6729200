"""/taal and /language: switch between Dutch and English."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.core.commands import LANGUAGE
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import send, with_person
from bot.core.person import Person
from bot.people.views import language_keyboard


@with_person(LANGUAGE)
async def ask_language(update: Update, _c: BotContext, person: Person, _s: AsyncSession) -> None:
    """Offer the languages as buttons."""
    await send(update, person.t("language.ask"), language_keyboard(from_start=False))


def register(application: WijkApplication) -> None:
    """Add the language command (private chats; groups get a pointer there)."""
    application.add_handler(
        CommandHandler(LANGUAGE.names, ask_language, filters=filters.ChatType.PRIVATE)
    )
