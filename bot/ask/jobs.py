"""The ask room's clean-up: recent questions go after a day, missed ones after their retention
(WIJKWIJZER_MISSED_RETENTION_DAYS, 90 by default), shared places after half an hour."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ask.repository_places import PlaceRepository
from bot.ask.repository_questions import QuestionRepository
from bot.config import Settings
from bot.policy import ASKED_QUESTIONS_KEPT


async def purge_expired(session: AsyncSession, now: datetime, settings: Settings) -> None:
    """Delete questions and shared places past their retention, in the caller's transaction."""
    keep_missed = timedelta(days=settings.missed_retention_days)
    await QuestionRepository(session).purge(now - ASKED_QUESTIONS_KEPT, now - keep_missed)
    await PlaceRepository(session).purge(now)
