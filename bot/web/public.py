"""`wijkwijzer web`: the public pages and the open API (and /healthz), without Telegram.

It uses the configured database like every command: created and migrated on first use, and
loaded with the bundled map when the map is empty.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.clock import system_clock
from bot.config import Settings
from bot.db.migrate import upgrade_database
from bot.db.session import Database
from bot.i18n import Catalogues
from bot.socialmap.service import MapService, seed_if_empty
from bot.web.api import PREFIX, PublicMap, api_routes
from bot.web.health import check_health

log = logging.getLogger(__name__)
DEFAULT_PORT = 8080
# The public pages' routes (bot/site), given the map; passed in, as infrastructure imports
# no room.
PageRoutes = Callable[[Callable[[], PublicMap | None]], list[BaseRoute]]


def create_public_app(
    public: PublicMap, db: Database, pages: PageRoutes | None = None
) -> Starlette:
    """The API's routes, GET /healthz and the pages (when given) over one process's map."""

    async def healthz(_request: Request) -> Response:
        health = await check_health(db)
        return JSONResponse(health.to_json(), status_code=200 if health.ok else 503)

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    routes += api_routes(lambda: public)
    if pages is not None:
        routes += pages(lambda: public)
    return Starlette(routes=routes)


@asynccontextmanager
async def prepared_public_app(
    settings: Settings, pages: PageRoutes | None = None
) -> AsyncIterator[Starlette]:
    """The app `wijkwijzer web` serves: the database migrated and loaded with the bundled map
    when empty, the map indexed; the database closed afterwards."""
    db = Database(settings.database_url)
    try:
        await upgrade_database(db.engine)
        await seed_if_empty(db, system_clock())
        service = MapService(db, system_clock, settings.timezone)
        await service.matcher()  # index the map before the first request, not during it
        catalogues = Catalogues(settings.timezone, settings.default_language)
        public = PublicMap(service, catalogues, settings.default_language, settings.bot_username)
        yield create_public_app(public, db, pages)
    finally:
        await db.dispose()


async def serve_public(
    settings: Settings,
    port: int,  # 0: any free port (the log line says which)
    host: str = "0.0.0.0",  # noqa: S104 - a web process listens on all interfaces
    pages: PageRoutes | None = None,
) -> None:
    """Prepare the database and map, then serve until stopped."""
    async with prepared_public_app(settings, pages) as app:
        # No access log: a question is in the URL, and questions are not logged.
        config = uvicorn.Config(
            app, host=host, port=port, log_level="warning", access_log=False, lifespan="off"
        )
        # Bound here, so that the line below is said only once the port takes calls.
        listening = socket.create_server((host, port), reuse_port=False)
        bound = listening.getsockname()[1]
        log.info("serving the open API on http://%s:%d%s/ and the pages on /", host, bound, PREFIX)
        await uvicorn.Server(config).serve(sockets=[listening])
