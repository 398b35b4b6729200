"""Shared fixtures: a controllable clock and a freshly migrated database per test."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.migrate import upgrade_database
from bot.db.session import make_engine
from tests.clock import FakeClock

if TYPE_CHECKING:
    from tests.harness import BotHarness

POSTGRES_URL = os.environ.get("WIJKWIJZER_TEST_DATABASE_URL")
_counter = itertools.count()


async def _migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


async def _admin(url: str, *statements: str) -> None:
    engine = create_async_engine(
        make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated once per run; each test gets a copy of it."""
    if POSTGRES_URL:
        name = f"wijkwijzer_template_{os.getpid()}"
        url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        asyncio.run(
            _admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        )
        asyncio.run(_migrate(url))
        yield name
        asyncio.run(_admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
        yield str(path)


@pytest.fixture
def database_url(template_database: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a freshly migrated database that belongs to this test only."""
    if POSTGRES_URL:
        name = f"wijkwijzer_test_{os.getpid()}_{next(_counter)}"
        asyncio.run(
            _admin(POSTGRES_URL, f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"')
        )
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        asyncio.run(_admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path / "wijkwijzer.db"
        shutil.copyfile(template_database, path)
        yield f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def clock() -> FakeClock:
    """A clock that only moves when the test says so (a Monday morning in November)."""
    return FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


ADMIN_ID = 9001


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The real Application over the in-process sandbox and this test's database."""
    from tests.harness import BotHarness

    async with BotHarness.started(database_url, clock, admin_ids={ADMIN_ID}) as bot_harness:
        yield bot_harness
