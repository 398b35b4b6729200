"""Queries about warm introductions: requests, who may answer them, follow-ups and counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import IntroRequest, OfferOwner, OfferSubmission
from bot.policy import (
    INTRO_ANSWER_WAIT,
    INTRO_CONTENT_KEPT,
    INTRO_FOLLOW_UP_AFTER,
    INTRO_TYPING_WAIT,
)

DRAFT, REQUESTED, ACCEPTED = "draft", "requested", "accepted"
DECLINED, EXPIRED, WITHDRAWN = "declined", "expired", "withdrawn"
APPROVED = "approved"  # the state of a published sign-up (see signup_submissions)


def writing_request(user_id: int) -> ColumnElement[bool]:
    """Whether this person has an introduction request they are still writing."""
    return exists().where(IntroRequest.professional_id == user_id, IntroRequest.state == DRAFT)


class IntroRepository:
    """Introduction requests, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def owners(self, offer_id: str) -> list[int]:
        """The current owners of an entry, in a stable order."""
        result = await self.session.scalars(
            select(OfferOwner.user_id)
            .where(OfferOwner.offer_id == offer_id)
            .order_by(OfferOwner.since, OfferOwner.user_id)
        )
        return list(result.all())

    async def reachable(self, offer_ids: Iterable[str]) -> set[str]:
        """Those entries that chose "via de bot" when signing up and still have an owner."""
        ids = sorted(set(offer_ids))
        if not ids:
            return set()
        owned = set(
            await self.session.scalars(
                select(OfferOwner.offer_id).where(OfferOwner.offer_id.in_(ids)).distinct()
            )
        )
        if not owned:
            return set()
        rows = await self.session.execute(
            select(OfferSubmission.offer_id, OfferSubmission.data).where(
                OfferSubmission.offer_id.in_(sorted(owned)), OfferSubmission.state == APPROVED
            )
        )
        return {str(offer_id) for offer_id, data in rows.all() if data.get("via_bot")}

    async def get(self, request_id: int) -> IntroRequest | None:
        """One request by id."""
        return await self.session.get(IntroRequest, request_id)

    async def start(
        self,
        professional_id: int,
        offer_id: str,
        area: str | None,
        query: str | None,
        now: datetime,
    ) -> IntroRequest:
        """A new draft, waiting for the professional's message (an older draft is dropped)."""
        await self.session.execute(
            delete(IntroRequest).where(
                IntroRequest.professional_id == professional_id, IntroRequest.state == DRAFT
            )
        )
        row = IntroRequest(
            professional_id=professional_id,
            offer_id=offer_id,
            area=area,
            query=query[:300] if query else None,
            state=DRAFT,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def draft_of(self, professional_id: int, now: datetime) -> IntroRequest | None:
        """The draft whose message this professional is typing, if it is recent."""
        return await self.session.scalar(
            select(IntroRequest).where(
                IntroRequest.professional_id == professional_id,
                IntroRequest.state == DRAFT,
                IntroRequest.created_at > now - INTRO_TYPING_WAIT,
            )
        )

    async def sent_since(self, professional_id: int, since: datetime) -> int:
        """How many requests this professional sent since then (for the daily limit)."""
        count = await self.session.scalar(
            select(func.count())
            .select_from(IntroRequest)
            .where(
                IntroRequest.professional_id == professional_id,
                IntroRequest.requested_at >= since,
            )
        )
        return int(count or 0)

    async def open_for(self, professional_id: int, offer_id: str) -> IntroRequest | None:
        """A request of this professional to this entry that still waits for an answer."""
        return await self.session.scalar(
            select(IntroRequest).where(
                IntroRequest.professional_id == professional_id,
                IntroRequest.offer_id == offer_id,
                IntroRequest.state == REQUESTED,
            )
        )

    async def send(self, row: IntroRequest, message: str, now: datetime) -> None:
        """The professional's message is written: the request goes to the owners."""
        row.message = message
        row.state = REQUESTED
        row.requested_at = now
        await self.session.flush()

    async def decide(
        self, row: IntroRequest, state: str, owner_id: int | None, now: datetime
    ) -> bool:
        """Close an open request (first answer wins); its message and question are deleted."""
        result = await self.session.execute(
            update(IntroRequest)
            .where(IntroRequest.id == row.id, IntroRequest.state == REQUESTED)
            .values(state=state, decided_at=now, decided_by=owner_id, message=None, query=None)
            .execution_options(synchronize_session=False)
        )
        await self.session.refresh(row)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def cancel_draft(self, row: IntroRequest) -> None:
        """The professional changed their mind before writing."""
        await self.session.delete(row)
        await self.session.flush()

    async def answer(self, row: IntroRequest, side: str, answer: str) -> None:
        """Store one side's answer to "is er contact geweest?"."""
        if side == "professional":
            row.professional_answer = answer
        else:
            row.owner_answer = answer
        await self.session.flush()

    async def expiring(self, now: datetime) -> Sequence[IntroRequest]:
        """Open requests nobody answered within a week."""
        result = await self.session.scalars(
            select(IntroRequest)
            .where(
                IntroRequest.state == REQUESTED,
                IntroRequest.requested_at <= now - INTRO_ANSWER_WAIT,
            )
            .order_by(IntroRequest.id)
        )
        return result.all()

    async def follow_ups_due(self, now: datetime) -> Sequence[IntroRequest]:
        """Accepted introductions two weeks old whose follow-up question was not sent yet."""
        result = await self.session.scalars(
            select(IntroRequest)
            .where(
                IntroRequest.state == ACCEPTED,
                IntroRequest.followup_at.is_(None),
                IntroRequest.decided_at <= now - INTRO_FOLLOW_UP_AFTER,
            )
            .order_by(IntroRequest.id)
        )
        return result.all()

    async def purge(self, now: datetime) -> None:
        """Drop abandoned drafts; no message or question is kept longer than 30 days."""
        await self.session.execute(
            delete(IntroRequest).where(
                IntroRequest.state == DRAFT, IntroRequest.created_at <= now - INTRO_TYPING_WAIT
            )
        )
        await self.session.execute(
            update(IntroRequest)
            .where(
                IntroRequest.created_at <= now - INTRO_CONTENT_KEPT,
                (IntroRequest.message.is_not(None)) | (IntroRequest.query.is_not(None)),
            )
            .values(message=None, query=None)
        )

    async def sent_by(self, user_id: int) -> Sequence[IntroRequest]:
        """Every request this professional made (drafts included), oldest first."""
        result = await self.session.scalars(
            select(IntroRequest)
            .where(IntroRequest.professional_id == user_id)
            .order_by(IntroRequest.created_at, IntroRequest.id)
        )
        return result.all()

    async def answered_by(self, user_id: int) -> Sequence[IntroRequest]:
        """Every request this owner answered, oldest first."""
        result = await self.session.scalars(
            select(IntroRequest)
            .where(IntroRequest.decided_by == user_id)
            .order_by(IntroRequest.created_at, IntroRequest.id)
        )
        return result.all()

    async def sent(self) -> Sequence[IntroRequest]:
        """Every request that was sent (no drafts), for the coordinators' counts."""
        result = await self.session.scalars(
            select(IntroRequest).where(IntroRequest.state != DRAFT).order_by(IntroRequest.id)
        )
        return result.all()

    async def forget_user(self, user_id: int, now: datetime) -> None:
        """Remove a person from every request; the anonymous counts stay."""
        await self.session.execute(
            delete(IntroRequest).where(
                IntroRequest.professional_id == user_id, IntroRequest.state == DRAFT
            )
        )
        await self.session.execute(
            update(IntroRequest)
            .where(IntroRequest.professional_id == user_id, IntroRequest.state == REQUESTED)
            .values(state=WITHDRAWN, decided_at=now)
        )
        await self.session.execute(
            update(IntroRequest)
            .where(IntroRequest.professional_id == user_id)
            .values(professional_id=None, message=None, query=None)
        )
        await self.session.execute(
            update(IntroRequest).where(IntroRequest.decided_by == user_id).values(decided_by=None)
        )
