"""The sign-up room's Telegram handlers, registered in one fixed order."""

from __future__ import annotations

from bot.context import WijkApplication


def register(application: WijkApplication) -> None:
    """/aanmelden with its steps, then /wachtrij and the moderation buttons."""
    # Imported on use: bot/handlers/__init__.py imports this package, and the room's other
    # modules reach that file through bot.handlers.base: an import at the top is circular.
    from bot.signup.handlers import conversation, moderation  # noqa: PLC0415

    conversation.register(application)
    moderation.register(application)
