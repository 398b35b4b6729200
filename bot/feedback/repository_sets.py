"""Queries about feedback sets and their questions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import FeedbackQuestion, FeedbackRound, FeedbackSet
from bot.feedback.questions import READY_MADE


class FeedbackSetRepository:
    """Feedback sets and their questions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        wijktafel_id: int,
        meeting_id: int | None,
        *,
        delay_minutes: int,
        by: int,
        now: datetime,
    ) -> FeedbackSet:
        """A new set with the ready-made questions, sent to who said yes, with a remark."""
        row = FeedbackSet(
            wijktafel_id=wijktafel_id,
            meeting_id=meeting_id,
            audience="yes",
            to_groups=False,
            delay_minutes=delay_minutes,
            remark=True,
            remark_text=None,
            active=True,
            created_by=by,
            created_at=now,
            sender_id=by,
            questions=[
                FeedbackQuestion(position=i, **question) for i, question in enumerate(READY_MADE)
            ],
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, set_id: int) -> FeedbackSet | None:
        """The set with this id."""
        return await self.session.get(FeedbackSet, set_id)

    async def all(self) -> Sequence[FeedbackSet]:
        """Every set, oldest first."""
        return (await self.session.scalars(select(FeedbackSet).order_by(FeedbackSet.id))).all()

    async def set_question(self, row: FeedbackSet, number: int, question: dict[str, Any]) -> None:
        """Replace question `number` (1-based), or add it when it is one past the last."""
        if number <= len(row.questions):
            target = row.questions[number - 1]
            for name, value in question.items():
                setattr(target, name, value)
        else:
            row.questions.append(FeedbackQuestion(position=len(row.questions), **question))
        await self.session.flush()

    async def remove_question(self, row: FeedbackSet, number: int) -> None:
        """Remove question `number` (1-based) and renumber the rest."""
        row.questions.pop(number - 1)
        for position, question in enumerate(row.questions):
            question.position = position
        await self.session.flush()

    async def has_rounds(self, set_id: int) -> bool:
        """Whether the set was ever sent (then it is kept, with its results)."""
        found = await self.session.scalars(
            select(FeedbackRound.id).where(FeedbackRound.set_id == set_id).limit(1)
        )
        return found.first() is not None

    async def delete(self, row: FeedbackSet) -> None:
        """Remove a set that was never sent."""
        await self.session.delete(row)
        await self.session.flush()

    async def forget_creator(self, user_id: int) -> None:
        """Sets someone made or changed stay, without their id."""
        await self.session.execute(
            update(FeedbackSet).where(FeedbackSet.created_by == user_id).values(created_by=None)
        )
        await self.session.execute(
            update(FeedbackSet).where(FeedbackSet.sender_id == user_id).values(sender_id=None)
        )
