"""The gaps room's Telegram handlers."""

from __future__ import annotations

from bot.context import WijkApplication


def register(application: WijkApplication) -> None:
    """/wittevlekken (/gaps) and its buttons."""
    # Imported on use, as in the other rooms: bot.handlers imports this package.
    from bot.gaps.handlers import overview  # noqa: PLC0415

    overview.register(application)
