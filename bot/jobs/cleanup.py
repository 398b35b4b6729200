"""Hourly clean-up: recent questions go after a day, missed ones after their retention
(WIJKWIJZER_MISSED_RETENTION_DAYS, 90 by default), shared places after half an hour, handled
update ids after two days."""

from __future__ import annotations

from datetime import timedelta

from bot.ask.repository_places import PlaceRepository
from bot.ask.repository_questions import QuestionRepository
from bot.context import BotContext, WijkApplication
from bot.db.repositories.handled_updates import HandledUpdateRepository
from bot.jobs.repeating import run_every
from bot.policy import ASKED_QUESTIONS_KEPT

JOB_NAME = "cleanup-questions"


async def purge_questions(context: BotContext) -> None:
    """Delete questions past their retention."""
    services = context.services
    now = services.clock()
    async with services.db.transaction() as session:
        keep_missed = timedelta(days=services.settings.missed_retention_days)
        await QuestionRepository(session).purge(now - ASKED_QUESTIONS_KEPT, now - keep_missed)
        await PlaceRepository(session).purge(now)
        await HandledUpdateRepository(session).purge(now)


def register(application: WijkApplication) -> None:
    """Schedule the clean-up under a stable name (so a restart replaces, not duplicates it)."""
    run_every(application, purge_questions, interval=timedelta(hours=1), first=60, name=JOB_NAME)
