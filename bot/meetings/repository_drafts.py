"""Queries about meeting drafts: a coordinator's planning or editing, kept across restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, exists
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import MeetingDraft


def planning_meeting(user_id: int) -> ColumnElement[bool]:
    """Whether this person has a meeting draft (plans or edits a meeting)."""
    return exists().where(MeetingDraft.user_id == user_id)


class MeetingDraftRepository:
    """Meeting drafts, one per coordinator, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> MeetingDraft | None:
        """The coordinator's draft, if they are planning or editing a meeting."""
        return await self.session.get(MeetingDraft, user_id)

    async def save(self, user_id: int, step: str, data: dict[str, Any], now: datetime) -> None:
        """Store the step and the answers so far."""
        draft = await self.get(user_id)
        if draft is None:
            self.session.add(MeetingDraft(user_id=user_id, step=step, data=data, updated_at=now))
        else:
            draft.step = step
            # A new dict, so that SQLAlchemy sees the JSON column changed.
            draft.data = dict(data)
            draft.updated_at = now
        await self.session.flush()

    async def delete_untouched(self, since: datetime) -> int:
        """Drop drafts nobody touched since then; how many."""
        result = await self.session.execute(
            delete(MeetingDraft).where(MeetingDraft.updated_at < since)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def delete(self, user_id: int) -> bool:
        """Drop the coordinator's draft; False if there was none."""
        result = await self.session.execute(
            delete(MeetingDraft).where(MeetingDraft.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
