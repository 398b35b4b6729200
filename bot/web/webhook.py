"""Serve a started bot behind a webhook: register it with Telegram and serve the web app."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import uvicorn
from telegram import Update

from bot.config import Settings
from bot.core.context import WijkApplication
from bot.web.app import create_web_app
from bot.web.metrics import Metrics
from bot.web.public import PageRoutes

log = logging.getLogger(__name__)


def webhook_path(url: str) -> str:
    """The path Telegram posts to, from the public webhook URL ("/" when it has none)."""
    return urlsplit(url).path or "/"


async def serve_webhook(
    application: WijkApplication,
    settings: Settings,
    *,
    host: str = "0.0.0.0",  # noqa: S104 - a web process listens on all interfaces
    pages: PageRoutes | None = None,
) -> None:
    """Point Telegram's webhook here and serve the started application (and the public
    pages, when given) until stopped."""
    assert settings.webhook_url is not None  # noqa: S101 - checked by the caller
    assert settings.port is not None  # noqa: S101 - checked by load_settings
    metrics = Metrics()
    path = webhook_path(settings.webhook_url)
    web = create_web_app(application, settings, metrics, path, pages)
    server = uvicorn.Server(
        uvicorn.Config(
            web,
            host=host,
            port=settings.port,
            log_level="warning",
            access_log=False,  # API questions are in URLs, and questions are not logged
            lifespan="off",
        )
    )
    await application.bot.set_webhook(
        settings.webhook_url,
        secret_token=settings.webhook_secret_token,
        allowed_updates=Update.ALL_TYPES,
    )
    log.info("webhook set; serving on port %d", settings.port)
    await server.serve()
