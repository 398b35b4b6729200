"""The gaps room's Telegram handlers."""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.gaps.handlers import cijfersoep, digest_settings, overview


def register(application: WijkApplication) -> None:
    """/wittevlekken (/gaps) and its buttons, the monthly digest's settings, /cijfersoep."""
    digest_settings.register(application)  # before the overview's `gaps:` buttons
    overview.register(application)
    cijfersoep.register(application)
