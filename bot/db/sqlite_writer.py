"""SQLite in one process: one transaction at a time, so concurrent updates never collide.

SQLite has one writer per file. With several pooled connections, two handlers that each
read and then write collide: the second gets "database is locked" at once (a busy timeout
does not help when its snapshot is stale), and in webhook mode that meant an apology and a
lost update. Here each connection checked out of the pool (one transaction) first takes an
in-process lock, and gives it back when it returns to the pool; other updates wait their
turn instead of failing. A task that already holds the lock may check out a second
connection (a nested read, such as a matcher rebuild) without waiting for itself.

WAL lets readers in other processes (`import-map`, `export-map`) go on while the bot writes,
and the busy timeout makes writers of two processes wait for each other instead of failing.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_only

# Below a webhook call's patience: a lock held longer elsewhere gets 503 and a redelivery.
BUSY_TIMEOUT_MS = 15_000


class OneWriter:
    """The in-process lock that lets one pooled SQLite connection at a time be in use."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._held: set[int] = set()

    def checkout(self, record: ConnectionPoolEntry) -> None:
        """Wait for the lock (runs inside SQLAlchemy's greenlet, so it may await)."""
        task = asyncio.current_task()
        if task is None or (self._owner is task and self._held):
            self._held.add(id(record))
            return
        await_only(self._lock.acquire())
        self._owner = task
        self._held = {id(record)}

    def checkin(self, record: ConnectionPoolEntry) -> None:
        """Give the lock back when the last connection this owner took returns."""
        if id(record) not in self._held:
            return
        self._held.discard(id(record))
        if not self._held and self._lock.locked():
            self._owner = None
            self._lock.release()


def _pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_conn.cursor()
    # SQLite ignores ON DELETE CASCADE unless asked on every connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def serialise_sqlite(engine: AsyncEngine) -> OneWriter:
    """Install the pragmas and the one-writer lock on a SQLite engine."""
    writer = OneWriter()
    sync_engine = engine.sync_engine
    event.listen(sync_engine, "connect", _pragmas)
    event.listen(sync_engine.pool, "checkout", lambda _c, record, _p: writer.checkout(record))
    event.listen(sync_engine.pool, "checkin", lambda _c, record: writer.checkin(record))
    return writer
