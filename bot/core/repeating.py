"""One way to schedule a repeating job: under a stable name, replacing any earlier one.

Every process schedules the jobs, but a job only does its work in the process that leads
(`bot.delivery.leader`): with several web and worker processes on PostgreSQL it runs once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from bot.core.context import BotContext, WijkApplication

JobCallback = Callable[[BotContext], Coroutine[Any, Any, None]]


def leader_only(callback: JobCallback) -> JobCallback:
    """The job, done only while this process holds the scheduler lock."""

    async def guarded(context: BotContext) -> None:
        if await context.services.leader.is_leader():
            await callback(context)

    guarded.__name__ = getattr(callback, "__name__", "job")
    guarded.__doc__ = callback.__doc__
    return guarded


def run_every(
    application: WijkApplication,
    callback: JobCallback,
    *,
    interval: timedelta,
    first: float,
    name: str,
) -> None:
    """Schedule `callback`; a restart or second registration replaces the job, never doubles it."""
    queue = application.job_queue
    if queue is None:
        return
    for job in queue.get_jobs_by_name(name):
        job.schedule_removal()
    queue.run_repeating(leader_only(callback), interval=interval, first=first, name=name)
