"""The long-running processes besides long polling: the webhook web process and the worker.

Process wiring, like `bot/application.py`: each builds the whole `Application` (every
journey), starts its services, runs, and stops them again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from bot.application import build_application, start_services, stop_services
from bot.config import Settings
from bot.core.context import WijkApplication
from bot.site.pages import page_routes
from bot.web.webhook import serve_webhook

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def _started(settings: Settings) -> AsyncIterator[WijkApplication]:
    application = build_application(settings)
    async with application:
        await start_services(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
            await stop_services(application)


async def run_web(settings: Settings, *, host: str = "0.0.0.0") -> None:  # noqa: S104 - a web process listens on all interfaces
    """The web process: start the application, point Telegram's webhook here, serve until
    stopped."""
    async with _started(settings) as application:
        await serve_webhook(application, settings, host=host, pages=page_routes)


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """The worker process: scheduled work and the delivery queue, no updates from Telegram.
    Run the jobs until SIGINT/SIGTERM (or `stop`); they work only while this process leads."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    async with _started(settings):
        log.info("worker started; waiting for the scheduler lock when another process has it")
        await stop.wait()
