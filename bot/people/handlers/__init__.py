"""The people room's Telegram handlers, one module per command.

`register` adds start, language, help, privacy and roles, in that order. `chats` (the bot
added to or removed from a group) has its own place later in `bot/rooms.py`,
after the feedback journeys, where it always was.
"""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.people.handlers import help, language, privacy, roles, start


def register(application: WijkApplication) -> None:
    """Add the people room's handlers (all but `chats`), in their order."""
    for module in (start, language, help, privacy, roles):
        module.register(application)
