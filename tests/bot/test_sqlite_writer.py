"""SQLite in one process: writers take turns instead of failing with "database is locked";
a database file out of reach gets 503 in webhook mode (Telegram delivers the update again)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from bot.config import Settings
from bot.db.models import HandledUpdate
from bot.db.session import Database
from bot.web.app import SECRET_HEADER, create_web_app
from bot.web.metrics import Metrics
from bot.web.redelivery import database_unavailable
from tests.conftest import POSTGRES_URL
from tests.harness import BotHarness, user

sqlite_only = pytest.mark.skipif(
    bool(POSTGRES_URL), reason="SQLite's one writer; PostgreSQL has row locks"
)
SECRET = "writer-secret"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


# pysqlite's own busy timeout: how long a second connection waits for SQLite's write lock
DRIVER_BUSY_TIMEOUT = 5.0


@sqlite_only
async def test_writers_wait_their_turn_however_long_one_holds_the_lock(database_url: str) -> None:
    """Under a burst the event loop is busy with other updates, so a handler that started
    writing may take long to reach its commit; the others must wait, not fail."""
    db = Database(database_url)
    first_wrote = asyncio.Event()

    async def slow_writer() -> None:
        async with db.transaction() as session:
            session.add(HandledUpdate(update_id=1, done=True, claimed_at=NOW))
            await session.flush()
            first_wrote.set()
            # real time on purpose: SQLite's busy timeout is wall-clock time
            await asyncio.sleep(DRIVER_BUSY_TIMEOUT + 0.5)

    async def writer(number: int) -> None:
        await first_wrote.wait()
        async with db.transaction() as session:
            session.add(HandledUpdate(update_id=number, done=True, claimed_at=NOW))

    try:
        await asyncio.gather(slow_writer(), *(writer(n) for n in range(2, 7)))
        async with db.transaction() as session:
            count = await session.scalar(select(func.count()).select_from(HandledUpdate))
            mode = await session.scalar(text("PRAGMA journal_mode"))
    finally:
        await db.dispose()
    assert count == 6
    assert mode == "wal"


def test_a_locked_or_missing_sqlite_file_is_out_of_reach() -> None:
    for message in ("database is locked", "unable to open database file"):
        cause = sqlite3.OperationalError(message)
        error = OperationalError("INSERT", {}, cause)
        error.__cause__ = cause
        assert database_unavailable(error)
    assert not database_unavailable(sqlite3.OperationalError("no such table: offers"))


@sqlite_only
async def test_an_unreachable_sqlite_file_gets_503_not_an_apology(
    harness: BotHarness, tmp_path: Path
) -> None:
    anna = user(1001)
    web = create_web_app(harness.application, Settings(webhook_secret=SECRET), Metrics(), "/t")
    services = harness.services
    working, services.db = services.db, Database(f"sqlite+aiosqlite:///{tmp_path}/no/such.db")
    body = json.dumps(harness.core.inject({"user": anna, "text": "hallo"}, queue=False))
    try:
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
            response = await http.post("/t", content=body, headers={SECRET_HEADER: SECRET})
    finally:
        await services.db.dispose()
        services.db = working
    assert response.status_code == 503
    assert harness.core.messages(anna["id"], 0) == []
