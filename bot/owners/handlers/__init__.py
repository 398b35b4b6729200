"""The owners room's Telegram handlers, registered in one fixed order."""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.owners.handlers import freshness, my_initiative


def register(application: WijkApplication) -> None:
    """/mijninitiatief and its buttons, then "klopt dit nog?" answers, /verouderd, /controleer."""
    my_initiative.register(application)
    freshness.register(application)
