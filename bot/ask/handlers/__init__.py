"""The ask room's Telegram handlers, registered in one fixed order."""

from __future__ import annotations

from bot.ask.handlers import inline, location, missed, question
from bot.core.context import WijkApplication


def register(application: WijkApplication) -> None:
    """/gemist, typed questions (/vraag, mentions, answer buttons), shared locations, inline."""
    missed.register(application)
    question.register(application)
    location.register(application)
    inline.register(application)
