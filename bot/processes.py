"""The worker process: scheduled work and the delivery queue, no updates from Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bot.application import build_application, start_services, stop_services
from bot.config import Settings

log = logging.getLogger(__name__)


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run the jobs until SIGINT/SIGTERM (or `stop`); they work only while this process leads."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    application = build_application(settings)
    async with application:
        await start_services(application)
        await application.start()
        log.info("worker started; waiting for the scheduler lock when another process has it")
        try:
            await stop.wait()
        finally:
            await application.stop()
            await stop_services(application)
