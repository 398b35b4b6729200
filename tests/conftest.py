"""Shared fixtures: a controllable clock and a freshly migrated database per test."""

from __future__ import annotations

import asyncio
import itertools
import logging
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
from bot.db.session import Database, make_engine
from bot.i18n import MISSING
from bot.socialmap.service import seed_if_empty
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


def _copy(template: str, tmp_path: Path, name: str) -> Iterator[str]:
    if POSTGRES_URL:
        database = f"wijkwijzer_test_{os.getpid()}_{next(_counter)}"
        asyncio.run(_admin(POSTGRES_URL, f'CREATE DATABASE "{database}" TEMPLATE "{template}"'))
        yield make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)
        asyncio.run(_admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    else:
        path = tmp_path / name
        shutil.copyfile(template, path)
        yield f"sqlite+aiosqlite:///{path}"


async def _seed(url: str, now: datetime) -> None:
    db = Database(url)
    try:
        await seed_if_empty(db, now)
    finally:
        await db.dispose()


@pytest.fixture(scope="session")
def seeded_template_database(
    template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The migrated template with the bundled map already seeded (saves each test the import)."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    if POSTGRES_URL:
        name = f"wijkwijzer_seeded_{os.getpid()}"
        asyncio.run(
            _admin(
                POSTGRES_URL,
                f'DROP DATABASE IF EXISTS "{name}"',
                f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"',
            )
        )
        asyncio.run(
            _seed(
                make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False), now
            )
        )
        yield name
        asyncio.run(_admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path_factory.mktemp("seeded") / "seeded.db"
        shutil.copyfile(template_database, path)
        asyncio.run(_seed(f"sqlite+aiosqlite:///{path}", now))
        yield str(path)


@pytest.fixture
def database_url(template_database: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a freshly migrated, empty database that belongs to this test only."""
    yield from _copy(template_database, tmp_path, "wijkwijzer.db")


@pytest.fixture
def seeded_database_url(seeded_template_database: str, tmp_path: Path) -> Iterator[str]:
    """Like `database_url`, with the bundled social map already in it (as after a first run)."""
    yield from _copy(seeded_template_database, tmp_path, "seeded.db")


@pytest.fixture
def clock() -> FakeClock:
    """A clock that only moves when the test says so (a Monday morning in November)."""
    return FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


ADMIN_ID = 9001


@pytest.fixture
async def harness(seeded_database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The real Application over the in-process sandbox and this test's (seeded) database."""
    from tests.harness import BotHarness

    async with BotHarness.started(seeded_database_url, clock, admin_ids={ADMIN_ID}) as bot_harness:
        yield bot_harness


class _MissingMessages(logging.Handler):
    """Collects what the translator logs about message ids no catalogue holds."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == MISSING:
            self.missing.append(record.getMessage())


@pytest.fixture(autouse=True)
def every_message_in_the_catalogue() -> Iterator[None]:
    """A message id the bot asks for and no catalogue holds fails the test: users would
    see the raw id (`signup.field.kind`) instead of a text."""
    handler = _MissingMessages()
    logger = logging.getLogger("bot.i18n")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.missing:
        pytest.fail("; ".join(handler.missing), pytrace=False)
