"""Queries about sign-up drafts: the conversation state that survives restarts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OfferSubmission, SignupDraft
from bot.signup.repository_submissions import PENDING


def signing_up(user_id: int) -> ColumnElement[bool]:
    """Whether this person is signing up an initiative, or is a coordinator whose message on
    a pending submission (a change or a rejection) is awaited."""
    return exists().where(SignupDraft.user_id == user_id) | exists().where(
        OfferSubmission.awaiting_by == user_id, OfferSubmission.state == PENDING
    )


class DraftRepository:
    """Sign-up drafts, one per person, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> SignupDraft | None:
        """The person's draft, if a sign-up is in progress."""
        return await self.session.get(SignupDraft, user_id)

    async def save(self, user_id: int, step: str, data: dict[str, Any], now: datetime) -> None:
        """Store the step and answers; touching a draft cancels a pending expiry."""
        draft = await self.get(user_id)
        if draft is None:
            draft = SignupDraft(user_id=user_id, step=step, data=data, updated_at=now)
            self.session.add(draft)
        else:
            draft.step = step
            # A new dict, so that SQLAlchemy sees the JSON column changed.
            draft.data = dict(data)
            draft.updated_at = now
            draft.reminded_at = None
        await self.session.flush()

    async def delete(self, user_id: int) -> bool:
        """Drop the person's draft; False if there was none."""
        result = await self.session.execute(
            delete(SignupDraft).where(SignupDraft.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def to_remind(self, untouched_since: datetime) -> Sequence[SignupDraft]:
        """Drafts nobody touched since then and that got no reminder yet."""
        result = await self.session.scalars(
            select(SignupDraft).where(
                SignupDraft.updated_at < untouched_since, SignupDraft.reminded_at.is_(None)
            )
        )
        return result.all()

    async def to_remove(self, reminded_before: datetime) -> Sequence[SignupDraft]:
        """Drafts whose reminder went out before then without an answer."""
        result = await self.session.scalars(
            select(SignupDraft).where(SignupDraft.reminded_at < reminded_before)
        )
        return result.all()
