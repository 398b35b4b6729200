"""One cheap question per typed message: is this person in the middle of a conversation?

Four journeys take typed text before it counts as a question (a feedback remark, meeting
planning, an introduction request, the sign-up). Asking each of them in turn cost four
sessions per message; this asks the database once. It is a superset check: a journey that
is open here still decides for itself (e.g. whether a draft is recent enough).

Each room says what "open" means for its journey (`register_journey`, from its handlers'
`register`), so this module knows the journeys' names but none of their tables' states.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import Application

JOURNEYS_KEY = "open_journey_checks"

# For a user id: a condition (an EXISTS) that holds while the journey waits for their text.
OpenCheck = Callable[[int], ColumnElement[bool]]


class Journey(StrEnum):
    """A conversation that takes the person's typed text while it is open."""

    REMARK = "remark"
    PLANNING = "planning"
    INTRODUCTION = "introduction"
    SIGNUP = "signup"  # also a coordinator's message on a submission (change or reject)


def register_journey(
    application: Application[Any, Any, Any, Any, Any, Any], journey: Journey, check: OpenCheck
) -> None:
    """Ask `check` whether `journey` is open (registering again replaces it)."""
    application.bot_data.setdefault(JOURNEYS_KEY, {})[journey] = check


def journey_checks(bot_data: Mapping[Any, Any]) -> Mapping[Journey, OpenCheck]:
    """The checks the rooms registered on this application."""
    checks: Mapping[Journey, OpenCheck] = bot_data.get(JOURNEYS_KEY, {})
    return checks


async def open_journeys(
    session: AsyncSession, user_id: int, checks: Mapping[Journey, OpenCheck]
) -> frozenset[Journey]:
    """The journeys that may be waiting for this person's next message (one query)."""
    if not checks:
        return frozenset()
    conditions = {journey: check(user_id) for journey, check in checks.items()}
    row = (await session.execute(select(*conditions.values()))).one()
    return frozenset(journey for journey, found in zip(conditions, row, strict=True) if found)
