"""Processes starting side by side on a new PostgreSQL database migrate and seed it once."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import make_url

from bot.db.migrate import upgrade_database
from bot.db.session import Database
from bot.socialmap.repository import ImportReport, OfferRepository
from bot.socialmap.service import seed_if_empty
from tests.conftest import POSTGRES_URL, _admin

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _start(db: Database) -> ImportReport | None:
    await upgrade_database(db.engine)
    return await seed_if_empty(db, NOW)


@pytest.mark.skipif(not POSTGRES_URL, reason="one process at a time on SQLite")
async def test_three_processes_starting_at_once_migrate_and_seed_once() -> None:
    assert POSTGRES_URL is not None
    name = f"wijkwijzer_startup_{os.getpid()}"
    await _admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    dbs = [Database(url) for _ in range(3)]
    try:
        # Without the start-up lock the three migrations deadlock: fail, do not hang.
        reports = await asyncio.wait_for(asyncio.gather(*(_start(db) for db in dbs)), 60)
        seeded = [report for report in reports if report is not None]
        assert len(seeded) == 1  # the others found the map already there
        async with dbs[0].transaction() as session:
            assert await OfferRepository(session).count() == seeded[0].added
    finally:
        for db in dbs:
            await db.dispose()
        await _admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
