"""/help: what this person's roles let them do."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.core.commands import HELP
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import send, with_person
from bot.core.person import Person
from bot.people.views import help_text


@with_person(HELP)
async def show_help(update: Update, _c: BotContext, person: Person, _s: AsyncSession) -> None:
    """Send the help for the person's roles."""
    await send(update, help_text(person))


def register(application: WijkApplication) -> None:
    """Add /help."""
    application.add_handler(CommandHandler(HELP.names, show_help))
