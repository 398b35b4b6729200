"""The gaps room's Telegram handlers."""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.gaps.handlers import overview


def register(application: WijkApplication) -> None:
    """/wittevlekken (/gaps) and its buttons."""
    overview.register(application)
