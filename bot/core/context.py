"""The callback context type used by every handler and job."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.core.services import Services

if TYPE_CHECKING:
    from bot.core.journeys import Journey
    from bot.core.person import Person

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to this process's services.

    PTB builds one context per update and hands it to the handler of every group, so what
    is read once per update is kept here for the handlers after it.
    """

    person: Person | None = None
    open_journeys: frozenset[Journey] | None = None
    # Set by a journey that took the typed message: no handler group after it sees it.
    consumed: bool = False

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
