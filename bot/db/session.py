"""One engine and one session factory per process, made at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db.sqlite_writer import serialise_sqlite

POOL_SIZE, POOL_OVERFLOW = 10, 20


def make_engine(url: str) -> AsyncEngine:
    """An async engine for SQLite (aiosqlite) or PostgreSQL (asyncpg)."""
    # Statement parameters carry people's ids and what they typed: never in an error
    # message or a log line.
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("postgresql"):
        # A web process handles up to ~20 updates at once (Telegram's 40 webhook connections
        # over two processes). Connections beyond the pool are opened and closed per use,
        # which costs a new PostgreSQL session each time: keep enough of them open.
        kwargs |= {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        serialise_sqlite(engine)
    return engine


class Database:
    """The engine and session factory of this process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session that commits when the block ends and rolls back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
