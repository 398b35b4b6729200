"""axe-core (vendored in tests/browser/vendor, MPL-2.0) on every page type: no violations.

The pages forbid inline script in their CSP, so the context bypasses the CSP to inject axe;
the pages themselves are served exactly as to anyone else.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

from tests.browser.conftest import QUESTION, Web, new_context

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.asyncio(loop_scope="session"),
]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.1 A and AA (what the law asks of Dutch public services) and axe's best practices
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RULES = {"runOnly": {"type": "tag", "values": TAGS}}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def axe_context(browser: Browser, web: Web) -> AsyncIterator[BrowserContext]:
    context = await new_context(browser, web, bypass_csp=True)
    try:
        yield context
    finally:
        await context.close()


def _first_offer(web: Web) -> str:
    offer_id: str = web.search(QUESTION)["results"][0]["id"]
    return offer_id


PAGES = {
    "search-with-results": lambda web: f"/?q={QUESTION}",
    "search-empty": lambda web: "/",
    "search-nothing-found": lambda web: "/?q=xyzzy+plugh",
    "offer": lambda web: f"/aanbod/{_first_offer(web)}",
    "area": lambda web: "/buurt/Indische Buurt",
    "agenda": lambda web: "/agenda",
    "not-found": lambda web: "/aanbod/no-such-offer",
    "english-search": lambda web: f"/en/?q={QUESTION}",
    "english-offer": lambda web: f"/en/aanbod/{_first_offer(web)}",
}


def _described(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("kind", list(PAGES))
async def test_axe_finds_no_violations(axe_context: BrowserContext, web: Web, kind: str) -> None:
    path = await asyncio.to_thread(PAGES[kind], web)
    page = await axe_context.new_page()
    try:
        response = await page.goto(path)
        assert response is not None
        assert response.status == (404 if kind == "not-found" else 200)
        await page.add_script_tag(content=AXE)
        result = await page.evaluate("rules => axe.run(document, rules)", RULES)
        assert result["passes"], "axe ran its checks"
        assert not result["violations"], _described(result["violations"])
    finally:
        await page.close()
