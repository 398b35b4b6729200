"""The public pages (bot/site) on `wijkwijzer web`'s app over a migrated, seeded database."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest
from sqlalchemy import event, select

from bot.__main__ import main
from bot.clock import Clock
from bot.config import Settings
from bot.db.models import DemandQuestion, Meeting
from bot.db.session import Database
from bot.i18n import Catalogues
from bot.meetings.repository import MeetingRepository
from bot.site.pages import negotiate, page_routes
from bot.socialmap.service import MapService
from bot.web.api import PublicMap
from bot.web.app import create_web_app
from bot.web.metrics import Metrics
from bot.web.public import create_public_app
from matching.resources import default_thesaurus
from matching.thesaurus import Tag
from tests.clock import FakeClock
from tests.harness import BotHarness
from tests.web_process import fresh_web

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUESTION = "eenzaamheid indische buurt"
GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}


class Site:
    """An HTTP client on the pages of `wijkwijzer web` over one test's database."""

    def __init__(self, http: httpx.AsyncClient, db: Database, clock: Clock) -> None:
        self.http = http
        self.db = db
        self.clock = clock

    async def get(self, path: str, **headers: str) -> httpx.Response:
        return await self.http.get(path, headers=headers)


@pytest.fixture
async def site(seeded_database_url: str, clock: FakeClock) -> AsyncIterator[Site]:
    db = Database(seeded_database_url)
    public = PublicMap(MapService(db, clock, AMSTERDAM), Catalogues(AMSTERDAM, "nl"), "nl")
    app = create_public_app(public, db, page_routes)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://web.test") as http:
            yield Site(http, db, clock)
    finally:
        await db.dispose()


class _Offers(HTMLParser):
    """The offer links of a page, in order, and the <h2> headings."""

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[str] = []
        self.headings: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and "/aanbod/" in href:
            self.offers.append(href.rsplit("/", 1)[1])
        self._in_h2 = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2 and data.strip():
            self.headings.append(data.strip())


def _parsed(html: str) -> _Offers:
    parser = _Offers()
    parser.feed(html)
    return parser


async def test_search_page_shows_the_cli_first_result(
    site: Site, seeded_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await asyncio.to_thread(
        main, ["search", QUESTION, "--json", "--db", seeded_database_url]
    )
    cli = json.loads(capsys.readouterr().out.splitlines()[0])
    assert code == 0
    assert cli["results"]
    response = await site.get("/?q=" + QUESTION.replace(" ", "+"))
    assert response.status_code == 200
    assert _parsed(response.text).offers[0] == cli["results"][0]["id"]
    assert '<html lang="nl">' in response.text
    assert "Waarom:" in response.text  # the reasons it matched
    assert "Niet wat ik zocht" in response.text


async def test_search_pages_on(site: Site) -> None:
    first = _parsed((await site.get(f"/?q={QUESTION}")).text).offers
    page = await site.get(f"/?q={QUESTION}&page=2")
    second = _parsed(page.text).offers
    assert len(first) == 5
    assert second
    assert not set(first) & set(second)
    assert 'rel="prev"' in page.text


async def test_filters_take_an_area_with_a_typo_and_a_theme(site: Site) -> None:
    plain = _parsed((await site.get(f"/?q={QUESTION}")).text).offers
    filtered = await site.get("/?theme=eenzaamheid&area=indishe+buurt")
    assert filtered.status_code == 200
    assert _parsed(filtered.text).offers[0] == plain[0]
    unknown = await site.get("/?q=koffie&area=Utrecht")
    assert "ken ik niet" in unknown.text


async def test_english_under_en_and_by_accept_language(site: Site) -> None:
    english = await site.get(f"/en/?q={QUESTION}")
    assert '<html lang="en">' in english.text
    assert "Why:" in english.text
    assert 'href="/nl/?q=' in english.text  # the switch back, keeping the question
    assert 'href="/en/aanbod/' in english.text
    negotiated = await site.get("/", **{"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert '<html lang="en">' in negotiated.text
    assert "Accept-Language" in negotiated.headers["vary"].split(", ")
    dutch = await site.get("/nl/", **{"Accept-Language": "en"})
    assert '<html lang="nl">' in dutch.text


def test_accept_language_picks_the_preferred_supported_language() -> None:
    assert negotiate("de-DE,en;q=0.8,nl;q=0.9", "en") == "nl"
    assert negotiate("fr, de", "nl") == "nl"
    assert negotiate("en;q=0", "nl") == "nl"
    assert negotiate(None, "en") == "en"


async def test_offer_page_200_and_404(site: Site) -> None:
    first = _parsed((await site.get(f"/?q={QUESTION}")).text).offers[0]
    page = await site.get(f"/aanbod/{first}")
    assert page.status_code == 200
    assert "<h1>" in page.text
    assert "Thema's" in page.text
    missing = await site.get("/en/aanbod/bestaat-niet")
    assert missing.status_code == 404
    assert "Not found" in missing.text


async def test_area_page_groups_by_theme(site: Site) -> None:
    page = await site.get("/buurt/Indische%20Buurt")
    assert page.status_code == 200
    headings = _parsed(page.text).headings
    assert len(headings) >= 3
    assert headings == sorted(set(headings), key=str.casefold)
    thesaurus = default_thesaurus()
    checked = 0
    for section in page.text.split("<section")[1:]:
        heading = _parsed("<section" + section).headings[0]
        for offer_id in _parsed(section).offers:
            offer = (await site.get(f"/api/v1/offers/{offer_id}")).json()
            assert thesaurus.label(Tag("theme", offer["themes"][0]), "nl") == heading
            checked += 1
    assert checked >= 10
    assert (await site.get("/buurt/Nergenshuizen")).status_code == 404
    # 27 area names hold a slash: their page answers whether the slash is escaped or not
    for path in ("/buurt/Lutkemeer/Ookmeer", "/en/buurt/Lutkemeer%2FOokmeer"):
        slashed = await site.get(path)
        assert slashed.status_code == 200, path
        assert "Lutkemeer/Ookmeer" in slashed.text


async def test_agenda_lists_wijktafels_with_ics_that_parses(site: Site, clock: FakeClock) -> None:
    async with site.db.transaction() as session:
        repo = MeetingRepository(session)
        table = await repo.add_wijktafel(
            "Wijktafel Indische Buurt", "Indische Buurt", None, clock()
        )
        meeting = await repo.add_meeting(
            Meeting(
                wijktafel_id=table.id,
                title="Wijktafel; december",
                place="Buurthuis, Javastraat 1",
                starts_at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC),
                duration_minutes=90,
                rrule="FREQ=WEEKLY;BYDAY=TU",
                created_at=clock(),
            )
        )
    page = await site.get("/agenda")
    assert page.status_code == 200
    assert "Indische Buurt" in page.text
    assert f"webcal://web.test/agenda/{meeting.id}.ics" in page.text
    one = re.search(rf'href="(/agenda/{meeting.id}/\d{{8}}\.ics)"', page.text)
    assert one is not None
    single = await site.get(one[1])
    assert single.headers["content-type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(single.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Wijktafel; december"
    assert "RRULE" not in event
    series = await site.get(f"/agenda/{meeting.id}.ics")
    vevent = icalendar.Calendar.from_ical(series.content).walk("VEVENT")[0]
    assert "RRULE" in vevent
    assert (await site.get("/agenda/999.ics")).status_code == 404
    assert (await site.get(f"/agenda/{meeting.id}/20261203.ics")).status_code == 404  # a Thursday


async def test_headers_say_no_third_parties_and_set_no_cookie(site: Site) -> None:
    for path in ("/", f"/?q={QUESTION}", "/en/agenda", "/buurt/Oost", "/aanbod/nope"):
        response = await site.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "set-cookie" not in response.headers
        assert not re.search(r'(src|href)="(https?:)?//', response.text.split("<main")[0])
    css = await site.get("/static/site.css")
    assert css.status_code == 200
    assert "focus-visible" in css.text


async def test_pages_and_static_files_are_gzipped_only_when_asked(site: Site) -> None:
    search = await site.get(f"/?q={QUESTION}", **GZIP)
    offer = _parsed(search.text).offers[0]
    paths = [f"/?q={QUESTION}", f"/en/aanbod/{offer}", "/buurt/Oost", "/static/site.css"]
    for path in paths:
        zipped = await site.get(path, **GZIP)
        plain = await site.get(path, **IDENTITY)
        assert zipped.headers["content-encoding"] == "gzip", path
        assert "Accept-Encoding" in zipped.headers["vary"]
        assert zipped.num_bytes_downloaded < len(zipped.content)
        assert "content-encoding" not in plain.headers, path
        assert plain.num_bytes_downloaded == len(plain.content)
        if path.startswith("/?"):  # each first page carries its own demand token
            assert _parsed(zipped.text).offers == _parsed(plain.text).offers
        else:
            assert zipped.content == plain.content
    # the API keeps one representation per ETag
    api = await site.get(f"/api/v1/search?q={QUESTION}", **GZIP)
    assert "content-encoding" not in api.headers


async def test_a_search_page_uses_one_database_connection(site: Site) -> None:
    await site.get(f"/?q={QUESTION}")  # the index is built
    checkouts: list[object] = []

    def checkout(*_args: object) -> None:
        checkouts.append(1)

    event.listen(site.db.engine.sync_engine, "checkout", checkout)
    try:
        page = await site.get(f"/?q={QUESTION}")
    finally:
        event.remove(site.db.engine.sync_engine, "checkout", checkout)
    assert _parsed(page.text).offers
    assert _demand_token(page.text)  # its demand row was written too
    # the map's version, the "via de bot" entries and the demand row: one transaction
    assert len(checkouts) == 1


async def test_a_script_in_the_question_is_escaped(site: Site) -> None:
    response = await site.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


async def test_not_what_i_looked_for_keeps_demand_without_the_question(site: Site) -> None:
    response = await site.http.post(
        "/en/niet-gevonden", data={"q": QUESTION, "area": "", "theme": ""}
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/en/?")
    async with site.db.transaction() as session:
        rows = (await session.scalars(select(DemandQuestion))).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.channel, row.outcome) == ("web", "rejected")
    assert "eenzaamheid" in row.themes
    assert row.area_codes
    assert "indische" not in json.dumps([row.themes, row.area_codes]).casefold()
    thanks = await site.get(response.headers["location"])
    assert "Thank you" in thanks.text
    assert "set-cookie" not in response.headers


async def test_the_webhook_app_serves_the_pages_beside_the_webhook(harness: BotHarness) -> None:
    settings = Settings(webhook_secret="s3cret")
    web = create_web_app(harness.application, settings, Metrics(), "/", page_routes)
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        page = await http.get(f"/en/?q={QUESTION}", headers=GZIP)
        refused = await http.post("/", content=b"{}")  # the webhook, without its secret
    assert page.status_code == 200
    assert page.headers["content-encoding"] == "gzip"
    assert _parsed(page.text).offers
    assert refused.status_code == 403


def test_wijkwijzer_web_serves_the_search_page_on_a_fresh_install(tmp_path: Path) -> None:
    with fresh_web(tmp_path) as base:
        page = httpx.get(f"{base}/", params={"q": QUESTION})
        assert page.status_code == 200
        assert _parsed(page.text).offers
        assert "default-src 'self'" in page.headers["content-security-policy"]


def _demand_token(html: str) -> str:
    found = re.search(r'<input type="hidden" name="d" value="([^"]+)">', html)
    assert found, "the page's form carries its demand row"
    return found.group(1)


async def _demand_rows(site: Site) -> list[DemandQuestion]:
    async with site.db.transaction() as session:
        return list(await session.scalars(select(DemandQuestion).order_by(DemandQuestion.id)))


async def test_a_web_search_is_demand_once_and_its_miss_marks_that_row(site: Site) -> None:
    first = await site.get(f"/en/?q={QUESTION}")
    rows = await _demand_rows(site)
    assert len(rows) == 1
    row = rows[0]
    assert (row.channel, row.outcome) == ("web", "good")  # local offers in the Indische Buurt
    assert "eenzaamheid" in row.themes
    assert row.area_codes
    assert "indische" not in json.dumps([row.themes, row.area_codes]).casefold()
    following = re.search(r'href="([^"]*)" rel="next"', first.text)
    assert following
    second = await site.get(following.group(1).replace("&amp;", "&"))
    assert second.status_code == 200
    back = re.search(r'href="([^"]*)" rel="prev"', second.text)
    assert back
    assert (await site.get(back.group(1).replace("&amp;", "&"))).status_code == 200
    assert len(await _demand_rows(site)) == 1  # pages two and back to one: the same question
    response = await site.http.post(
        "/en/niet-gevonden",
        data={"q": QUESTION, "area": "", "theme": "", "d": _demand_token(second.text)},
    )
    assert response.status_code == 303
    thanks = await site.get(response.headers["location"])
    assert "Thank you" in thanks.text
    rows = await _demand_rows(site)
    assert [(r.id, r.outcome) for r in rows] == [(row.id, "rejected")]


async def test_a_search_without_answers_is_kept_as_nothing(site: Site) -> None:
    response = await site.get("/?q=xqzzyv+vwkkq")
    assert response.status_code == 200
    assert not _parsed(response.text).offers
    assert [(r.channel, r.outcome) for r in await _demand_rows(site)] == [("web", "nothing")]


async def test_a_forged_demand_id_marks_no_other_row(site: Site) -> None:
    await site.get(f"/?q={QUESTION}")
    mine = await site.get("/?q=schuldhulp")
    (other, own) = await _demand_rows(site)
    token = _demand_token(mine.text)
    assert token.startswith(f"{own.id}.")
    forged = f"{other.id}.{token.partition('.')[2]}"
    await site.http.post("/niet-gevonden", data={"q": "schuldhulp", "d": forged})
    rows = await _demand_rows(site)
    assert rows[0].outcome == other.outcome != "rejected"
    assert rows[1].outcome == own.outcome != "rejected"
    assert [(r.channel, r.outcome) for r in rows[2:]] == [("web", "rejected")]
