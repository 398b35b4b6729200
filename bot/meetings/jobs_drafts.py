"""Hourly: meeting drafts nobody touched for a week go (a coordinator starts again easily)."""

from __future__ import annotations

from datetime import timedelta

from bot.context import BotContext, WijkApplication
from bot.jobs.repeating import run_every
from bot.meetings.repository_drafts import MeetingDraftRepository
from bot.policy import MEETING_DRAFTS_KEPT
from bot.services import Services

JOB_NAME = "meeting-drafts"


async def remove_old_drafts(services: Services) -> int:
    """Delete meeting drafts untouched for longer than a week; how many."""
    async with services.db.transaction() as session:
        return await MeetingDraftRepository(session).delete_untouched(
            services.clock() - MEETING_DRAFTS_KEPT
        )


async def drafts_job(context: BotContext) -> None:
    """The scheduled run of `remove_old_drafts`."""
    await remove_old_drafts(context.services)


def register(application: WijkApplication) -> None:
    """Check hourly under a stable name."""
    run_every(application, drafts_job, interval=timedelta(hours=1), first=180, name=JOB_NAME)
