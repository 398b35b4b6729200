"""Telegram handlers, one module per journey, each with its own `register(application)`."""

from __future__ import annotations

from bot.context import WijkApplication
from bot.handlers import chats, errors, fallback, help, language, privacy, roles, start

MODULES = (start, language, help, privacy, roles, chats, fallback, errors)


def register_all(application: WijkApplication) -> None:
    """Register every journey's handlers on the application."""
    for module in MODULES:
        module.register(application)
