"""Queries about "klopt dit nog?" checks: which entries are due, open, flagged or hidden."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Offer as OfferRow
from bot.db.models import OfferFreshness, OfferOwner


class FreshnessRepository:
    """Open freshness checks, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due(self, verified_by: date) -> Sequence[str]:
        """Active owned entries last confirmed on or before that day (or never), not yet asked."""
        result = await self.session.scalars(
            select(OfferRow.id)
            .where(
                OfferRow.status == "active",
                or_(OfferRow.last_verified.is_(None), OfferRow.last_verified <= verified_by),
                OfferRow.id.in_(select(OfferOwner.offer_id)),
                OfferRow.id.not_in(select(OfferFreshness.offer_id)),
            )
            .order_by(OfferRow.id)
        )
        return result.all()

    async def open_checks(self) -> Sequence[OfferFreshness]:
        """Every open check, oldest first."""
        result = await self.session.scalars(
            select(OfferFreshness).order_by(OfferFreshness.asked_at, OfferFreshness.offer_id)
        )
        return result.all()

    async def get(self, offer_id: str) -> OfferFreshness | None:
        """The open check of an entry, if any."""
        return await self.session.get(OfferFreshness, offer_id)

    async def ask(self, offer_id: str, now: datetime) -> OfferFreshness:
        """Open a check (or restart the one that is open, keeping flags until an answer)."""
        row = await self.get(offer_id)
        if row is None:
            row = OfferFreshness(offer_id=offer_id, asked_at=now, reminders=0)
            self.session.add(row)
        row.asked_at, row.reminders, row.reminded_at = now, 0, None
        await self.session.flush()
        return row

    async def flagged(self) -> Sequence[tuple[OfferFreshness, OfferRow]]:
        """Entries whose check went unanswered (flagged or hidden), longest-standing first."""
        result = await self.session.execute(
            select(OfferFreshness, OfferRow)
            .join(OfferRow, OfferRow.id == OfferFreshness.offer_id)
            .where(OfferFreshness.flagged_at.is_not(None))
            .order_by(OfferFreshness.flagged_at, OfferRow.name)
        )
        return [(check, offer) for check, offer in result.all()]
