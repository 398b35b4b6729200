"""Keeping each answered question as demand (bot/gaps/): no text, person, chat or hour.

A typed or group question and an answer around a shared place write their row when their
first page is rendered, in the update's own transaction; the short-lived question record
(asked_questions, deleted after a day) keeps the row's id so "niet wat ik zocht" can mark
it. Telegram sends an inline query for every pause in typing: one person's queries that
grow or shrink within two minutes rewrite one row. Which row that is lives only in this
process's memory, for those two minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.context import BotContext
from bot.db.models import AskedQuestion
from bot.gaps.repository import DemandRepository
from bot.gaps.rules import GROUP, INLINE, PRIVATE, area_codes, outcome
from matching.matcher import Matcher
from matching.offer import Offer
from matching.results import SearchResult

INLINE_TYPING = timedelta(minutes=2)
_TYPING_KEY = "inline_demand"


@dataclass
class _Typing:
    query: str
    demand_id: int
    at: datetime


def _day(context: BotContext) -> date:
    services = context.services
    return services.clock().astimezone(services.settings.timezone).date()


async def record_answer(
    context: BotContext,
    session: AsyncSession,
    matcher: Matcher,
    question: AskedQuestion,
    result: SearchResult,
    *,
    shown: Iterable[Offer],
) -> None:
    """Keep a typed question's demand once, from what its first page shows."""
    if question.demand_id is not None:
        return
    areas = area_codes(area.code for area in result.areas)
    question.demand_id = await DemandRepository(session).record(
        _day(context),
        themes=result.themes,
        target_groups=result.target_groups,
        area_codes=areas,
        channel=PRIVATE if question.chat_id == question.user_id else GROUP,
        outcome=outcome(matcher.gazetteer, areas, shown),
    )


async def record_near(
    context: BotContext,
    session: AsyncSession,
    matcher: Matcher,
    question: AskedQuestion,
    *,
    buurt: str | None,
    shown: Iterable[Offer],
) -> None:
    """Keep the demand of an answer around a shared place: its area is the place's buurt."""
    if question.demand_id is not None:
        return
    parsed = matcher.parse(question.query)
    areas = (buurt,) if buurt else ()
    question.demand_id = await DemandRepository(session).record(
        _day(context),
        themes=parsed.themes,
        target_groups=parsed.target_groups,
        area_codes=areas,
        channel=PRIVATE,
        outcome=outcome(matcher.gazetteer, areas, shown),
    )


async def reject(session: AsyncSession, question: AskedQuestion) -> None:
    """ "Niet wat ik zocht": the question's demand row gets that outcome."""
    if question.demand_id is not None:
        await DemandRepository(session).reject(question.demand_id)


async def record_inline(
    context: BotContext,
    session: AsyncSession,
    matcher: Matcher,
    user_id: int,
    result: SearchResult,
    *,
    shown: Iterable[Offer],
) -> None:
    """Keep an inline query's demand; the same person typing on rewrites their row."""
    now = context.services.clock()
    typing: dict[int, _Typing] = context.bot_data.setdefault(_TYPING_KEY, {})
    for key in [k for k, v in typing.items() if now - v.at > INLINE_TYPING]:
        del typing[key]
    areas = area_codes(area.code for area in result.areas)
    went = outcome(matcher.gazetteer, areas, shown)
    repository = DemandRepository(session)
    query = result.query.casefold()
    earlier = typing.get(user_id)
    if (
        earlier is not None
        and (query.startswith(earlier.query) or earlier.query.startswith(query))
        and await repository.replace(
            earlier.demand_id,
            themes=result.themes,
            target_groups=result.target_groups,
            area_codes=areas,
            outcome=went,
        )
    ):
        typing[user_id] = _Typing(query, earlier.demand_id, now)
        return
    demand_id = await repository.record(
        _day(context),
        themes=result.themes,
        target_groups=result.target_groups,
        area_codes=areas,
        channel=INLINE,
        outcome=went,
    )
    typing[user_id] = _Typing(query, demand_id, now)
