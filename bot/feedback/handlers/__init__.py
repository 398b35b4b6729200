"""Telegram handlers of the feedback journey, registered in one place."""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.feedback.handlers import answers, rounds, sets


def register(application: WijkApplication) -> None:
    """The /feedback command and its rounds, then the sets, then the participants' answers."""
    rounds.register(application)
    sets.register(application)
    answers.register(application)
