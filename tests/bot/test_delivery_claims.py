"""Two claimers at once never take the same queue row (PostgreSQL: FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.repositories.deliveries import DeliveryRepository
from bot.db.session import Database

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
LEASE = timedelta(minutes=2)


async def test_concurrent_claims_are_disjoint_and_complete(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.transaction() as session:
            queued = await DeliveryRepository(session).enqueue(
                range(1, 201), "bericht:1", {"kind": "broadcast", "text": "hoi"}, NOW
            )
        assert queued == 200
        # the first claimer holds its rows (its transaction is still open) while the second
        # claims: on PostgreSQL it skips the locked rows instead of waiting or doubling them
        async with db.sessions() as first, first.begin():
            mine = await DeliveryRepository(first).claim_due(NOW, 120, LEASE)
            if db.engine.dialect.name == "postgresql":
                async with db.sessions() as second, second.begin():
                    theirs = await DeliveryRepository(second).claim_due(NOW, 120, LEASE)
            else:
                theirs = []  # SQLite: one writer at a time; the next claim comes after
        async with db.transaction() as session:
            rest = await DeliveryRepository(session).claim_due(NOW, 500, LEASE)
    finally:
        await db.dispose()
    ids = [d.id for d in [*mine, *theirs, *rest]]
    assert len(ids) == len(set(ids)) == 200
    assert len(mine) == 120
