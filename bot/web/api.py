"""The open API: the social map for other tools, under /api/v1 (see interfaces.md).

Answers are the ones the bot and `wijkwijzer search --json` give, from the same matcher.
Questions asked here are not stored and not logged: the API knows nobody, sets no cookie,
and a question is in the URL only, which the web process does not log.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.config import SUPPORTED_LANGUAGES
from bot.i18n import Catalogues
from bot.policy import STALE_AFTER_DAYS
from bot.socialmap.cards import freshness
from bot.socialmap.service import MapService
from bot.web.openapi import openapi_document
from matching.matcher import Matcher
from matching.offer import Offer
from matching.thesaurus import Tag

PREFIX = "/api/v1"
MAX_QUERY = 200  # characters; a longer question is no question but a payload
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
# Shared caches may keep an answer a minute; the ETag makes revalidation cheap after that.
CACHE_CONTROL = "public, max-age=60"
NO_STORE = "no-store"


@dataclass(frozen=True)
class PublicMap:
    """What the API and pages need of a running process: its map, catalogues and default
    language, and the bot's username for links into the bot (None: no such links)."""

    map: MapService
    catalogues: Catalogues
    default_language: str
    bot_username: str | None = None


class ApiError(Exception):
    """A request the API cannot answer: a status, a short code and a message (English)."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.extra = extra

    def response(self) -> JSONResponse:
        """The error as JSON, never cached."""
        body = {"error": self.code, "message": str(self), **self.extra}
        return JSONResponse(body, status_code=self.status, headers={"Cache-Control": NO_STORE})


# One ETag per matcher: a matcher is built once per map version and day (MapService).
_etags: weakref.WeakKeyDictionary[Matcher, str] = weakref.WeakKeyDictionary()


def map_etag(matcher: Matcher, municipal: frozenset[str]) -> str:
    """A strong ETag for everything the API answers from this map: the same in every process
    that serves the same map on the same day, and different as soon as an offer changes."""
    cached = _etags.get(matcher)
    if cached is not None:
        return cached
    digest = hashlib.sha256()
    for offer in sorted(matcher.offers, key=lambda o: o.id):
        digest.update(json.dumps(offer.to_record(), sort_keys=True, ensure_ascii=False).encode())
    # The day and the lowered entries change rankings and freshness without changing offers.
    extra = [matcher.today.isoformat(), sorted(matcher.index.lowered), sorted(municipal)]
    digest.update(json.dumps(extra).encode())
    etag = f'"{digest.hexdigest()[:32]}"'
    _etags[matcher] = etag
    return etag


def _not_modified(request: Request, etag: str) -> bool:
    given = request.headers.get("if-none-match")
    if given is None:
        return False
    # Weak comparison, as RFC 9110 asks for If-None-Match.
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    return "*" in tags or etag in tags


def _cached(request: Request, etag: str, build: Callable[[], object]) -> Response:
    """The JSON of `build()`, or 304 when the client holds the current version."""
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(build(), headers=headers)


def _language(request: Request, default: str) -> str:
    lang = request.query_params.get("lang") or default
    if lang not in SUPPORTED_LANGUAGES:
        raise ApiError(400, "bad_lang", f"lang must be one of {', '.join(SUPPORTED_LANGUAGES)}")
    return lang


def _limit(request: Request) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    value = int(raw) if raw.isdigit() and len(raw) <= 3 else 0
    if not 1 <= value <= MAX_LIMIT:
        raise ApiError(400, "bad_limit", f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return value


def search_question(matcher: Matcher, q: str, area: str | None, theme: str | None) -> str:
    """The whole question for q with its area and theme filters, as the bot puts a question
    together when it asked back for the missing half: theme first, area last."""
    words = [q]
    if theme is not None:
        if matcher.thesaurus.concept(Tag("theme", theme)) is None:
            raise ApiError(400, "unknown_theme", f"no theme with code {theme!r}")
        words.insert(0, theme)
    if area is not None:
        place = matcher.gazetteer.resolve(area)
        if place is None:
            raise ApiError(
                400,
                "unknown_area",
                f"no area named {area!r}",
                suggestions=matcher.gazetteer.suggest(area),
            )
        words.append(place.name)
    return " ".join(word for word in words if word)


def _search_params(request: Request) -> tuple[str, str | None, str | None]:
    params = request.query_params
    q = " ".join(params.get("q", "").split())
    if len(q) > MAX_QUERY:
        raise ApiError(400, "query_too_long", f"q is longer than {MAX_QUERY} characters")
    area = params.get("area", "").strip()[:MAX_QUERY] or None
    theme = params.get("theme", "").strip()[:MAX_QUERY] or None
    if not (q or area or theme):
        raise ApiError(400, "missing_query", "give q, area or theme")
    return q, area, theme


def freshness_json(
    offer: Offer, text: str, today: date, *, municipal: bool
) -> dict[str, str | None]:
    """How current an offer is: its status, date and the line the bot shows for it."""
    verified = offer.last_verified
    if municipal:
        status = "municipal"
    elif verified is None:
        status = "unverified"
    elif (today - verified).days > STALE_AFTER_DAYS:
        status = "stale"
    else:
        status = "verified"
    return {
        "status": status,
        "last_verified": verified.isoformat() if verified else None,
        "text": text,
    }


def api_routes(public: Callable[[], PublicMap | None]) -> list[Route]:
    """The API's routes; `public()` gives None while the process is still starting."""

    async def guarded(
        handler: Callable[[Request, PublicMap], Awaitable[Response]], request: Request
    ) -> Response:
        context = public()
        if context is None:
            return ApiError(503, "starting", "the service is starting").response()
        try:
            return await handler(request, context)
        except ApiError as err:
            return err.response()

    async def search(request: Request, context: PublicMap) -> Response:
        q, area, theme = _search_params(request)
        limit = _limit(request)
        lang = _language(request, context.default_language)
        matcher = await context.map.matcher()
        question = search_question(matcher, q, area, theme)
        etag = map_etag(matcher, context.map.municipal)
        return _cached(
            request, etag, lambda: matcher.search(question, limit=limit, lang=lang).to_json()
        )

    async def offer(request: Request, context: PublicMap) -> Response:
        lang = _language(request, context.default_language)
        matcher = await context.map.matcher()
        found = matcher.offer(request.path_params["offer_id"])
        if found is None:
            raise ApiError(404, "not_found", "no offer with this id")
        municipal = found.id in context.map.municipal
        today = context.map.clock().astimezone(context.map.timezone).date()

        def build() -> dict[str, Any]:
            t = context.catalogues.translator(lang)
            text = freshness(t, found, today, municipal=municipal)
            fresh = freshness_json(found, text, today, municipal=municipal)
            return {**found.to_record(), "freshness": fresh}

        return _cached(request, map_etag(matcher, context.map.municipal), build)

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(), headers={"Cache-Control": CACHE_CONTROL})

    async def search_route(request: Request) -> Response:
        return await guarded(search, request)

    async def offer_route(request: Request) -> Response:
        return await guarded(offer, request)

    return [
        Route(f"{PREFIX}/search", search_route, methods=["GET"]),
        Route(f"{PREFIX}/offers/{{offer_id}}", offer_route, methods=["GET"]),
        Route(f"{PREFIX}/openapi.json", openapi, methods=["GET"]),
    ]
