"""Command menus per language and per role (coordinators see their commands only)."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.config import SUPPORTED_LANGUAGES
from bot.core.commands import commands_for
from bot.core.person import Person
from bot.core.repository_users import UserRepository
from bot.core.roles import Role, effective_roles
from bot.core.services import Services
from bot.i18n import Translator

log = logging.getLogger(__name__)
BASE_ROLES = frozenset({Role.PROFESSIONAL})


def menu(t: Translator, roles: frozenset[Role]) -> list[BotCommand]:
    """The menu entries for these roles, in the translator's language."""
    return [
        BotCommand(command.name(t.language), t(command.help_key))
        for command in commands_for(roles)
        if command.in_menu
    ]


async def publish_default_menus(bot: Bot, services: Services) -> None:
    """The menu everyone sees: Dutch by default, English for English Telegram apps."""
    catalogues = services.catalogues
    default = catalogues.default_language
    await bot.set_my_commands(menu(catalogues.translator(default), BASE_ROLES))
    for language in SUPPORTED_LANGUAGES:
        if language != default:
            await bot.set_my_commands(
                menu(catalogues.translator(language), BASE_ROLES),
                scope=BotCommandScopeDefault(),
                language_code=language,
            )


async def refresh_user_menu(bot: Bot, person: Person) -> None:
    """Give someone with extra roles their own menu in their language; others the default."""
    await _set_chat_menu(bot, person.user_id, person.t, person.roles)


async def _set_chat_menu(bot: Bot, user_id: int, t: Translator, roles: frozenset[Role]) -> None:
    scope = BotCommandScopeChat(chat_id=user_id)
    try:
        if menu(t, roles) == menu(t, BASE_ROLES):
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(menu(t, roles), scope=scope)
    except TelegramError as err:
        # A coordinator from the settings who never opened the bot has no chat yet.
        log.info("menu for user %s not set: %s", user_id, err)


async def publish_role_menus(bot: Bot, services: Services) -> None:
    """At start-up: the personal menus of everyone with a role beyond professional."""
    async with services.db.transaction() as session:
        rows = await UserRepository(session).users_with_roles()
        people = {row.telegram_id: (row.language, [r.role for r in row.roles]) for row in rows}
    for admin_id in services.settings.admin_ids:
        people.setdefault(admin_id, (None, []))
    for user_id, (language, stored) in people.items():
        roles = effective_roles(stored, is_admin=user_id in services.settings.admin_ids)
        await _set_chat_menu(bot, user_id, services.catalogues.translator(language), roles)
