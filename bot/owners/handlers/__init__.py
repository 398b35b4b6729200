"""The owners room's Telegram handlers, registered in one fixed order."""

from __future__ import annotations

from bot.context import WijkApplication


def register(application: WijkApplication) -> None:
    """/mijninitiatief and its buttons, then "klopt dit nog?" answers, /verouderd, /controleer."""
    # Imported on use: bot/handlers/__init__.py imports this package, and the room's other
    # modules reach that file through bot.handlers.base: an import at the top is circular.
    from bot.owners.handlers import freshness, my_initiative  # noqa: PLC0415

    my_initiative.register(application)
    freshness.register(application)
