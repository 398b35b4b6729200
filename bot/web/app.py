"""The web process: Telegram's webhook calls in, health and metrics out (an ASGI app).

Every update is handled before the call is answered: if the process dies meanwhile,
Telegram gets no 200 and delivers the update again (to this or another web process). An
update that failed because the database was out of reach gets 503 for the same reason.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Update

from bot.config import Settings
from bot.core.context import SERVICES_KEY, WijkApplication
from bot.db.session import Database
from bot.web.api import PublicMap, api_routes
from bot.web.handled_updates import Claim, HandledUpdateRepository
from bot.web.health import check_health
from bot.web.metrics import CONTENT_TYPE, Metrics
from bot.web.redelivery import update_run

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
# Telegram's updates are small; anything much bigger is not from Telegram.
MAX_BODY = 1_000_000


def _kind(data: dict[str, Any]) -> str:
    """The update's type, for the metrics ("message", "callback_query", ...)."""
    return next((key for key in data if key != "update_id"), "unknown")


async def _claim(
    db: Database, update_id: int, now: datetime, *, ours: bool = False
) -> Claim | None:
    """Take the update on in the database (shared by all web processes); None when the
    database could not be reached."""
    try:
        async with db.transaction() as session:
            return await HandledUpdateRepository(session).claim(update_id, now, ours=ours)
    except (SQLAlchemyError, OSError) as err:
        log.warning("database unreachable before update %s: %s", update_id, err)
        return None


async def _settle(db: Database, update_id: int, *, handled: bool) -> bool:
    """Mark the update handled (repeats are skipped) or give its claim back; False when
    the database could not be reached."""
    try:
        async with db.transaction() as session:
            repo = HandledUpdateRepository(session)
            await (repo.finish(update_id) if handled else repo.release(update_id))
    except (SQLAlchemyError, OSError) as err:
        # The claim runs out after its lease; a repeat meanwhile is asked to come again.
        log.warning("could not settle update %s: %s", update_id, type(err).__name__)
        return False
    return True


def create_web_app(
    application: WijkApplication,
    settings: Settings,
    metrics: Metrics,
    path: str,
    pages: Callable[[Callable[[], PublicMap | None]], list[BaseRoute]] | None = None,
) -> Starlette:
    """Routes: POST `path` (the webhook), GET /healthz, GET /metrics, the open API and the
    public pages when given (bot/site; passed in, as infrastructure imports no room)."""
    secret = settings.webhook_secret_token.encode()
    # updates whose claim this process could not give back (the database was down)
    left_behind: set[int] = set()

    async def webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):
            log.warning("webhook call without the right secret token refused")
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        started = time.perf_counter()
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise TypeError("not an update")  # noqa: TRY301 - one path for every bad body
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            # RecursionError: a body nested thousands deep (json.loads gives up on it)
            metrics.errors.inc()
            log.warning("webhook call with a body that is no update ignored")
            return Response(status_code=400)
        return await handle(update, _kind(data), started)

    async def handle(update: Update, kind: str, started: float) -> Response:
        services = application.bot_data.get(SERVICES_KEY)
        if services is None:
            return Response(status_code=503)
        ours = update.update_id in left_behind
        claim = await _claim(services.db, update.update_id, services.clock(), ours=ours)
        if claim is None:
            # Nothing handled yet: Telegram delivers it again once the database answers.
            metrics.redeliveries.inc()
            return Response(status_code=503)
        if claim is Claim.DONE:
            log.info("update %s was handled before; repeat skipped", update.update_id)
            return Response(status_code=200)
        if claim is Claim.BUSY:
            # Another call is handling it now. Not 200: should that one die, Telegram must
            # deliver it again; by then it is done (and skipped) or its claim ran out.
            return Response(status_code=503)
        left_behind.discard(update.update_id)
        with update_run() as run:
            await application.process_update(update)
        if run.redeliver and not run.sent:
            # not handled: the database was out of reach (see bot/web/redelivery.py)
            if not await _settle(services.db, update.update_id, handled=False):
                # still out of reach: the redelivery, if it comes here, takes it back at once
                left_behind.add(update.update_id)
            metrics.redeliveries.inc()
            return Response(status_code=503)
        await _settle(services.db, update.update_id, handled=True)
        metrics.updates.labels(kind).inc()
        metrics.latency.observe(time.perf_counter() - started)
        return Response(status_code=200)

    async def healthz(_request: Request) -> Response:
        services = application.bot_data.get(SERVICES_KEY)
        if services is None:
            return JSONResponse({"ok": False, "detail": "starting"}, status_code=503)
        health = await check_health(services.db)
        return JSONResponse(health.to_json(), status_code=200 if health.ok else 503)

    async def metrics_page(_request: Request) -> Response:
        services = application.bot_data.get(SERVICES_KEY)
        if services is None:
            return Response(status_code=503)
        return Response(await metrics.render(services.db), media_type=CONTENT_TYPE)

    def public() -> PublicMap | None:
        services = application.bot_data.get(SERVICES_KEY)
        if services is None:
            return None
        settings = services.settings
        return PublicMap(
            services.map, services.catalogues, settings.default_language, settings.bot_username
        )

    return Starlette(
        routes=[
            Route(path, webhook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics_page, methods=["GET"]),
            *api_routes(public),
            *(pages(public) if pages is not None else []),
        ]
    )
