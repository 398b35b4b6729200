"""Which process runs the scheduled work: the one holding a PostgreSQL advisory lock.

Any number of web and worker processes may run; each tries for the lock whenever a job is
due, and only the holder does the job. The lock lives with one dedicated connection: if the
holder dies, PostgreSQL drops the connection and the lock with it, and the next process whose
job comes up (within the jobs' interval, well under a minute) takes over. On SQLite there is
only ever one process, which always leads.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.session import Database

log = logging.getLogger(__name__)
# An arbitrary 64-bit key that names "the Wijkwijzer scheduler" in pg_locks.
LOCK_KEY = 0x57494A4B  # "WIJK"


class Leadership:
    """Tells whether this process leads, trying to become leader when it does not."""

    def __init__(self, db: Database, key: int = LOCK_KEY) -> None:
        self.db = db
        self.key = key
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()

    @property
    def embedded(self) -> bool:
        """True on SQLite: a single process, always the leader."""
        return self.db.engine.dialect.name == "sqlite"

    async def is_leader(self) -> bool:
        """Hold (or take) the scheduler lock; False while another process holds it."""
        if self.embedded:
            return True
        async with self._lock:
            if self._connection is not None:
                try:
                    await self._connection.execute(text("SELECT 1"))
                except (DBAPIError, SQLAlchemyError, OSError):
                    log.warning("lost the scheduler lock's connection; trying again")
                    await self._close()
                else:
                    return True
            return await self._try_acquire()

    async def _try_acquire(self) -> bool:
        try:
            connection = await self.db.engine.connect()
        except (DBAPIError, SQLAlchemyError, OSError):
            return False
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            held = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
            )
        except (DBAPIError, SQLAlchemyError, OSError):
            await connection.close()
            return False
        if not held:
            await connection.close()
            return False
        self._connection = connection
        log.info("this process now runs the scheduled work")
        return True

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except (DBAPIError, SQLAlchemyError, OSError):
                await connection.invalidate()

    async def release(self) -> None:
        """Give the lock up (at a clean shutdown), so another process leads at once."""
        async with self._lock:
            if self._connection is not None:
                try:
                    await self._connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": self.key}
                    )
                except (DBAPIError, SQLAlchemyError, OSError):
                    log.warning("could not unlock the scheduler lock; closing its connection")
                await self._close()
