"""The delivery queue: one row per recipient and message, claimed, sent and marked in order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery

PENDING, SENDING, SENT, FAILED, BLOCKED = "pending", "sending", "sent", "failed", "blocked"
# claimed, and its request to Telegram has left (or is leaving) without an answer recorded yet
IN_FLIGHT = "in_flight"
UNCONFIRMED = "unconfirmed: the sender stopped during the call"


class DeliveryRepository:
    """Queue, claim and settle deliveries, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def blocked_chats(self, chat_ids: Iterable[int]) -> set[int]:
        """Those of these chats that blocked the bot (nothing more is sent to them)."""
        ids = list(chat_ids)
        if not ids:
            return set()
        result = await self.session.scalars(
            select(Delivery.chat_id).where(Delivery.chat_id.in_(ids), Delivery.state == BLOCKED)
        )
        return set(result.all())

    async def enqueue(
        self, chat_ids: Iterable[int], key: str, payload: dict[str, Any], now: datetime
    ) -> int:
        """Queue the message for each chat that has not had it queued yet; how many were new."""
        wanted = set(chat_ids)
        if not wanted:
            return 0
        existing = await self.session.scalars(
            select(Delivery.chat_id).where(
                Delivery.message_key == key, Delivery.chat_id.in_(wanted)
            )
        )
        fresh = wanted - set(existing.all()) - await self.blocked_chats(wanted)
        for chat_id in sorted(fresh):
            self.session.add(
                Delivery(
                    chat_id=chat_id,
                    message_key=key,
                    payload=payload,
                    state=PENDING,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
        await self.session.flush()
        return len(fresh)

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[Delivery]:
        """Take due rows (and rows whose claim expired after a crash) for `lease`."""
        candidates = await self.session.execute(
            select(Delivery.id, Delivery.state, Delivery.next_attempt_at)
            .where(
                or_(Delivery.state == PENDING, Delivery.state == SENDING),
                Delivery.next_attempt_at <= now,
            )
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
            # PostgreSQL: rows another claimer holds are skipped, not waited for (SQLite has
            # one writer and ignores this); the compare-and-set below still guards each row.
            .with_for_update(skip_locked=True)
        )
        claimed: list[int] = []
        for row_id, state, due in candidates.all():
            # Compare-and-set: another worker that claimed the row first wins.
            result = await self.session.execute(
                update(Delivery)
                .where(
                    Delivery.id == row_id,
                    Delivery.state == state,
                    Delivery.next_attempt_at == due,
                )
                .values(state=SENDING, next_attempt_at=now + lease)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                claimed.append(row_id)
        if not claimed:
            return []
        rows = await self.session.scalars(
            select(Delivery)
            .where(Delivery.id.in_(claimed))
            .order_by(Delivery.id)
            .execution_options(populate_existing=True)
        )
        return list(rows.all())

    async def settle(
        self,
        delivery_id: int,
        state: str,
        now: datetime,
        *,
        retry_at: datetime | None = None,
        error: str | None = None,
    ) -> None:
        """Mark a claimed row sent, failed or blocked, or give it back as pending for later."""
        values: dict[str, Any] = {
            "state": state,
            "attempts": Delivery.attempts + 1,
            "last_error": error[:200] if error else None,
        }
        if state == SENT:
            values["sent_at"] = now
        if retry_at is not None:
            values["next_attempt_at"] = retry_at
        await self.session.execute(
            update(Delivery).where(Delivery.id == delivery_id).values(**values)
        )

    async def mark_in_flight(self, delivery_id: int) -> None:
        """The claimed row's request leaves now: if the sender dies, count it as sent."""
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.state == SENDING)
            .values(state=IN_FLIGHT)
        )

    async def mark_claimed(self, delivery_id: int) -> None:
        """The request came back with an error: the row is merely claimed again."""
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.state == IN_FLIGHT)
            .values(state=SENDING)
        )

    async def settle_unconfirmed(self, now: datetime) -> int:
        """Rows whose sender died with the request out: sent, as far as anyone can tell."""
        result = await self.session.execute(
            update(Delivery)
            .where(Delivery.state == IN_FLIGHT, Delivery.next_attempt_at <= now)
            .values(
                state=SENT,
                sent_at=now,
                attempts=Delivery.attempts + 1,
                last_error=UNCONFIRMED,
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def release(self, delivery_ids: Sequence[int], retry_at: datetime) -> None:
        """Give claimed rows back untouched (no attempt counted), due again at `retry_at`."""
        if delivery_ids:
            await self.session.execute(
                update(Delivery)
                .where(Delivery.id.in_(delivery_ids), Delivery.state == SENDING)
                .values(state=PENDING, next_attempt_at=retry_at)
            )

    async def pause(self, until: datetime) -> None:
        """Make every pending row due before `until` wait until then (Telegram said to wait)."""
        await self.session.execute(
            update(Delivery)
            .where(Delivery.state == PENDING, Delivery.next_attempt_at < until)
            .values(next_attempt_at=until)
        )

    async def block_chat(self, chat_id: int) -> None:
        """Stop everything still queued for a chat that blocked the bot."""
        await self.session.execute(
            update(Delivery)
            .where(Delivery.chat_id == chat_id, Delivery.state.in_((PENDING, SENDING, IN_FLIGHT)))
            .values(state=BLOCKED)
        )

    async def unblock_chat(self, chat_id: int) -> None:
        """A person who talks to the bot again has unblocked it: send to them again."""
        await self.session.execute(
            update(Delivery)
            .where(Delivery.chat_id == chat_id, Delivery.state == BLOCKED)
            .values(state=FAILED, last_error="blocked, later unblocked")
        )

    async def counts(self, key: str, *, prefix: bool = False) -> dict[str, int]:
        """How many deliveries of a message (or of keys starting with `key`) are in each state."""
        match = Delivery.message_key.startswith(key) if prefix else Delivery.message_key == key
        result = await self.session.execute(
            select(Delivery.state, func.count()).where(match).group_by(Delivery.state)
        )
        return {str(state): int(count) for state, count in result.all()}

    async def of_chat(self, chat_id: int) -> Sequence[Delivery]:
        """Every delivery to a chat (for tests and /mijngegevens)."""
        result = await self.session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.id)
        )
        return result.all()

    async def forget_chat(self, chat_id: int) -> None:
        """Delete every delivery to a person who asked to be forgotten."""
        await self.session.execute(delete(Delivery).where(Delivery.chat_id == chat_id))
