"""The open API under /api/v1: answers, errors, caching and its OpenAPI description."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx
import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from starlette.routing import Route

from bot.__main__ import main
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.db.models.socialmap import AskedQuestion, MissedQuestion
from bot.db.session import Database
from bot.i18n import Catalogues
from bot.socialmap.repository import OfferRepository
from bot.socialmap.service import MapService
from bot.web.api import MAX_LIMIT, MAX_QUERY, PublicMap
from bot.web.app import create_web_app
from bot.web.metrics import Metrics
from bot.web.openapi import openapi_document
from bot.web.public import create_public_app
from tests.clock import FakeClock
from tests.harness import BotHarness
from tests.web_process import fresh_web

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Api:
    """An HTTP client on `wijkwijzer web`'s app over one test's database."""

    def __init__(self, http: httpx.AsyncClient, db: Database, clock: Clock) -> None:
        self.http = http
        self.db = db
        self.clock = clock

    async def get(self, path: str, **headers: str) -> httpx.Response:
        return await self.http.get(path, headers=headers)


async def _api(url: str, clock: Clock) -> AsyncIterator[Api]:
    db = Database(url)
    public = PublicMap(MapService(db, clock, AMSTERDAM), Catalogues(AMSTERDAM, "nl"), "nl")
    transport = httpx.ASGITransport(app=create_public_app(public, db))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://web.test") as http:
            yield Api(http, db, clock)
    finally:
        await db.dispose()


@pytest.fixture
async def api(seeded_database_url: str, clock: FakeClock) -> AsyncIterator[Api]:
    async for client in _api(seeded_database_url, clock):
        yield client


def _validator(schema: str) -> Draft202012Validator:
    document = openapi_document()
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    )


def _valid(schema: str, body: Any) -> list[str]:
    return [error.message for error in _validator(schema).iter_errors(body)]


async def test_search_answers_the_search_json_object(api: Api) -> None:
    response = await api.get("/api/v1/search?q=eenzaamheid%20indische%20buurt&limit=3")
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "eenzaamheid indische buurt"
    assert "eenzaamheid" in body["themes"]
    assert [area["name"] for area in body["areas"]] == ["Indische Buurt"]
    assert 1 <= len(body["results"]) <= 3
    assert _valid("SearchResult", body) == []
    assert "set-cookie" not in response.headers


async def test_search_is_the_cli_answer(
    seeded_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "eenzaamheid indische buurt"
    code = await asyncio.to_thread(
        main, ["search", question, "--json", "--db", seeded_database_url]
    )
    out = capsys.readouterr().out
    assert code == 0
    cli = json.loads(out.splitlines()[0])
    async for client in _api(seeded_database_url, system_clock):
        api_answer = (await client.get(f"/api/v1/search?q={quote(question)}")).json()
    assert cli["results"], "the bundled map has answers for this question"
    assert api_answer["results"][0]["id"] == cli["results"][0]["id"]
    assert api_answer == cli


async def test_area_and_theme_filter_as_the_bot_puts_a_question_together(api: Api) -> None:
    # a typo in the area, as people type it to the bot
    response = await api.get("/api/v1/search?q=koffie&area=indische%20buurtt&theme=eenzaamheid")
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "eenzaamheid koffie Indische Buurt"
    assert "eenzaamheid" in body["themes"]
    assert [area["name"] for area in body["areas"]] == ["Indische Buurt"]
    assert body["results"]
    assert {hit["area_match"] for hit in body["results"]} <= {"exact", "within", "nearby"}
    only_filters = await api.get("/api/v1/search?area=Indische%20Buurt&theme=eenzaamheid")
    assert only_filters.json()["query"] == "eenzaamheid Indische Buurt"


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("q=koffie&area=Atlantis", "unknown_area"),
        ("q=koffie&theme=ruimtevaart", "unknown_theme"),
        ("q=" + "a" * (MAX_QUERY + 1), "query_too_long"),
        ("q=koffie&limit=0", "bad_limit"),
        (f"q=koffie&limit={MAX_LIMIT + 1}", "bad_limit"),
        ("q=koffie&limit=vijf", "bad_limit"),
        ("q=koffie&limit=-3", "bad_limit"),
        ("q=koffie&limit=" + "9" * 5000, "bad_limit"),
        ("q=koffie&lang=de", "bad_lang"),
        ("q=%20%20", "missing_query"),
        ("", "missing_query"),
    ],
)
async def test_a_bad_request_gets_400_saying_what(api: Api, query: str, error: str) -> None:
    response = await api.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == error
    assert _valid("Error", body) == []
    assert response.headers["cache-control"] == "no-store"


async def test_an_unknown_area_comes_with_suggestions(api: Api) -> None:
    body = (await api.get("/api/v1/search?q=koffie&area=Indische%20Bxxxxx%20Qqqq")).json()
    assert body["error"] == "unknown_area"
    assert "Indische Bxxxxx Qqqq" in body["message"]
    assert isinstance(body["suggestions"], list)


async def test_an_offer_by_id_with_its_freshness(api: Api) -> None:
    first = (await api.get("/api/v1/search?q=eenzaamheid%20indische%20buurt")).json()
    offer_id = first["results"][0]["id"]
    response = await api.get(f"/api/v1/offers/{quote(offer_id)}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == offer_id
    assert _valid("Offer", body) == []
    async with api.db.transaction() as session:
        stored = {o.id: o for o in await OfferRepository(session).all()}[offer_id]
    assert {k: v for k, v in body.items() if k != "freshness"} == stored.to_record()
    assert body["freshness"]["status"] in {"verified", "stale", "unverified", "municipal"}
    english = (await api.get(f"/api/v1/offers/{quote(offer_id)}?lang=en")).json()
    assert english["freshness"]["status"] == body["freshness"]["status"]


@pytest.mark.parametrize(
    ("verified", "status", "text"),
    [
        (date(2026, 9, 1), "verified", "bevestigd: september 2026"),
        (date(2024, 9, 1), "stale", "september 2024"),
        (None, "unverified", ""),
    ],
)
async def test_freshness_says_when_an_offer_was_confirmed(
    api: Api, verified: date | None, status: str, text: str
) -> None:
    async with api.db.transaction() as session:
        repo = OfferRepository(session)
        offer = next(o for o in await repo.all() if o.kind == "initiative" and o.active)
        await repo.upsert([replace(offer, last_verified=verified)], "map", api.clock())
    body = (await api.get(f"/api/v1/offers/{quote(offer.id)}")).json()
    assert body["freshness"]["status"] == status
    assert body["freshness"]["last_verified"] == (verified.isoformat() if verified else None)
    assert text.casefold() in body["freshness"]["text"].casefold()
    assert body["freshness"]["text"]


async def test_an_unknown_offer_is_404(api: Api) -> None:
    response = await api.get("/api/v1/offers/bestaat-niet")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_etag_gives_304_until_the_map_changes(api: Api) -> None:
    path = "/api/v1/search?q=taalles%20noord"
    first = await api.get(path)
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = await api.get(path, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    weak = await api.get(path, **{"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    other = await api.get(path, **{"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    # the same map version: the same ETag on every route
    offer_id = first.json()["results"][0]["id"]
    offer = await api.get(f"/api/v1/offers/{quote(offer_id)}")
    assert offer.headers["etag"] == etag

    async with api.db.transaction() as session:
        repo = OfferRepository(session)
        changed = next(o for o in await repo.all() if o.id == offer_id)
        await repo.upsert([replace(changed, name=changed.name + " (nieuw)")], "map", api.clock())
    after = await api.get(path, **{"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["etag"] != etag


async def test_questions_asked_through_the_api_are_not_stored(api: Api) -> None:
    async def counts() -> tuple[int, int]:
        async with api.db.transaction() as session:
            asked = await session.scalar(select(func.count()).select_from(AskedQuestion))
            missed = await session.scalar(select(func.count()).select_from(MissedQuestion))
            return asked or 0, missed or 0

    before = await counts()
    for query in ("eenzaamheid indische buurt", "xyzzy plugh"):
        assert (await api.get(f"/api/v1/search?q={quote(query)}")).status_code == 200
    assert await counts() == before


def _api_paths(routes: list[Any]) -> set[str]:
    return {
        route.path
        for route in routes
        if isinstance(route, Route) and route.path.startswith("/api/")
    }


async def test_openapi_describes_exactly_the_routes_of_the_app(api: Api) -> None:
    response = await api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1.")
    assert document == openapi_document()
    transport = api.http._transport
    assert isinstance(transport, httpx.ASGITransport)
    assert set(document["paths"]) == _api_paths(transport.app.routes)  # type: ignore[attr-defined]
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


async def test_the_webhook_app_serves_the_same_api(harness: BotHarness) -> None:
    web = create_web_app(harness.application, Settings(webhook_secret="s3cret"), Metrics(), "/hook")
    assert _api_paths(web.routes) == set(openapi_document()["paths"])
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        response = await http.get("/api/v1/search?q=eenzaamheid%20indische%20buurt")
    assert response.status_code == 200
    assert _valid("SearchResult", response.json()) == []
    assert response.json()["results"]


def test_wijkwijzer_web_serves_the_api_on_a_fresh_install(tmp_path: Path) -> None:
    with fresh_web(tmp_path) as address:
        base = f"{address}/api/v1"
        answer = httpx.get(f"{base}/search", params={"q": "eenzaamheid indische buurt"})
        assert answer.status_code == 200
        assert answer.json()["results"]
        assert httpx.get(f"{base}/offers/bestaat-niet").status_code == 404
        assert (tmp_path / "wijkwijzer.db").is_file()


@pytest.mark.parametrize(
    "query",
    [
        "q=%FF%FE",
        "q=%00%00",
        "q=%F0%9F%A4%94%20%E2%80%AE",
        "q=...&area=%00",
        "q=koffie&theme=%FF",
        "q=koffie&area=" + "x" * 5000,
        "q=a&q=b&limit=1&limit=2",
        "q=" + "%20" * 5000 + "koffie",
    ],
)
async def test_odd_input_never_breaks_the_api(api: Api, query: str) -> None:
    response = await api.get(f"/api/v1/search?{query}")
    assert response.status_code in {200, 400}
    body = response.json()
    assert _valid("SearchResult" if response.status_code == 200 else "Error", body) == []
