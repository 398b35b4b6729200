"""One way to schedule a repeating job: under a stable name, replacing any earlier one."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from bot.context import BotContext, WijkApplication

JobCallback = Callable[[BotContext], Coroutine[Any, Any, None]]


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
    queue.run_repeating(callback, interval=interval, first=first, name=name)
