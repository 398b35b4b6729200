"""Telegram handlers, one module per journey, each with its own `register(application)`."""

from __future__ import annotations

from bot.ask import handlers as ask
from bot.context import WijkApplication
from bot.handlers import (
    agenda,
    chats,
    errors,
    fallback,
    feedback,
    feedback_answers,
    feedback_sets,
    flood,
    help,
    intro,
    intro_stats,
    language,
    meetings,
    meetings_broadcast,
    meetings_plan,
    privacy,
    roles,
    start,
)
from bot.owners import handlers as owners
from bot.signup import handlers as signup

# Handler groups: only one handler per group handles an update, so every journey that
# catches typed text before the others has a group of its own: -100 flood control,
# -4 feedback remarks, -3 meeting planning, -2 introductions, -1 sign-up; 0 everything else.
# fallback comes last: in the shared handler group, every journey gets the first chance.
MODULES = (
    flood,
    start,
    language,
    help,
    privacy,
    roles,
    ask,  # /gemist, questions, shared locations, inline
    signup,  # with moderation
    owners,  # with freshness
    meetings,
    meetings_plan,
    meetings_broadcast,
    agenda,
    intro,
    intro_stats,
    feedback,
    feedback_sets,
    feedback_answers,
    chats,
    fallback,
    errors,
)


def register_all(application: WijkApplication) -> None:
    """Register every journey's handlers on the application."""
    for module in MODULES:
        module.register(application)
