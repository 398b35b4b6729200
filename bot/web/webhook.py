"""Run the bot behind a webhook: register it with Telegram and serve the web app."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import uvicorn
from telegram import Update

from bot.application import build_application, start_services, stop_services
from bot.config import Settings
from bot.web.app import create_web_app
from bot.web.metrics import Metrics

log = logging.getLogger(__name__)


def webhook_path(url: str) -> str:
    """The path Telegram posts to, from the public webhook URL ("/" when it has none)."""
    return urlsplit(url).path or "/"


async def serve_webhook(settings: Settings, *, host: str = "0.0.0.0") -> None:  # noqa: S104 - a web process listens on all interfaces
    """Start the application, point Telegram's webhook here, and serve until stopped."""
    assert settings.webhook_url is not None  # noqa: S101 - checked by the caller
    assert settings.port is not None  # noqa: S101 - checked by load_settings
    application = build_application(settings)
    metrics = Metrics()
    web = create_web_app(application, settings, metrics, webhook_path(settings.webhook_url))
    server = uvicorn.Server(
        uvicorn.Config(web, host=host, port=settings.port, log_level="warning", lifespan="off")
    )
    async with application:
        await start_services(application)
        await application.start()
        try:
            await application.bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret_token,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("webhook set; serving on port %d", settings.port)
            await server.serve()
        finally:
            await application.stop()
            await stop_services(application)
