"""The public pages in a real browser: search, the keyboard-only area filter, an offer by its
URL, the switch to English, the agenda's .ics, and the screenshots for docs/."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot.i18n import Catalogues, Translator
from matching.resources import default_gazetteer
from tests.browser.conftest import QUESTION, Web, new_context

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.asyncio(loop_scope="session"),
]

CARD_LINKS = "ol.results article.card h3 a"
AREA = "indische buurt"


def _texts(language: str) -> Translator:
    return Catalogues(ZoneInfo("Europe/Amsterdam"), "nl").translator(language)


async def test_search_box_gives_the_cli_first_result(page: Page, web: Web) -> None:
    cli = await asyncio.to_thread(web.search, QUESTION)
    assert cli["results"]
    await page.goto("/")
    await page.get_by_label(_texts("nl")("web.search.label")).fill(QUESTION)
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"[?&]q=eenzaamheid"))
    assert await page.locator(CARD_LINKS).first.inner_text() == cli["results"][0]["name"]
    assert await page.locator("html").get_attribute("lang") == "nl"


async def _tab_to(page: Page, element_id: str, limit: int = 20) -> None:
    """Press Tab until the element with this id has the focus (the keyboard's own order)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} is not reached with Tab in {limit} steps")


async def test_area_filter_works_with_the_keyboard_only(page: Page, web: Web) -> None:
    await page.goto("/")
    await _tab_to(page, "area")
    await page.keyboard.type(AREA)
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"[?&]area=indische"))
    places = await page.locator("ol.results article.card dd:first-of-type").all_inner_texts()
    assert places, "the area alone finds offers"
    gazetteer = default_gazetteer()
    asked = gazetteer.resolve(AREA)
    assert asked is not None
    inside = set().union(*(gazetteer.subtree(code) for code in asked.codes))
    for where in places:
        found = [gazetteer.resolve(part, fuzzy=False) for part in where.split(", ")]
        codes = {code for place in found if place for code in place.codes}
        assert codes, f"{where!r} is a place the map knows"
        assert codes & inside, f"{where!r} lies in the {asked.name}"


async def test_an_offer_page_opens_by_its_url(page: Page, web: Web) -> None:
    first = (await asyncio.to_thread(web.search, QUESTION))["results"][0]
    response = await page.goto(f"/aanbod/{first['id']}")
    assert response is not None
    assert response.status == 200
    assert await page.locator("main h1").inner_text() == first["name"]
    assert (await page.title()).startswith(first["name"])


async def test_the_language_link_switches_to_english(page: Page, web: Web) -> None:
    await page.goto(f"/?q={QUESTION}")
    await page.get_by_role("link", name="English").focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/en/\?q=eenzaamheid"))
    assert await page.locator("html").get_attribute("lang") == "en"
    assert await page.locator("main h1").inner_text() == _texts("en")("web.search.heading")
    first = page.locator(CARD_LINKS).first
    assert (await first.get_attribute("href") or "").startswith("/en/aanbod/")  # stays English


async def test_the_agenda_ics_downloads_and_parses(page: Page, web: Web) -> None:
    dutch = _texts("nl")
    await page.goto("/agenda")
    link = page.get_by_role("link", name=dutch("web.agenda.ics")).first
    href = await link.get_attribute("href") or ""
    assert re.fullmatch(rf"/agenda/{web.meeting_id}/\d{{8}}\.ics", href)
    async with page.expect_download() as download:
        await link.click()
    saved = Path(await (await download.value).path())
    body = await asyncio.to_thread(saved.read_bytes)
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Wijktafel Indische Buurt"
    assert str(events[0]["LOCATION"]) == "Buurthuis, Javastraat 1"
    webcal = page.get_by_role("link", name=dutch("web.agenda.webcal")).first
    assert (await webcal.get_attribute("href") or "").endswith(f"/agenda/{web.meeting_id}.ics")


SIZES = {"phone": (360, 800), "desktop": (1280, 900)}


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """docs/ when WIJKWIJZER_SCREENSHOTS=docs (take them once and commit them), else tmp."""
    folder = Path(os.environ.get("WIJKWIJZER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", sorted(SIZES))
async def test_screenshots_of_search_and_offer(
    browser: Browser, web: Web, size: str, screenshots: Path
) -> None:
    """The search page with results and the first result's page, at phone and desktop width."""
    folder = screenshots
    width, height = SIZES[size]
    context = await new_context(browser, web, viewport={"width": width, "height": height})
    search = folder / f"web-search-{size}.png"
    offer = folder / f"web-offer-{size}.png"
    try:
        page = await context.new_page()
        await page.goto(f"/?q={QUESTION}")
        await page.locator(CARD_LINKS).first.wait_for()
        shots = [await page.screenshot(path=search)]
        await page.locator(CARD_LINKS).first.focus()
        await page.keyboard.press("Enter")
        await page.wait_for_url(re.compile(r"/aanbod/"))
        shots.append(await page.screenshot(path=offer))
        # the page fits its width: nothing to scroll sideways, even on a phone
        assert await page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        await context.close()
    assert all(shot.startswith(b"\x89PNG") for shot in shots)


async def test_every_page_type_reads_at_320_px_without_scrolling_sideways(
    browser: Browser, web: Web
) -> None:
    """WCAG 1.4.10 reflow: 320 CSS px is a phone, and a 1280 px screen at 400% zoom."""
    offer_id = (await asyncio.to_thread(web.search, QUESTION))["results"][0]["id"]
    paths = [f"/?q={QUESTION}", "/", f"/aanbod/{offer_id}", "/buurt/Indische Buurt", "/agenda"]
    context = await new_context(browser, web, viewport={"width": 320, "height": 640})
    try:
        page = await context.new_page()
        wide = {}
        for path in [*paths, *(f"/en{path}" for path in paths)]:
            await page.goto(path)
            wide[path] = await page.evaluate("document.documentElement.scrollWidth")
    finally:
        await context.close()
    assert {path: width for path, width in wide.items() if width > 320} == {}
