"""The wijktafel journeys' Telegram handlers: /bijeenkomst and RSVPs (`wijktafel`), planning
and editing step by step (`plan`), /bericht (`broadcast`) and /agenda (`agenda`)."""

from __future__ import annotations

from bot.core.context import WijkApplication
from bot.meetings.handlers import agenda, broadcast, plan, wijktafel


def register(application: WijkApplication) -> None:
    """Register the room's handlers, in this order."""
    wijktafel.register(application)
    plan.register(application)
    broadcast.register(application)
    agenda.register(application)
