"""Queries about the social map: offers in and out of the database, its version, and which
offers answers rank lower or leave out (their "klopt dit nog?" check went unanswered)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import MapVersion, OfferFreshness, OfferValue
from bot.db.models import Offer as OfferRow
from matching.offer import LIST_FIELDS, Offer

SCALAR_FIELDS = tuple(f.name for f in fields(Offer) if f.name not in LIST_FIELDS)
INSERT_CHUNK = 1000


@dataclass(frozen=True)
class ImportReport:
    """What an import changed."""

    added: int
    changed: int
    unchanged: int
    removed: int = 0


def offer_from_row(row: OfferRow) -> Offer:
    """The matcher's record for a stored offer."""
    lists: dict[str, list[str]] = {name: [] for name in LIST_FIELDS}
    for item in sorted(row.values, key=lambda v: (v.field, v.position)):
        lists[item.field].append(item.value)
    values: dict[str, object] = {name: getattr(row, name) for name in SCALAR_FIELDS}
    values.update({name: tuple(items) for name, items in lists.items()})
    return Offer(**values)  # type: ignore[arg-type]  # built field by field from the dataclass


def _fill_row(row: OfferRow, offer: Offer, source: str, now: datetime) -> None:
    for name in SCALAR_FIELDS:
        setattr(row, name, getattr(offer, name))
    row.source = source
    row.updated_at = now
    row.values = [
        OfferValue(offer_id=offer.id, field=name, position=position, value=value)
        for name in LIST_FIELDS
        for position, value in enumerate(getattr(offer, name))
    ]


class OfferRepository:
    """The social map, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[Offer]:
        """Every offer (active or not), ordered by id."""
        rows = await self.session.scalars(select(OfferRow).order_by(OfferRow.id))
        return [offer_from_row(row) for row in rows]

    async def get(self, offer_id: str) -> Offer | None:
        """One offer by id."""
        row = await self.session.get(OfferRow, offer_id)
        return offer_from_row(row) if row is not None else None

    async def ids_of_source(self, source: str) -> set[str]:
        """Ids of the offers that came from one source (e.g. "municipal")."""
        return set(await self.session.scalars(select(OfferRow.id).where(OfferRow.source == source)))

    async def count(self) -> int:
        """How many offers the map holds."""
        return int(await self.session.scalar(select(func.count()).select_from(OfferRow)) or 0)

    async def upsert(
        self, offers: Iterable[Offer], source: str, now: datetime, *, replace_source: bool = False
    ) -> ImportReport:
        """Insert new offers and update changed ones by id; optionally drop the source's rest."""
        added = changed = unchanged = 0
        offers = list(offers)
        seen = {offer.id for offer in offers}
        # One query for the existing rows instead of one per offer (the seed has hundreds).
        existing: dict[str, OfferRow] = {}
        ids = sorted(seen)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = await self.session.scalars(select(OfferRow).where(OfferRow.id.in_(chunk)))
            existing.update({row.id: row for row in rows})
        fresh = [offer for offer in offers if offer.id not in existing]
        await self._insert_new(fresh, source, now)
        added = len(fresh)
        for offer in offers:
            row = existing.get(offer.id)
            if row is None:
                continue
            if offer_from_row(row) == offer and row.source == source:
                unchanged += 1
            else:
                _fill_row(row, offer, source, now)
                changed += 1
        removed = 0
        if replace_source:
            stale: Sequence[str] = (
                await self.session.scalars(
                    select(OfferRow.id).where(OfferRow.source == source, OfferRow.id.not_in(seen))
                )
            ).all()
            if stale:
                await self.session.execute(delete(OfferRow).where(OfferRow.id.in_(stale)))
            removed = len(stale)
        await self.session.flush()
        if added or changed or removed:
            await self.bump_version(now)
        return ImportReport(added, changed, unchanged, removed)

    async def _insert_new(self, offers: Sequence[Offer], source: str, now: datetime) -> None:
        """New offers with their list items, as multi-row inserts in chunks (an import of
        100,000 rows would spend minutes and gigabytes on one ORM object per value)."""
        for start in range(0, len(offers), INSERT_CHUNK):
            chunk = offers[start : start + INSERT_CHUNK]
            rows = [
                {"id": offer.id, "source": source, "updated_at": now}
                | {name: getattr(offer, name) for name in SCALAR_FIELDS}
                for offer in chunk
            ]
            values = [
                {"offer_id": offer.id, "field": name, "position": position, "value": value}
                for offer in chunk
                for name in LIST_FIELDS
                for position, value in enumerate(getattr(offer, name))
            ]
            # Core inserts on the tables: no ORM bookkeeping for rows this session never reads
            tables = OfferRow.metadata.tables
            await self.session.execute(insert(tables[OfferRow.__tablename__]), rows)
            if values:
                await self.session.execute(insert(tables[OfferValue.__tablename__]), values)

    async def lowered_and_hidden(self) -> tuple[frozenset[str], frozenset[str]]:
        """Ids of flagged entries (ranked lower) and of hidden ones (not shown)."""
        result = await self.session.execute(
            select(
                OfferFreshness.offer_id, OfferFreshness.flagged_at, OfferFreshness.hidden_at
            ).where(
                or_(OfferFreshness.flagged_at.is_not(None), OfferFreshness.hidden_at.is_not(None))
            )
        )
        lowered: set[str] = set()
        hidden: set[str] = set()
        for offer_id, flagged_at, hidden_at in result.all():
            (hidden if hidden_at is not None else lowered).add(offer_id)
            if flagged_at is not None:
                lowered.add(offer_id)
        return frozenset(lowered - hidden), frozenset(hidden)

    async def version(self) -> int:
        """The map's version counter (0 for a map that never changed)."""
        # A query, not session.get: the identity map could hold an older read of the row.
        version = await self.session.scalar(select(MapVersion.version).where(MapVersion.id == 1))
        return version or 0

    async def bump_version(self, now: datetime) -> int:
        """Note that the map changed."""
        row = await self.session.get(MapVersion, 1)
        if row is None:
            row = MapVersion(id=1, version=0, changed_at=now)
            self.session.add(row)
        row.version += 1
        row.changed_at = now
        await self.session.flush()
        return row.version
