"""Two claimers at once never take the same queue row (PostgreSQL: FOR UPDATE SKIP LOCKED;
SQLite: one writer at a time, bot/db/sqlite_writer.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.db.models import Delivery
from bot.db.session import Database
from bot.delivery.repository import DeliveryRepository
from tests.conftest import POSTGRES_URL

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
LEASE = timedelta(minutes=2)


async def _queue(db: Database, count: int) -> None:
    async with db.transaction() as session:
        queued = await DeliveryRepository(session).enqueue(
            range(1, count + 1), "bericht:1", {"kind": "broadcast", "text": "hoi"}, NOW
        )
    assert queued == count


async def _claim(db: Database, limit: int) -> list[Delivery]:
    async with db.transaction() as session:
        return await DeliveryRepository(session).claim_due(NOW, limit, LEASE)


async def test_claimers_at_the_same_time_take_disjoint_rows(database_url: str) -> None:
    db = Database(database_url)
    try:
        await _queue(db, 200)
        # three claimers of one process at once: on SQLite they take turns, on PostgreSQL
        # they overlap; either way no row is taken twice and the claims add up
        claims = await asyncio.gather(_claim(db, 90), _claim(db, 90), _claim(db, 90))
        rest = await _claim(db, 500)
    finally:
        await db.dispose()
    ids = [d.id for claim in [*claims, rest] for d in claim]
    assert len(ids) == len(set(ids)) == 200
    assert sorted(len(claim) for claim in claims) == [20, 90, 90]
    assert rest == []


@pytest.mark.skipif(
    not POSTGRES_URL,
    reason="SQLite has one writer: a second claimer cannot claim while the first one's "
    "transaction is open, so there are no locked rows to skip",
)
async def test_a_claimer_skips_the_rows_an_open_claim_holds(database_url: str) -> None:
    db = Database(database_url)
    try:
        await _queue(db, 200)
        # the first claimer holds its rows (its transaction is still open) while the second
        # claims: it skips the locked rows instead of waiting or doubling them
        async with db.sessions() as first, first.begin():
            mine = await DeliveryRepository(first).claim_due(NOW, 120, LEASE)
            theirs = await asyncio.wait_for(_claim(db, 120), timeout=10)
        rest = await _claim(db, 500)
    finally:
        await db.dispose()
    ids = [d.id for d in [*mine, *theirs, *rest]]
    assert len(ids) == len(set(ids)) == 200
    assert (len(mine), len(theirs), len(rest)) == (120, 80, 0)
