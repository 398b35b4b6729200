"""Telegram handlers, one module per journey, each with its own `register(application)`."""

from __future__ import annotations

from bot.context import WijkApplication
from bot.feedback import handlers as feedback
from bot.handlers import (
    ask,
    ask_inline,
    ask_location,
    errors,
    fallback,
    flood,
    freshness,
    missed,
    moderation,
    owners,
    signup,
)
from bot.introductions import handlers as introductions
from bot.meetings import handlers as meetings_handlers
from bot.people import handlers as people
from bot.people.handlers import chats as people_chats

# Handler groups: only one handler per group handles an update, so every journey that
# catches typed text before the others has a group of its own: -100 flood control,
# -4 feedback remarks, -3 meeting planning, -2 introductions, -1 sign-up; 0 everything else.
# fallback comes last: in the shared handler group, every journey gets the first chance.
MODULES = (
    flood,
    people,
    missed,
    ask,
    ask_location,
    ask_inline,
    signup,
    moderation,
    owners,
    freshness,
    meetings_handlers,
    introductions,
    feedback,
    people_chats,
    fallback,
    errors,
)


def register_all(application: WijkApplication) -> None:
    """Register every journey's handlers on the application."""
    for module in MODULES:
        module.register(application)
