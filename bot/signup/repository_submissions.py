"""Queries about the moderation queue, owners of entries and the map's audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OfferChange, OfferOwner, OfferSubmission, UserRole
from bot.policy import MODERATION_TYPING_WAIT
from matching.offer import FIELD_ORDER, Offer

PENDING = "pending"
APPROVED = "approved"
CHANGES_REQUESTED = "changes_requested"
REJECTED = "rejected"
OPEN_STATES = (PENDING, CHANGES_REQUESTED)
OWNER_FIELD = "owner"


def _shown(value: object) -> str | None:
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


class SubmissionRepository:
    """Submissions, owners and changes of the social map, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def submit(
        self, owner_id: int, data: dict[str, Any], now: datetime, submission_id: int | None
    ) -> OfferSubmission:
        """Put an entry in the queue (again, when it was sent back for a change)."""
        row = await self.get(submission_id) if submission_id is not None else None
        if row is None or row.owner_id != owner_id or row.state not in OPEN_STATES:
            row = OfferSubmission(owner_id=owner_id, created_at=now, data=data, state=PENDING)
            self.session.add(row)
        row.data = dict(data)
        row.state = PENDING
        row.reason = None
        row.created_at = now
        await self.session.flush()
        return row

    async def get(self, submission_id: int) -> OfferSubmission | None:
        """One submission by id."""
        return await self.session.get(OfferSubmission, submission_id)

    async def locked(self, submission_id: int) -> OfferSubmission | None:
        """One submission, locked until the transaction ends and read as committed now: a
        second coordinator (or a double press) waits, then finds it decided (PostgreSQL;
        SQLite runs one transaction at a time anyway)."""
        result = await self.session.scalars(
            select(OfferSubmission)
            .where(OfferSubmission.id == submission_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return result.first()

    async def pending(self) -> Sequence[OfferSubmission]:
        """The queue, oldest first."""
        result = await self.session.scalars(
            select(OfferSubmission)
            .where(OfferSubmission.state == PENDING)
            .order_by(OfferSubmission.created_at, OfferSubmission.id)
        )
        return result.all()

    async def decide(
        self, row: OfferSubmission, state: str, actor: int, now: datetime, reason: str | None
    ) -> None:
        """Record a coordinator's decision."""
        row.state = state
        row.reason = reason
        row.decided_at = now
        row.decided_by = actor
        row.awaiting_action = row.awaiting_by = row.awaiting_since = None
        await self.session.flush()

    async def await_text(
        self, row: OfferSubmission, action: str, actor: int, now: datetime
    ) -> None:
        """Note that a coordinator is typing the message for a change request or a rejection."""
        await self.session.execute(
            update(OfferSubmission)
            .where(OfferSubmission.awaiting_by == actor)
            .values(awaiting_action=None, awaiting_by=None, awaiting_since=None)
        )
        row.awaiting_action, row.awaiting_by, row.awaiting_since = action, actor, now
        await self.session.flush()

    async def awaiting_text_from(self, actor: int, now: datetime) -> OfferSubmission | None:
        """The pending submission whose message this coordinator is typing, if any."""
        return await self.session.scalar(
            select(OfferSubmission).where(
                OfferSubmission.awaiting_by == actor,
                OfferSubmission.state == PENDING,
                OfferSubmission.awaiting_since > now - MODERATION_TYPING_WAIT,
            )
        )

    async def coordinator_ids(self, admin_ids: Iterable[int]) -> list[int]:
        """Everyone who moderates: the admins from the settings and granted coordinators."""
        granted = await self.session.scalars(
            select(UserRole.user_id).where(UserRole.role == "coordinator")
        )
        return sorted(set(admin_ids) | set(granted.all()))

    async def add_owner(self, offer_id: str, user_id: int, now: datetime) -> None:
        """Make someone an owner of an entry."""
        if await self.session.get(OfferOwner, (offer_id, user_id)) is None:
            self.session.add(OfferOwner(offer_id=offer_id, user_id=user_id, since=now))
            await self.session.flush()

    async def submitted_by(self, user_id: int) -> Sequence[OfferSubmission]:
        """Every submission this person sent that still names them, oldest first."""
        result = await self.session.scalars(
            select(OfferSubmission)
            .where(OfferSubmission.owner_id == user_id)
            .order_by(OfferSubmission.created_at, OfferSubmission.id)
        )
        return result.all()

    async def owned_by(self, user_id: int) -> Sequence[str]:
        """Ids of the entries this person owns."""
        result = await self.session.scalars(
            select(OfferOwner.offer_id).where(OfferOwner.user_id == user_id)
        )
        return result.all()

    async def record_changes(
        self, old: Offer | None, new: Offer, actor: int | None, now: datetime
    ) -> int:
        """Write one audit row per field that differs; how many were written."""
        count = 0
        for name in FIELD_ORDER:
            before = _shown(getattr(old, name)) if old is not None else None
            after = _shown(getattr(new, name))
            if before != after:
                self.session.add(
                    OfferChange(
                        offer_id=new.id, at=now, actor_id=actor, field=name, old=before, new=after
                    )
                )
                count += 1
        await self.session.flush()
        return count

    async def changes_of(self, offer_id: str) -> Sequence[OfferChange]:
        """The audit trail of one entry, oldest first."""
        result = await self.session.scalars(
            select(OfferChange)
            .where(OfferChange.offer_id == offer_id)
            .order_by(OfferChange.at, OfferChange.id)
        )
        return result.all()

    async def forget_user(self, user_id: int, now: datetime) -> None:
        """Detach a person: open submissions go, owned entries pass to the coordinators."""
        await self.session.execute(
            delete(OfferSubmission).where(
                OfferSubmission.owner_id == user_id, OfferSubmission.state.in_(OPEN_STATES)
            )
        )
        for column in (OfferSubmission.owner_id, OfferSubmission.decided_by):
            await self.session.execute(
                update(OfferSubmission).where(column == user_id).values({column.key: None})
            )
        await self.session.execute(
            update(OfferSubmission)
            .where(OfferSubmission.awaiting_by == user_id)
            .values(awaiting_action=None, awaiting_by=None, awaiting_since=None)
        )
        for offer_id in await self.owned_by(user_id):
            self.session.add(
                OfferChange(
                    offer_id=offer_id,
                    at=now,
                    actor_id=None,
                    field=OWNER_FIELD,
                    old=OWNER_FIELD,
                    new="coordinators",
                )
            )
        await self.session.execute(delete(OfferOwner).where(OfferOwner.user_id == user_id))
        await self.session.execute(
            update(OfferChange).where(OfferChange.actor_id == user_id).values(actor_id=None)
        )
