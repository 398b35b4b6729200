"""Queries about asked and missed questions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AskedQuestion, MissedQuestion
from bot.policy import ASK_FOLLOWUP_WAIT, ASK_WORD_WAIT


class QuestionRepository:
    """Recent questions (linked to a person for a day) and anonymous missed ones."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ask(
        self,
        user_id: int,
        chat_id: int,
        query: str,
        language: str,
        now: datetime,
        *,
        mode: str | None = None,
    ) -> AskedQuestion:
        """Remember a question so its answer can be paged ("near": around the shared place)."""
        question = AskedQuestion(
            user_id=user_id,
            chat_id=chat_id,
            query=query[:500],
            language=language,
            asked_at=now,
            mode=mode,
        )
        self.session.add(question)
        await self.session.flush()
        return question

    async def ask_back(
        self, question: AskedQuestion, missing: str, options: Sequence[str], now: datetime
    ) -> None:
        """Wait for the missing half of a question ("area" or "theme"), offering options."""
        question.followup = missing
        question.followup_options = json.dumps(list(options), ensure_ascii=False)
        question.followup_since = now

    async def waiting(
        self, user_id: int, chat_id: int, now: datetime
    ) -> tuple[AskedQuestion | None, AskedQuestion | None]:
        """In one query: the question awaiting this person's one word, and the one asked
        back awaiting its missing half (each None when there is none)."""
        rows = (
            await self.session.scalars(
                select(AskedQuestion)
                .where(
                    AskedQuestion.user_id == user_id,
                    AskedQuestion.chat_id == chat_id,
                    (AskedQuestion.awaiting_word_since > now - ASK_WORD_WAIT)
                    | (AskedQuestion.followup_since > now - ASK_FOLLOWUP_WAIT),
                )
                .order_by(AskedQuestion.id.desc())
                .limit(10)
            )
        ).all()
        word = next((q for q in rows if q.awaiting_word_since is not None), None)
        followup = next((q for q in rows if q.followup_since is not None), None)
        return word, followup

    async def awaiting_followup(
        self, user_id: int, chat_id: int, now: datetime
    ) -> AskedQuestion | None:
        """The question this person was asked back about in this chat, if still open."""
        return await self.session.scalar(
            select(AskedQuestion)
            .where(
                AskedQuestion.user_id == user_id,
                AskedQuestion.chat_id == chat_id,
                AskedQuestion.followup_since > now - ASK_FOLLOWUP_WAIT,
            )
            .order_by(AskedQuestion.followup_since.desc())
            .limit(1)
        )

    @staticmethod
    def followup_options(question: AskedQuestion) -> list[str]:
        """The query words behind the buttons of a question asked back."""
        try:
            options = json.loads(question.followup_options or "[]")
        except ValueError:
            return []
        return [str(option) for option in options] if isinstance(options, list) else []

    @staticmethod
    def close_followup(question: AskedQuestion) -> None:
        """Stop waiting for a typed missing half (answered, or replaced by a new question);
        its buttons keep working while the question is kept."""
        question.followup_since = None

    async def recent(self, user_id: int, limit: int) -> Sequence[AskedQuestion]:
        """A person's latest questions, newest first."""
        result = await self.session.scalars(
            select(AskedQuestion)
            .where(AskedQuestion.user_id == user_id)
            .order_by(AskedQuestion.asked_at.desc(), AskedQuestion.id.desc())
            .limit(limit)
        )
        return result.all()

    async def get(self, question_id: int) -> AskedQuestion | None:
        """A recent question by id."""
        return await self.session.get(AskedQuestion, question_id)

    async def miss(self, question: AskedQuestion, now: datetime) -> MissedQuestion:
        """Keep a missed question for coordinators, without who asked it; await one word."""
        row = await self._missed_row(question)
        if row is None:
            row = MissedQuestion(query=question.query, language=question.language, created_at=now)
            self.session.add(row)
            await self.session.flush()
            question.missed_question_id = row.id
        question.awaiting_word_since = now
        return row

    async def add_word(self, question: AskedQuestion, word: str | None) -> None:
        """Add the optional word of what was missing, and stop waiting for it."""
        question.awaiting_word_since = None
        row = await self._missed_row(question)
        if row is not None and word:
            row.missing = " ".join(word.split())[:60]

    async def _missed_row(self, question: AskedQuestion) -> MissedQuestion | None:
        if question.missed_question_id is None:
            return None
        return await self.session.get(MissedQuestion, question.missed_question_id)

    async def recent_misses(self, limit: int, offset: int = 0) -> Sequence[MissedQuestion]:
        """Missed questions, newest first."""
        result = await self.session.scalars(
            select(MissedQuestion)
            .order_by(MissedQuestion.created_at.desc(), MissedQuestion.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return result.all()

    async def asked_by(self, user_id: int) -> Sequence[AskedQuestion]:
        """A person's recent questions, oldest first (shown by /mijngegevens)."""
        result = await self.session.scalars(
            select(AskedQuestion)
            .where(AskedQuestion.user_id == user_id)
            .order_by(AskedQuestion.asked_at, AskedQuestion.id)
        )
        return result.all()

    async def forget_user(self, user_id: int) -> None:
        """Delete a person's recent questions."""
        await self.session.execute(delete(AskedQuestion).where(AskedQuestion.user_id == user_id))

    async def purge(self, asked_before: datetime, missed_before: datetime) -> None:
        """Delete recent questions older than a day and missed ones past their retention."""
        await self.session.execute(
            delete(AskedQuestion).where(AskedQuestion.asked_at < asked_before)
        )
        await self.session.execute(
            delete(MissedQuestion).where(MissedQuestion.created_at < missed_before)
        )
