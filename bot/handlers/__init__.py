"""Telegram handlers, one module per journey, each with its own `register(application)`."""

from __future__ import annotations

from bot.ask import handlers as ask
from bot.context import WijkApplication
from bot.feedback import handlers as feedback
from bot.gaps import handlers as gaps
from bot.handlers import errors, fallback, flood
from bot.introductions import handlers as introductions
from bot.meetings import handlers as meetings
from bot.owners import handlers as owners
from bot.people import handlers as people
from bot.people.handlers import chats as people_chats
from bot.signup import handlers as signup

# Handler groups: only one handler per group handles an update, so every journey that
# catches typed text before the others has a group of its own: -100 flood control,
# -4 feedback remarks, -3 meeting planning, -2 introductions, -1 sign-up; 0 everything else.
# fallback comes last: in the shared handler group, every journey gets the first chance.
MODULES = (
    flood,
    people,  # start, language, help, privacy, roles
    ask,  # /gemist, questions, shared locations, inline
    signup,  # with moderation
    owners,  # with freshness
    meetings,
    introductions,
    feedback,
    people_chats,
    gaps,  # /wittevlekken
    fallback,
    errors,
)


def register_all(application: WijkApplication) -> None:
    """Register every journey's handlers on the application."""
    for module in MODULES:
        module.register(application)
