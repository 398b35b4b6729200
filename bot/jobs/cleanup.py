"""Hourly clean-up: recent questions go after a day, missed ones after their retention."""

from __future__ import annotations

from datetime import timedelta

from bot.context import BotContext, WijkApplication
from bot.db.repositories.questions import QuestionRepository

JOB_NAME = "cleanup-questions"
KEEP_ASKED = timedelta(days=1)
KEEP_MISSED = timedelta(days=90)


async def purge_questions(context: BotContext) -> None:
    """Delete questions past their retention."""
    services = context.services
    now = services.clock()
    async with services.db.transaction() as session:
        await QuestionRepository(session).purge(now - KEEP_ASKED, now - KEEP_MISSED)


def register(application: WijkApplication) -> None:
    """Schedule the clean-up under a stable name (so a restart replaces, not duplicates it)."""
    queue = application.job_queue
    if queue is None:
        return
    for job in queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    queue.run_repeating(purge_questions, interval=timedelta(hours=1), first=60, name=JOB_NAME)
