"""Telegram handlers, one module per journey, each with its own `register(application)`."""

from __future__ import annotations

from bot.context import WijkApplication
from bot.handlers import (
    agenda,
    ask,
    ask_inline,
    ask_location,
    chats,
    errors,
    fallback,
    feedback,
    feedback_answers,
    feedback_sets,
    help,
    language,
    meetings,
    meetings_broadcast,
    missed,
    moderation,
    privacy,
    roles,
    signup,
    start,
)

# fallback comes last: in the shared handler group, every journey gets the first chance.
MODULES = (
    start,
    language,
    help,
    privacy,
    roles,
    missed,
    ask,
    ask_location,
    ask_inline,
    signup,
    moderation,
    meetings,
    meetings_broadcast,
    agenda,
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
