"""The callback context type used by every handler and job."""

from __future__ import annotations

from typing import Any, cast

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.services import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to this process's services."""

    @property
    def services(self) -> Services:
        """Settings, database, catalogues and clock."""
        return cast(Services, self.bot_data[SERVICES_KEY])


WijkApplication = Application[
    ExtBot[None],
    BotContext,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[BotContext],
]
