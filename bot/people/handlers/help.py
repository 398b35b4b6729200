"""/help: what this person's roles let them do."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.commands import HELP, commands_for
from bot.context import BotContext, WijkApplication
from bot.handlers.base import send, with_person
from bot.people.person import Person
from bot.people.roles import Role


def help_text(person: Person) -> str:
    """The help message: who you are here and the commands you can use."""
    t = person.t
    roles = ", ".join(t(f"role.{role.value}") for role in Role if role in person.roles)
    lines = [t("help.title"), t("help.roles", roles=roles), "", t("help.ask"), ""]
    lines += [
        f"/{command.name(t.language)} — {t(command.help_key)}"
        for command in commands_for(person.roles)
        if command.in_menu
    ]
    lines += ["", t("help.footer")]
    return "\n".join(lines)


@with_person(HELP)
async def show_help(update: Update, _c: BotContext, person: Person, _s: AsyncSession) -> None:
    """Send the help for the person's roles."""
    await send(update, help_text(person))


def register(application: WijkApplication) -> None:
    """Add /help."""
    application.add_handler(CommandHandler(HELP.names, show_help))
