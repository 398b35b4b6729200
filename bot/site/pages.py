"""The public pages: search, one offer, one area, the agenda; Dutch and English.

Server-rendered with Jinja2 (autoescaping on), working without JavaScript. The pages set no
cookie and load nothing from elsewhere but the map's tiles, and say so in their
Content-Security-Policy: everything from this site (no inline script, no frames, forms post
here only), and images also from OpenStreetMap's tile server, nothing else (bot/site/maps.py).
On English pages the map's Dutch texts (names, written descriptions, schedules) carry
`lang="nl"`. An entry reachable "via de bot" links to the bot's warm introduction
(`t.me/<WIJKWIJZER_BOT_USERNAME>?start=intro_…`) when that setting is there. The text of
a question asked here is not stored; its demand is, as the bot keeps it (bot/ask/demand.py):
day, themes, target groups, areas, channel "web" and outcome, no text and no person. The
row is written when a question's first page is answered (every such request: a reload of
page one counts again; the pages reached by its links and the thank-you page after "niet
wat ik zocht" do not).
Its id travels in the page's links and in the "niet wat ik zocht" form, signed with a key
this process draws at start, so that form marks that row and cannot be made to mark
another; a form without a valid signature (a page from before a restart, or from another
web process) keeps a "niet wat ik zocht" row of its own, as before.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config import SUPPORTED_LANGUAGES
from bot.gaps.repository import DemandRepository
from bot.gaps.rules import LOCAL, REJECTED, STADSDEEL, WEB, area_codes, outcome, reach, units
from bot.i18n import Translator
from bot.introductions.links import start_url
from bot.introductions.repository import IntroRepository
from bot.languages import language_names
from bot.meetings.ics import calendar
from bot.meetings.repository import MeetingRepository
from bot.meetings.views import meeting_event
from bot.meetings.views_agenda import upcoming
from bot.site.maps import TILE_SERVER, description_language, map_view, text_language
from bot.socialmap.cards import contact_line, freshness, summary
from bot.socialmap.facilities import describe
from bot.web.api import MAX_QUERY, ApiError, PublicMap, search_question
from matching.matcher import Matcher
from matching.offer import Offer
from matching.results import SearchResult
from matching.thesaurus import Kind, Tag

PAGE_SIZE = 5
MAX_RESULTS = 50
MAX_FORM = 4096  # bytes of a posted form that are read
STATIC = Path(__file__).parent / "static"
# Everything from this site only, but the map's tiles; no inline script, no frames, forms
# post here only.
CSP = (
    f"default-src 'self'; img-src 'self' {TILE_SERVER}; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Pages and static files go out gzipped to a browser that asks: an area page of the whole
# city is 300 KB of HTML and 40 KB on the wire. Level 6 compresses that in 6 ms where 9 takes
# 8 for 1% less. Only the pages' routes: the webhook and the API (whose strong ETag names one
# representation) are left as they are. No secret rides along with text a visitor can put
# in a page (no cookies; the demand token is new per question), so compression leaks nothing.
COMPRESSED = [Middleware(GZipMiddleware, minimum_size=500, compresslevel=6)]
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Signs demand row ids in pages; drawn per process, so nothing to configure or leak.
_SIGNING_KEY = secrets.token_bytes(32)
_templates = Environment(
    loader=PackageLoader("bot.site", "templates"), autoescape=True, trim_blocks=True
)


def negotiate(header: str | None, default: str) -> str:
    """The supported language an Accept-Language header prefers most, else the default."""
    best, best_q = default, 0.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        language = tag.strip().split("-")[0].casefold()
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if language in SUPPORTED_LANGUAGES and quality > best_q:
            best, best_q = language, quality
    return best


@dataclass(frozen=True)
class Page:
    """One request's language and where its links point."""

    t: Translator
    prefix: str  # "", "/nl" or "/en": links stay in the language the reader chose
    path: str  # the path without the language prefix, for the language switch
    negotiated: bool
    query: str = ""  # "?…" of the request, kept by the language switch

    def text(self, key: str, /, **values: Any) -> Markup:
        """A catalogue text for a template: the catalogue is trusted, values are escaped."""
        return Markup(self.t(key, **values))  # noqa: S704 - Translator escapes every value


def _page(request: Request, context: PublicMap) -> Page:
    path = request.url.path
    query = f"?{request.url.query}" if request.url.query else ""
    for language in SUPPORTED_LANGUAGES:
        head = f"/{language}"
        if path == head or path.startswith(head + "/"):
            rest = path[len(head) :] or "/"
            t = context.catalogues.translator(language)
            return Page(t, head, rest, negotiated=False, query=query)
    language = negotiate(request.headers.get("accept-language"), context.default_language)
    return Page(context.catalogues.translator(language), "", path, negotiated=True, query=query)


def _render(page: Page, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = _templates.get_template(template).render(
        page=page, t=page.text, lang=page.t.language, **values
    )
    headers = dict(SECURITY_HEADERS)
    if page.negotiated:
        headers["Vary"] = "Accept-Language"
    return HTMLResponse(html, status_code=status, headers=headers)


@dataclass(frozen=True)
class Card:
    """One offer as a page shows it."""

    offer: Offer
    summary: str
    where: str
    contact: Markup
    freshness: Markup
    reasons: tuple[str, ...] = ()
    nearby: bool = False
    text_lang: str | None = None  # `lang` of the map's texts where the page's is another
    summary_lang: str | None = None
    intro_link: str | None = None  # the bot's warm introduction, for entries "via de bot"


def _today(context: PublicMap) -> date:
    return context.map.clock().astimezone(context.map.timezone).date()


async def _via_bot(context: PublicMap, offers: Iterable[Offer]) -> set[str]:
    async with context.map.db.transaction() as session:
        return await IntroRepository(session).reachable(offer.id for offer in offers)


def _card(
    page: Page,
    context: PublicMap,
    matcher: Matcher,
    offer: Offer,
    via_bot: set[str],
    *,
    reasons: tuple[str, ...] = (),
    nearby: bool = False,
) -> Card:
    t = page.t
    municipal = offer.id in context.map.municipal
    reachable = offer.id in via_bot
    username = context.bot_username
    return Card(
        offer=offer,
        summary=summary(describe(t, offer)),
        where=", ".join(matcher.where(offer)[:3]),
        # the bot's own lines: escaped by cards.py, so safe as markup here
        contact=Markup(contact_line(t, offer, via_bot=reachable)),  # noqa: S704
        freshness=Markup(freshness(t, offer, _today(context), municipal=municipal)),  # noqa: S704
        reasons=reasons,
        nearby=nearby,
        text_lang=text_language(t.language),
        summary_lang=description_language(t.language, offer),
        intro_link=start_url(username, offer.id) if reachable and username else None,
    )


def _themes(matcher: Matcher, language: str) -> list[tuple[str, str]]:
    found = [
        (tag.code, matcher.thesaurus.label(tag, language))
        for tag in matcher.thesaurus.concepts
        if tag.kind == "theme"
    ]
    return sorted(found, key=lambda item: item[1].casefold())


def sign_demand(demand_id: int) -> str:
    """A demand row's id with its signature, for a page's links and form."""
    mac = hmac.new(_SIGNING_KEY, str(demand_id).encode(), hashlib.sha256).hexdigest()[:32]
    return f"{demand_id}.{mac}"


def signed_demand(token: str) -> int | None:
    """The demand row id a signed token names, or None when it is not one this process made."""
    number, _, mac = token.partition(".")
    if not (number.isdigit() and len(number) < 19 and mac):
        return None
    return int(number) if hmac.compare_digest(sign_demand(int(number)), token) else None


async def _record_search(
    session: AsyncSession,
    context: PublicMap,
    matcher: Matcher,
    result: SearchResult,
    shown: Iterable[Offer],
) -> int:
    areas = area_codes(ref.code for ref in result.areas)
    return await DemandRepository(session).record(
        _today(context),
        themes=result.themes,
        target_groups=result.target_groups,
        area_codes=areas,
        channel=WEB,
        outcome=outcome(matcher.gazetteer, areas, shown),
    )


def _field(request: Request, name: str) -> str:
    return " ".join(request.query_params.get(name, "").split())[:MAX_QUERY]


async def search_page(request: Request, context: PublicMap) -> Response:
    """The search box and, for a question, a page of answers."""
    page = _page(request, context)
    # One transaction for the map's version, the "via de bot" entries and the demand row:
    # each transaction is round trips to the database (on SQLite, to its thread), and on a
    # busy machine those, not the search, made a page slow (benchmarks/web.py).
    async with context.map.db.transaction() as session:
        values = await _answers(request, context, page, session)
    return _render(page, "search.html", **values)


async def _answers(
    request: Request, context: PublicMap, page: Page, session: AsyncSession
) -> dict[str, Any]:
    """What the search page shows for the request's question (the box alone without one)."""
    q, area, theme = _field(request, "q"), _field(request, "area"), _field(request, "theme")
    raw_page = request.query_params.get("page", "1")
    number = int(raw_page) if raw_page.isdigit() and len(raw_page) < 4 else 1
    number = max(1, min(number, MAX_RESULTS // PAGE_SIZE))
    matcher = await context.map.matcher(session)
    values: dict[str, Any] = {
        "q": q,
        "area": area,
        "theme": theme,
        "themes": _themes(matcher, page.t.language),
        "cards": [],
        "asked": bool(q or area or theme),
        "thanks": request.query_params.get("gemeld") == "1",
    }
    if not values["asked"]:
        return values
    try:
        question = search_question(matcher, q, area or None, theme or None)
    except ApiError as err:
        values["problem"] = err.code
        values["suggestions"] = err.extra.get("suggestions", [])
        return values
    offset = (number - 1) * PAGE_SIZE
    result = matcher.search(question, limit=PAGE_SIZE + 1, lang=page.t.language, offset=offset)
    hits = result.results[:PAGE_SIZE]
    via_bot = await IntroRepository(session).reachable(hit.offer.id for hit in hits)
    values["cards"] = [
        _card(
            page,
            context,
            matcher,
            hit.offer,
            via_bot,
            reasons=hit.reasons,
            nearby=hit.area_match == "nearby",
        )
        for hit in hits
    ]
    # a link between pages carries the question's row; the thank-you page after "niet wat
    # ik zocht" shows the same question again: neither is a new one
    token = request.query_params.get("d", "")[:64]
    token = token if signed_demand(token) is not None else ""
    if not token and number == 1 and not values["thanks"]:
        shown = (h.offer for h in hits)
        token = sign_demand(await _record_search(session, context, matcher, result, shown))
    values["demand"] = token
    values["first"] = offset + 1
    values["nearby_note"] = result.areas[0].name if result.used_nearby and result.areas else None
    base = {"q": q, "area": area, "theme": theme}
    kept = {k: v for k, v in {**base, "d": token}.items() if v}
    if number > 1:
        values["previous"] = "?" + urlencode({**kept, "page": number - 1})
    if len(result.results) > PAGE_SIZE and offset + PAGE_SIZE < MAX_RESULTS:
        values["next"] = "?" + urlencode({**kept, "page": number + 1})
    return values


async def not_found_report(request: Request, context: PublicMap) -> Response:
    """ "Niet wat ik zocht": the question's demand, kept as the bot keeps it, then back."""
    page = _page(request, context)
    body = await request.body()
    # three short fields, url-encoded (the form's default); anything bigger is no such form
    try:
        form = parse_qs(body[:MAX_FORM].decode("utf-8", "replace"), max_num_fields=10)
    except ValueError:
        form = {}

    def field(name: str) -> str:
        value = form.get(name, [""])[0]
        return " ".join(value.split())[:MAX_QUERY]

    q, area, theme = field("q"), field("area"), field("theme")
    demand_id = signed_demand(form.get("d", [""])[0][:64])
    if demand_id is not None:
        async with context.map.db.transaction() as session:
            await DemandRepository(session).reject(demand_id)
        return _back(page, q, area, theme)
    matcher = await context.map.matcher()
    try:
        question = search_question(matcher, q, area or None, theme or None)
    except ApiError:
        question = ""
    if question:
        result = matcher.search(question, limit=1, lang=page.t.language)
        async with context.map.db.transaction() as session:
            await DemandRepository(session).record(
                _today(context),
                themes=result.themes,
                target_groups=result.target_groups,
                area_codes=area_codes(ref.code for ref in result.areas),
                channel=WEB,
                outcome=REJECTED,
            )
    return _back(page, q, area, theme)


def _back(page: Page, q: str, area: str, theme: str) -> Response:
    kept = {k: v for k, v in {"q": q, "area": area, "theme": theme}.items() if v}
    target = f"{page.prefix}/?" + urlencode({**kept, "gemeld": "1"})
    return RedirectResponse(target, status_code=303, headers=SECURITY_HEADERS)


async def offer_page(request: Request, context: PublicMap) -> Response:
    """Everything the map says about one offer, at a URL that stays the same."""
    page = _page(request, context)
    matcher = await context.map.matcher()
    offer = matcher.offer(request.path_params["offer_id"])
    if offer is None:
        return _render(page, "missing.html", status=404)
    t = page.t
    via_bot = await _via_bot(context, [offer])
    thesaurus = matcher.thesaurus

    def labels(kind: Kind, codes: tuple[str, ...]) -> str:
        return ", ".join(thesaurus.label(Tag(kind, code), t.language) for code in codes)

    return _render(
        page,
        "offer.html",
        card=_card(page, context, matcher, offer, via_bot),
        map=map_view(t, [offer], page.text("web.map.offer", name=offer.name)),
        description=describe(t, offer),
        where=", ".join(matcher.where(offer)),
        themes=labels("theme", offer.themes),
        groups=labels("group", offer.target_groups),
        languages=language_names(offer.languages, t.language) if offer.languages else "",
    )


# The official units of every offer, once per map index (the area page reads them all).
_units: weakref.WeakKeyDictionary[Matcher, dict[str, tuple[str, ...]]] = weakref.WeakKeyDictionary()


def _units_of(matcher: Matcher) -> dict[str, tuple[str, ...]]:
    found = _units.get(matcher)
    if found is None:
        found = {offer.id: units(matcher.gazetteer, offer) for offer in matcher.offers}
        _units[matcher] = found
    return found


def _area_offers(matcher: Matcher, codes: tuple[str, ...]) -> tuple[list[Offer], list[Offer]]:
    """Offers working in the area (or a wijk holding it) and those for its whole stadsdeel."""
    local: list[Offer] = []
    wide: list[Offer] = []
    known = _units_of(matcher)
    for offer in matcher.offers:
        offer_units = known[offer.id]
        reaches = {reach(matcher.gazetteer, offer_units, code) for code in codes}
        if LOCAL in reaches or any(code in offer_units for code in codes):
            local.append(offer)
        elif STADSDEEL in reaches:
            wide.append(offer)
    return local, wide


async def area_page(request: Request, context: PublicMap) -> Response:
    """Everything in and around one area, grouped by theme."""
    page = _page(request, context)
    matcher = await context.map.matcher()
    name = request.path_params["name"][:MAX_QUERY]
    place = matcher.gazetteer.resolve(name)
    if place is None:
        suggestions = matcher.gazetteer.suggest(name)
        return _render(page, "missing.html", status=404, suggestions=suggestions)
    local, wide = _area_offers(matcher, place.codes)
    via_bot = await _via_bot(context, [*local, *wide])
    groups: dict[str, list[Card]] = {}
    for offer, nearby in [*((o, False) for o in local), *((o, True) for o in wide)]:
        theme = offer.themes[0] if offer.themes else ""
        label = matcher.thesaurus.label(Tag("theme", theme), page.t.language) if theme else ""
        groups.setdefault(label, []).append(
            _card(page, context, matcher, offer, via_bot, nearby=nearby)
        )
    ordered = [
        (label, sorted(cards, key=lambda c: (c.nearby, c.offer.name.casefold())))
        for label, cards in sorted(groups.items(), key=lambda item: item[0].casefold())
    ]
    label = page.text("web.map.area", name=place.name)
    return _render(
        page,
        "area.html",
        place=place,
        groups=ordered,
        count=len(local) + len(wide),
        map=map_view(page.t, [*local, *wide], label),
    )


async def agenda_page(request: Request, context: PublicMap) -> Response:
    """The wijktafels' coming meetings by area, each with its .ics and the series' webcal."""
    page = _page(request, context)
    now = context.map.clock()
    async with context.map.db.transaction() as session:
        tables = list(await MeetingRepository(session).wijktafels())
        items = await upcoming(session, tables, now)
    by_area: dict[str, list[Any]] = {}
    for item in items:
        by_area.setdefault(item.table.area, []).append(item)
    host = request.url.netloc
    return _render(
        page,
        "agenda.html",
        areas=sorted(by_area.items(), key=lambda pair: pair[0].casefold()),
        webcal=lambda meeting_id: f"webcal://{host}/agenda/{meeting_id}.ics",
    )


async def ics_file(request: Request, context: PublicMap) -> Response:
    """A meeting as an .ics file: the whole series, or one date of it (`/<id>/<yyyymmdd>`)."""
    key_text = request.path_params.get("key")
    key: date | None = None
    if key_text is not None:
        if not (len(key_text) == 8 and key_text.isdigit()):
            return Response(status_code=404, headers=SECURITY_HEADERS)
        try:
            key = date(int(key_text[:4]), int(key_text[4:6]), int(key_text[6:]))
        except ValueError:
            return Response(status_code=404, headers=SECURITY_HEADERS)
    async with context.map.db.transaction() as session:
        repo = MeetingRepository(session)
        meeting = await repo.meeting(request.path_params["meeting_id"])
        table = await repo.wijktafel(meeting.wijktafel_id) if meeting else None
        event = await meeting_event(repo, meeting, table, key) if meeting and table else None
    if event is None:
        return Response(status_code=404, headers=SECURITY_HEADERS)
    uid = event.uid.removesuffix("@wijkwijzer")
    body = calendar(event, context.map.clock())
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{uid}.ics"'}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


def page_routes(public: Callable[[], PublicMap | None]) -> list[BaseRoute]:
    """The pages, unprefixed (language from Accept-Language) and under /nl and /en; and
    their static files; gzipped for a client that asks. `public()` gives None while the
    process is starting."""

    def guarded(handler: Callable[[Request, PublicMap], Any]) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            context = public()
            if context is None:
                return Response("starting", status_code=503, headers={"Retry-After": "5"})
            response: Response = await handler(request, context)
            return response

        return endpoint

    def route(path: str, handler: Callable[[Request, PublicMap], Any], method: str) -> Route:
        return Route(path, guarded(handler), methods=[method], middleware=COMPRESSED)

    routes: list[BaseRoute] = []
    for prefix in ("", "/nl", "/en"):
        routes += [
            route(f"{prefix}/", search_page, "GET"),
            route(f"{prefix}/niet-gevonden", not_found_report, "POST"),
            route(f"{prefix}/aanbod/{{offer_id}}", offer_page, "GET"),
            route(f"{prefix}/buurt/{{name:path}}", area_page, "GET"),
            route(f"{prefix}/agenda", agenda_page, "GET"),
        ]
    routes += [
        route("/agenda/{meeting_id:int}.ics", ics_file, "GET"),
        route("/agenda/{meeting_id:int}/{key}.ics", ics_file, "GET"),
        Mount("/static", StaticFiles(directory=STATIC), name="static", middleware=COMPRESSED),
    ]
    return routes
