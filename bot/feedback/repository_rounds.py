"""Queries about feedback rounds, their invites, polls and remarks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    FeedbackInvite,
    FeedbackPoll,
    FeedbackQuestion,
    FeedbackRemark,
    FeedbackRound,
    FeedbackSet,
    Meeting,
)

OPEN, CLOSED = "open", "closed"


def remark_awaited(user_id: int) -> ColumnElement[bool]:
    """Whether this person pressed the remark button and has not typed the remark yet."""
    return exists().where(
        FeedbackInvite.chat_id == user_id, FeedbackInvite.awaiting_since.is_not(None)
    )


def snapshot(question: FeedbackQuestion) -> dict[str, Any]:
    """A question as a plain dict, as rounds keep it."""
    return {
        "template": question.template,
        "text": question.text,
        "options": question.options,
        "scale": question.scale,
        "multiple": question.multiple,
    }


class FeedbackRoundRepository:
    """Rounds, their invites, polls and remarks."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def known(self, set_id: int, meeting_id: int, key: date) -> bool:
        """Whether a round for this occurrence was started already."""
        result = await self.session.scalars(
            select(FeedbackRound.id).where(
                FeedbackRound.set_id == set_id,
                FeedbackRound.meeting_id == meeting_id,
                FeedbackRound.occurrence == key,
            )
        )
        return result.first() is not None

    async def start(
        self,
        feedback_set: FeedbackSet,
        meeting_id: int,
        key: date,
        *,
        state: str,
        now: datetime,
        remind_after: timedelta,
        close_after: timedelta,
        sent_by: int | None = None,
    ) -> FeedbackRound:
        """A round for one occurrence, with the set's questions copied; `sent_by` for a round
        to all subscribers (it counts against that person's daily broadcast cap)."""
        row = FeedbackRound(
            set_id=feedback_set.id,
            meeting_id=meeting_id,
            occurrence=key,
            questions=[snapshot(q) for q in feedback_set.questions],
            remark=feedback_set.remark,
            remark_text=feedback_set.remark_text,
            state=state,
            started_at=now,
            remind_at=now + remind_after,
            reminded=False,
            close_at=now + close_after,
            sent_by=sent_by,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def invite(self, round_id: int, chat_ids: Sequence[int]) -> None:
        """Note who is asked (response rates are counted against them)."""
        for chat_id in chat_ids:
            self.session.add(FeedbackInvite(round_id=round_id, chat_id=chat_id))
        await self.session.flush()

    async def get(self, round_id: int) -> FeedbackRound | None:
        """The round with this id."""
        return await self.session.get(FeedbackRound, round_id)

    async def due_reminders(self, now: datetime) -> Sequence[FeedbackRound]:
        """Open rounds whose reminder time came and that were not reminded yet."""
        result = await self.session.scalars(
            select(FeedbackRound).where(
                FeedbackRound.state == OPEN,
                FeedbackRound.reminded.is_(False),
                FeedbackRound.remind_at <= now,
            )
        )
        return result.all()

    async def due_closing(self, now: datetime) -> Sequence[FeedbackRound]:
        """Open rounds whose closing time came."""
        result = await self.session.scalars(
            select(FeedbackRound).where(FeedbackRound.state == OPEN, FeedbackRound.close_at <= now)
        )
        return result.all()

    async def recent(self, limit: int, offset: int = 0) -> Sequence[FeedbackRound]:
        """Rounds, newest meeting first."""
        result = await self.session.scalars(
            select(FeedbackRound)
            .order_by(FeedbackRound.occurrence.desc(), FeedbackRound.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return result.all()

    async def of_wijktafel(self, wijktafel_id: int, upto: date, limit: int) -> list[FeedbackRound]:
        """The latest rounds of a wijktafel up to a date, oldest first (for the trend)."""
        result = await self.session.scalars(
            select(FeedbackRound)
            .join(Meeting, Meeting.id == FeedbackRound.meeting_id)
            .where(
                Meeting.wijktafel_id == wijktafel_id,
                FeedbackRound.occurrence <= upto,
            )
            .order_by(FeedbackRound.occurrence.desc(), FeedbackRound.id.desc())
            .limit(limit)
        )
        return list(reversed(result.all()))

    async def invites(self, round_id: int) -> Sequence[FeedbackInvite]:
        """Everyone asked in a round (forgotten people as rows without a chat)."""
        result = await self.session.scalars(
            select(FeedbackInvite)
            .where(FeedbackInvite.round_id == round_id)
            .order_by(FeedbackInvite.id)
        )
        return result.all()

    async def invite_of(self, round_id: int, chat_id: int) -> FeedbackInvite | None:
        """The invite of this person in this round."""
        result = await self.session.scalars(
            select(FeedbackInvite).where(
                FeedbackInvite.round_id == round_id, FeedbackInvite.chat_id == chat_id
            )
        )
        return result.first()

    async def respondents(self, round_id: int) -> set[int]:
        """Invite ids that answered a poll or wrote a remark."""
        polls = await self.session.scalars(
            select(FeedbackPoll.invite_id).where(
                FeedbackPoll.round_id == round_id,
                FeedbackPoll.invite_id.is_not(None),
                FeedbackPoll.choice.is_not(None),
            )
        )
        remarks = await self.session.scalars(
            select(FeedbackRemark.invite_id).where(
                FeedbackRemark.round_id == round_id, FeedbackRemark.invite_id.is_not(None)
            )
        )
        return {i for i in [*polls.all(), *remarks.all()] if i is not None}

    async def record_poll(
        self,
        poll_id: str,
        round_id: int,
        question: int,
        *,
        chat_id: int,
        message_id: int,
        invite_id: int | None,
    ) -> None:
        """Remember which round and question a sent poll belongs to."""
        self.session.add(
            FeedbackPoll(
                poll_id=poll_id,
                round_id=round_id,
                question=question,
                invite_id=invite_id,
                chat_id=chat_id,
                message_id=message_id,
                closed=False,
            )
        )
        await self.session.flush()

    async def poll(self, poll_id: str) -> FeedbackPoll | None:
        """The sent poll with this Telegram id."""
        return await self.session.get(FeedbackPoll, poll_id)

    async def polls(self, round_id: int) -> Sequence[FeedbackPoll]:
        """Every poll sent in a round."""
        result = await self.session.scalars(
            select(FeedbackPoll)
            .where(FeedbackPoll.round_id == round_id)
            .order_by(FeedbackPoll.question, FeedbackPoll.poll_id)
        )
        return result.all()

    async def open_polls(self, round_id: int) -> Sequence[FeedbackPoll]:
        """Polls of a round still to be stopped."""
        result = await self.session.scalars(
            select(FeedbackPoll).where(
                FeedbackPoll.round_id == round_id, FeedbackPoll.closed.is_(False)
            )
        )
        return result.all()

    async def mark_closed(self, poll_id: str, tallies: list[int] | None = None) -> None:
        """A poll was stopped (keeping a group poll's final counts)."""
        values: dict[str, Any] = {"closed": True}
        if tallies is not None:
            values["tallies"] = tallies
        await self.session.execute(
            update(FeedbackPoll).where(FeedbackPoll.poll_id == poll_id).values(**values)
        )

    async def remarks(self, round_id: int) -> Sequence[FeedbackRemark]:
        """A round's remarks in the order they came (without those of forgotten people)."""
        result = await self.session.scalars(
            select(FeedbackRemark)
            .where(FeedbackRemark.round_id == round_id, FeedbackRemark.text != "")
            .order_by(FeedbackRemark.id)
        )
        return result.all()

    async def add_remark(self, invite: FeedbackInvite, text: str, now: datetime) -> None:
        """Store a remark (without a name) and stop waiting for one."""
        self.session.add(
            FeedbackRemark(round_id=invite.round_id, invite_id=invite.id, text=text, created_at=now)
        )
        invite.awaiting_since = None
        await self.session.flush()

    async def awaiting_remark(self, chat_id: int, since: datetime) -> FeedbackInvite | None:
        """The person's invite waiting for a typed remark (pressed after `since`)."""
        result = await self.session.scalars(
            select(FeedbackInvite)
            .join(FeedbackRound, FeedbackRound.id == FeedbackInvite.round_id)
            .where(
                FeedbackInvite.chat_id == chat_id,
                FeedbackInvite.awaiting_since >= since,
                FeedbackRound.state == OPEN,
            )
            .order_by(FeedbackInvite.awaiting_since.desc())
        )
        return result.first()

    async def of_person(self, chat_id: int) -> tuple[int, int, int]:
        """For /mijngegevens: rounds a person was asked in, polls they answered, remarks."""
        invites = (
            await self.session.scalars(
                select(FeedbackInvite.id).where(FeedbackInvite.chat_id == chat_id)
            )
        ).all()
        answered = await self.session.scalar(
            select(func.count()).where(
                FeedbackPoll.chat_id == chat_id, FeedbackPoll.choice.is_not(None)
            )
        )
        remarks = (
            await self.session.scalar(
                select(func.count()).where(FeedbackRemark.invite_id.in_(invites))
            )
            if invites
            else 0
        )
        return len(invites), int(answered or 0), int(remarks or 0)

    async def forget_person(self, chat_id: int) -> None:
        """Detach a person: their answers stay only as anonymous counts, and the text of their
        remarks is deleted (the empty row still counts them as having answered)."""
        invites = select(FeedbackInvite.id).where(FeedbackInvite.chat_id == chat_id)
        await self.session.execute(
            update(FeedbackRemark).where(FeedbackRemark.invite_id.in_(invites)).values(text="")
        )
        await self.session.execute(
            update(FeedbackPoll)
            .where(FeedbackPoll.chat_id == chat_id)
            .values(chat_id=None, message_id=None, closed=True)
        )
        await self.session.execute(
            update(FeedbackInvite)
            .where(FeedbackInvite.chat_id == chat_id)
            .values(chat_id=None, awaiting_since=None)
        )
        await self.session.execute(
            update(FeedbackRound).where(FeedbackRound.sent_by == chat_id).values(sent_by=None)
        )
