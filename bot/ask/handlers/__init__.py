"""The ask room's Telegram handlers, registered in one fixed order."""

from __future__ import annotations

from bot.context import WijkApplication


def register(application: WijkApplication) -> None:
    """/gemist, typed questions (/vraag, mentions, answer buttons), shared locations, inline."""
    # Imported on use: bot/handlers/__init__.py imports this package, and the room's other
    # modules reach that file through bot.handlers.base: an import at the top is circular.
    from bot.ask.handlers import inline, location, missed, question  # noqa: PLC0415

    missed.register(application)
    question.register(application)
    location.register(application)
    inline.register(application)
