"""One process runs the scheduled work: the holder of the PostgreSQL advisory lock."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.core.repeating import leader_only
from bot.db.session import Database
from bot.delivery.leader import Leadership
from tests.conftest import POSTGRES_URL
from tests.harness import BotHarness

postgres_only = pytest.mark.skipif(not POSTGRES_URL, reason="advisory locks need PostgreSQL")


async def test_the_embedded_database_always_leads(database_url: str) -> None:
    db = Database(database_url)
    try:
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        assert await Leadership(db).is_leader()
    finally:
        await db.dispose()


class _Follower:
    """A process that does not hold the lock (for the job wrapper)."""

    async def is_leader(self) -> bool:
        return False


async def test_a_job_does_nothing_outside_the_leader(harness: BotHarness) -> None:
    ran: list[str] = []

    async def job(_context: object) -> None:
        ran.append("ran")

    guarded = leader_only(job)
    context = type("Ctx", (), {"services": harness.services})()
    await guarded(context)
    assert ran == ["ran"]
    leader, harness.services.leader = harness.services.leader, _Follower()  # type: ignore[assignment]
    try:
        await guarded(context)
    finally:
        harness.services.leader = leader
    assert ran == ["ran"]


async def _backend_pid(leader: Leadership) -> int:
    connection = leader._connection
    assert connection is not None
    return int(await connection.scalar(text("SELECT pg_backend_pid()")))


@postgres_only
async def test_one_leader_and_a_takeover_when_it_dies(database_url: str) -> None:
    first_db, second_db, admin = (
        Database(database_url),
        Database(database_url),
        Database(database_url),
    )
    first, second = Leadership(first_db), Leadership(second_db)
    try:
        assert await first.is_leader()
        assert not await second.is_leader()
        assert await first.is_leader()  # still, on every tick

        # a clean shutdown hands over at once
        await first.release()
        assert await second.is_leader()
        assert not await first.is_leader()

        # the leader's process dies: PostgreSQL ends its session and frees the lock
        pid = await _backend_pid(second)
        async with admin.engine.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            await connection.commit()
        for _ in range(100):  # the server frees the lock as the backend exits
            if await first.is_leader():
                break
            await asyncio.sleep(0.02)
        assert await first.is_leader()
        # the old leader notices its connection is gone and does not lead any more
        assert not await second.is_leader()
    finally:
        await first.release()
        await second.release()
        for db in (first_db, second_db, admin):
            await db.dispose()
