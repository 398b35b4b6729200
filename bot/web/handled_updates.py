"""Which Telegram updates web processes took on: a repeat of one is skipped."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import HandledUpdate

# An update still "being handled" after this long belonged to a process that died: its
# redelivery is handled again.
LEASE = timedelta(minutes=2)
# Telegram stops redelivering an update after about a day; ids older than this can go.
KEEP = timedelta(days=2)


class Claim(enum.Enum):
    """What a web process should do with an update it was given."""

    HANDLE = "handle"  # first time (or its earlier handler died): handle it
    DONE = "done"  # handled before: answer 200 and do nothing
    BUSY = "busy"  # another call is handling it right now: let Telegram try again later


class HandledUpdateRepository:
    """Claims on update ids, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, update_id: int, now: datetime, *, ours: bool = False) -> Claim:
        """Take the update on, unless it was handled or is being handled elsewhere; `ours`
        says the open claim is one this process left behind (it could not give it back
        while the database was down), which it takes back at once."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        inserted = await self.session.execute(
            insert(HandledUpdate)
            .values(update_id=update_id, done=False, claimed_at=now)
            .on_conflict_do_nothing(index_elements=["update_id"])
        )
        if getattr(inserted, "rowcount", 0):
            return Claim.HANDLE
        taken_over = await self.session.execute(
            update(HandledUpdate)
            .where(
                HandledUpdate.update_id == update_id,
                HandledUpdate.done.is_(False),
                # ours: whenever it was claimed; another process's: once its lease ran out
                (HandledUpdate.claimed_at <= now)
                if ours
                else (HandledUpdate.claimed_at < now - LEASE),
            )
            .values(claimed_at=now)
        )
        if getattr(taken_over, "rowcount", 0):
            return Claim.HANDLE
        done = await self.session.scalar(
            select(HandledUpdate.done).where(HandledUpdate.update_id == update_id)
        )
        return Claim.DONE if done else Claim.BUSY

    async def finish(self, update_id: int) -> None:
        """The update was handled: repeats of it are skipped from now on."""
        await self.session.execute(
            update(HandledUpdate).where(HandledUpdate.update_id == update_id).values(done=True)
        )

    async def release(self, update_id: int) -> None:
        """The update was not handled (given back for redelivery): the next call handles it."""
        await self.session.execute(
            delete(HandledUpdate).where(
                HandledUpdate.update_id == update_id, HandledUpdate.done.is_(False)
            )
        )

    async def purge(self, now: datetime) -> None:
        """Forget ids older than Telegram's redelivery window (keeps the table bounded)."""
        await self.session.execute(
            delete(HandledUpdate).where(HandledUpdate.claimed_at < now - KEEP)
        )
