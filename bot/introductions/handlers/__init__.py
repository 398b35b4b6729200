"""Telegram handlers of the introductions journey, registered in one place."""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.introductions.handlers import requests, stats


def register(application: WijkApplication) -> None:
    """The warm introduction itself, then the coordinators' counts (/introducties)."""
    requests.register(application)
    stats.register(application)
