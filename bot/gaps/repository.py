"""Queries about demand: questions kept by day, theme, area, channel and outcome only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import DemandQuestion
from bot.gaps.rules import REJECTED


@dataclass(frozen=True)
class Demand:
    """One kept question, its lists split."""

    day: date
    themes: tuple[str, ...]
    target_groups: tuple[str, ...]
    area_codes: tuple[str, ...]
    channel: str
    outcome: str


def _joined(codes: Iterable[str]) -> str:
    return " ".join(dict.fromkeys(code for code in codes if code and " " not in code))[:300]


class DemandRepository:
    """Demand rows: written once per question, read per period, deleted after retention."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        day: date,
        *,
        themes: Iterable[str],
        target_groups: Iterable[str],
        area_codes: Iterable[str],
        channel: str,
        outcome: str,
    ) -> int:
        """Keep one question's demand; returns the row's id."""
        row = DemandQuestion(
            day=day,
            themes=_joined(themes),
            target_groups=_joined(target_groups),
            area_codes=_joined(area_codes),
            channel=channel,
            outcome=outcome,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def replace(
        self,
        demand_id: int,
        *,
        themes: Iterable[str],
        target_groups: Iterable[str],
        area_codes: Iterable[str],
        outcome: str,
    ) -> bool:
        """Rewrite a row (an inline query typed further); False when it is gone."""
        row = await self.session.get(DemandQuestion, demand_id)
        if row is None:
            return False
        row.themes = _joined(themes)
        row.target_groups = _joined(target_groups)
        row.area_codes = _joined(area_codes)
        row.outcome = outcome
        return True

    async def reject(self, demand_id: int) -> None:
        """Mark a question's answer as "niet wat ik zocht"."""
        row = await self.session.get(DemandQuestion, demand_id)
        if row is not None:
            row.outcome = REJECTED

    async def between(self, first: date, last: date) -> Sequence[Demand]:
        """Every question asked from `first` to `last` (both included)."""
        rows = await self.session.scalars(
            select(DemandQuestion)
            .where(DemandQuestion.day >= first, DemandQuestion.day <= last)
            .order_by(DemandQuestion.day, DemandQuestion.id)
        )
        return [
            Demand(
                row.day,
                tuple(row.themes.split()),
                tuple(row.target_groups.split()),
                tuple(row.area_codes.split()),
                row.channel,
                row.outcome,
            )
            for row in rows
        ]

    async def purge(self, before: date) -> None:
        """Delete questions asked before this day."""
        await self.session.execute(delete(DemandQuestion).where(DemandQuestion.day < before))
