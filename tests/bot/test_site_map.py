"""The public pages' map (Leaflet with OpenStreetMap tiles beside the text list), the map's
Dutch texts marked as such on English pages, and the link into the bot's warm introduction."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.core.repository_users import UserRepository
from bot.db.models import OfferSubmission
from bot.db.session import Database
from bot.i18n import Catalogues
from bot.signup.repository_submissions import SubmissionRepository
from bot.site.pages import page_routes
from bot.socialmap.service import MapService
from bot.web.api import PublicMap
from bot.web.public import create_public_app
from tests.clock import FakeClock

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PLACE = "buurtboederij-ons-genoegen-74dce386"  # the city's open data: a place with coordinates
WRITTEN = "wijktafels-oost"  # the starter map: a written description and a schedule, no place
BOT = "WijkwijzerTestBot"
TILES = "https://tile.openstreetmap.org"
CSP = (
    f"default-src 'self'; img-src 'self' {TILES}; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class Pages:
    """The pages of one test's seeded database, with or without the bot's username."""

    def __init__(self, db: Database, clock: FakeClock) -> None:
        self.db = db
        self.clock = clock
        self.bot_username: str | None = None

    async def get(self, path: str) -> httpx.Response:
        public = PublicMap(
            MapService(self.db, self.clock, AMSTERDAM),
            Catalogues(AMSTERDAM, "nl"),
            "nl",
            self.bot_username,
        )
        app = create_public_app(public, self.db, page_routes)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://web.test") as http:
            return await http.get(path)

    async def reachable_via_bot(self, offer_id: str) -> None:
        """Give the entry an owner and an approved sign-up that chose "via de bot"."""
        now = self.clock()
        async with self.db.transaction() as session:
            await UserRepository(session).register(1010, "nl", now)
            await SubmissionRepository(session).add_owner(offer_id, 1010, now)
            session.add(
                OfferSubmission(
                    offer_id=offer_id,
                    data={"name": offer_id, "via_bot": True},
                    owner_id=1010,
                    state="approved",
                    created_at=now,
                    decided_at=now,
                )
            )


@pytest.fixture
async def pages(seeded_database_url: str, clock: FakeClock) -> AsyncIterator[Pages]:
    db = Database(seeded_database_url)
    try:
        yield Pages(db, clock)
    finally:
        await db.dispose()


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside elements that have `lang`."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.lang_text: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag not in ("br", "img", "input", "link", "meta"):
            self._open.append((tag, found.get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, _ = self._open.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        langs = [lang for _, lang in self._open if lang]
        if langs and data.strip():
            self.lang_text.setdefault(langs[-1], []).append(data.strip())

    def with_attr(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for _, attrs in self.tags if name in attrs]


def _parsed(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _leaflet(html: str) -> bool:
    return "/static/leaflet/leaflet.js" in html or "/static/map.js" in html


async def test_an_offer_with_a_place_has_a_map_with_its_coordinates(pages: Pages) -> None:
    offer = (await pages.get(f"/api/v1/offers/{PLACE}")).json()
    page = await pages.get(f"/aanbod/{PLACE}")
    assert page.status_code == 200
    html = _parsed(page.text)
    [box] = html.with_attr("data-map")
    assert box["role"] == "region"
    assert box["aria-label"] == "Kaart met de plek van Buurtboederij Ons Genoegen"
    assert "hidden" in box  # map.js shows it: without JavaScript there is no empty box
    assert box["data-tiles"] == f"{TILES}/{{z}}/{{x}}/{{y}}.png"
    assert box["data-attribution"] == "© OpenStreetMap-bijdragers"
    assert box["data-copyright"] == "https://www.openstreetmap.org/copyright"
    [place] = html.with_attr("data-lat")
    assert float(place["data-lat"] or "") == offer["latitude"]
    assert float(place["data-lon"] or "") == offer["longitude"]
    assert place["data-name"] == offer["name"]
    head = page.text.split("<body")[0]
    for asset in ("/static/leaflet/leaflet.css", "/static/leaflet/leaflet.js", "/static/map.js"):
        assert asset in head
    assert "<script>" not in page.text  # no inline script: the CSP forbids it
    assert offer["address"] in page.text  # the text says where, without the map


async def test_an_offer_without_a_place_has_no_map_and_loads_no_leaflet(pages: Pages) -> None:
    page = await pages.get(f"/aanbod/{WRITTEN}")
    assert page.status_code == 200
    assert not _parsed(page.text).with_attr("data-map")
    assert not _parsed(page.text).with_attr("data-lat")
    assert not _leaflet(page.text)
    for path in ("/", "/?q=eenzaamheid+indische+buurt", "/agenda", "/aanbod/bestaat-niet"):
        assert not _leaflet((await pages.get(path)).text), path


async def test_an_area_page_maps_every_listed_offer_that_has_a_place(pages: Pages) -> None:
    page = await pages.get("/en/buurt/Indische%20Buurt")
    html = _parsed(page.text)
    [box] = html.with_attr("data-map")
    assert box["aria-label"] == "Map of what is on offer in Indische Buurt"
    assert box["data-zoom-in"] == "Zoom in"
    assert _leaflet(page.text)
    listing = page.text.split('<div class="listing">', 1)[1]
    cards = re.findall(r'<article class="card"([^>]*)>\s*<h3><a href="/en/aanbod/([^"]+)"', listing)
    with_place = [offer_id for attrs, offer_id in cards if "data-lat=" in attrs]
    assert len(with_place) >= 10
    for attrs, offer_id in cards:
        offer = (await pages.get(f"/api/v1/offers/{offer_id}")).json()
        assert ("data-lat=" in attrs) == ("latitude" in offer), offer_id
        if "latitude" in offer:
            assert f'data-lat="{offer["latitude"]}"' in attrs


async def test_the_csp_allows_the_tile_server_for_images_and_nothing_else_new(
    pages: Pages,
) -> None:
    for path in (f"/aanbod/{PLACE}", "/buurt/Oost", "/", "/en/agenda"):
        response = await pages.get(path)
        assert response.headers["content-security-policy"] == CSP
        assert "set-cookie" not in response.headers
        assert response.headers["referrer-policy"] == "no-referrer"
    script = (await pages.get("/static/map.js")).text
    assert "referrerPolicy: data.referrer" in script  # tiles get the origin only, as OSM asks
    page = await pages.get(f"/aanbod/{PLACE}")
    [box] = _parsed(page.text).with_attr("data-map")
    assert box["data-referrer"] == "strict-origin"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/leaflet/leaflet.js", "text/javascript"),
        ("/static/leaflet/leaflet.css", "text/css"),
        ("/static/leaflet/images/marker-icon.png", "image/png"),
        ("/static/leaflet/images/marker-icon-2x.png", "image/png"),
        ("/static/leaflet/images/marker-shadow.png", "image/png"),
        ("/static/map.js", "text/javascript"),
    ],
)
async def test_the_map_files_are_served(pages: Pages, path: str, kind: str) -> None:
    response = await pages.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(kind)
    assert len(response.content) > 500


async def test_every_page_names_its_icon_and_the_icon_is_served(pages: Pages) -> None:
    # without one, every browser asks for /favicon.ico and logs a 404
    for path in ("/", f"/aanbod/{PLACE}", "/en/agenda"):
        assert '<link rel="icon" href="/static/favicon.svg"' in (await pages.get(path)).text
    icon = await pages.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")


async def test_english_pages_mark_the_maps_dutch_texts(pages: Pages) -> None:
    written = (await pages.get(f"/api/v1/offers/{WRITTEN}")).json()
    html = _parsed((await pages.get(f"/en/aanbod/{WRITTEN}")).text)
    dutch = html.lang_text["nl"]
    assert written["name"] in dutch
    assert written["description"] in dutch
    assert written["schedule"] in dutch
    assert "Where" not in dutch  # the page's own words stay English
    # a description the city's data generates is given in the reader's language: not marked
    place = _parsed((await pages.get(f"/en/aanbod/{PLACE}")).text)
    assert "Buurtboederij Ons Genoegen" in place.lang_text["nl"]
    assert not any("Neighbourhood room" in text for text in place.lang_text["nl"])
    cards = _parsed((await pages.get("/en/?q=wijktafel+oost")).text)
    assert written["name"] in cards.lang_text["nl"]
    area = _parsed((await pages.get("/en/buurt/Oost")).text)
    assert written["name"] in area.lang_text["nl"]
    dutch_page = await pages.get(f"/nl/aanbod/{WRITTEN}")
    assert 'lang="nl"' not in dutch_page.text.split("<main", 1)[1]


async def test_an_entry_via_the_bot_links_to_its_introduction(pages: Pages) -> None:
    await pages.reachable_via_bot(WRITTEN)
    pages.bot_username = BOT
    page = await pages.get(f"/aanbod/{WRITTEN}")
    link = f"https://t.me/{BOT}?start=intro_{WRITTEN}"
    assert f'<a href="{link}">Breng me in contact via Telegram</a>' in page.text
    assert "via de bot" in page.text
    cards = await pages.get("/en/?q=wijktafel+oost")
    assert f'<a href="{link}">Put me in touch via Telegram</a>' in cards.text
    # an entry that did not choose "via de bot" gets no link
    other = await pages.get(f"/aanbod/{PLACE}")
    assert "t.me/" not in other.text


async def test_without_the_bot_username_the_page_says_via_de_bot_without_a_link(
    pages: Pages,
) -> None:
    await pages.reachable_via_bot(WRITTEN)
    page = await pages.get(f"/aanbod/{WRITTEN}")
    assert "via de bot" in page.text
    assert "t.me/" not in page.text
    assert "Breng me in contact via Telegram" not in page.text
