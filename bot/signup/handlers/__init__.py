"""The sign-up room's Telegram handlers, registered in one fixed order."""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.signup.handlers import conversation, moderation


def register(application: WijkApplication) -> None:
    """/aanmelden with its steps, then /wachtrij and the moderation buttons."""
    conversation.register(application)
    moderation.register(application)
