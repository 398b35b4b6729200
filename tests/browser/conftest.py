"""A real Chromium (Debian's, headless, driven by Playwright) on `wijkwijzer web`.

One server on a fresh install and one browser serve the whole session; each test gets a
page in a new context (no shared cookies, cache or storage). Without Chromium or Playwright
the tests skip with the reason, unless WIJKWIJZER_REQUIRE_BROWSER=1 (as `.ci/run` sets it
after installing Chromium): then that is a failure.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

from bot.db.models import Meeting
from bot.db.session import Database
from bot.meetings.repository import MeetingRepository
from tests.web_process import ROOT, fresh_web

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page

CHROMIUM = Path(os.environ.get("WIJKWIJZER_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("WIJKWIJZER_REQUIRE_BROWSER") == "1"
# What Chromium needs on a closed, shared CI machine: no sandbox (root in a container), no
# GPU, and none of its own traffic (updates, sync, QUIC probes) that floods the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = "eenzaamheid indische buurt"
TIMEOUT_MS = 15_000


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@dataclass
class Web:
    """The running `wijkwijzer web`: its address, its folder and the agenda's meeting."""

    base: str
    folder: Path
    meeting_id: int
    _answers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def cli(self, *args: str) -> str:
        """Run the wijkwijzer CLI on the same install (its folder, its database)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKWIJZER_")}
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=self.folder,
            env={**env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout

    def search(self, question: str) -> dict[str, Any]:
        """`wijkwijzer search QUESTION --json` on this install: its first answer (asked once
        per session: the CLI loads the whole matcher each time)."""
        if question not in self._answers:
            output = self.cli("search", question, "--json")
            self._answers[question] = json.loads(output.splitlines()[0])
        return self._answers[question]


async def _add_public_meeting(url: str) -> int:
    """A weekly wijktafel meeting, so the agenda has an upcoming date whenever this runs."""
    db = Database(url)
    try:
        async with db.transaction() as session:
            repo = MeetingRepository(session)
            now = datetime.now(UTC)
            table = await repo.add_wijktafel(
                "Wijktafel Indische Buurt", "Indische Buurt", None, now
            )
            meeting = await repo.add_meeting(
                Meeting(
                    wijktafel_id=table.id,
                    title="Wijktafel Indische Buurt",
                    place="Buurthuis, Javastraat 1",
                    starts_at=datetime(2026, 1, 6, 13, 0, tzinfo=UTC),
                    duration_minutes=90,
                    rrule="FREQ=WEEKLY;BYDAY=TU",
                    created_at=now,
                )
            )
            return meeting.id
    finally:
        await db.dispose()


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """`wijkwijzer web --port 0` on a fresh install (bundled map), with one public meeting."""
    if os.environ.get("WIJKWIJZER_TEST_DATABASE_URL"):
        pytest.skip(
            "the browser tests run `wijkwijzer web` on a fresh install's own SQLite file, "
            "whatever the test database: the SQLite pass runs them"
        )
    reason = missing_browser()
    if reason:
        if REQUIRED:
            pytest.fail(f"WIJKWIJZER_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("web")
    with fresh_web(folder) as base:
        url = f"sqlite+aiosqlite:///{folder / 'wijkwijzer.db'}"
        meeting_id = asyncio.run(_add_public_meeting(url))
        yield Web(base, folder, meeting_id)


# Playwright's async API on the session's event loop: its sync API would leave a loop
# running in this thread between tests, and the other tests' asyncio.run() refuse that.
@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(web: Web) -> AsyncIterator[Browser]:
    """One headless Chromium for the session (after `web`, which decides skip or fail)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


async def new_context(browser: Browser, web: Web, **options: Any) -> BrowserContext:
    """A fresh context on the server: Dutch browser, desktop size unless told otherwise."""
    settings: dict[str, Any] = {
        "base_url": web.base,
        "locale": "nl-NL",
        "viewport": {"width": 1280, "height": 900},
        **options,
    }
    context = await browser.new_context(**settings)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser, web: Web) -> AsyncIterator[Page]:
    """A page in a fresh context; closed after the test."""
    context = await new_context(browser, web)
    try:
        yield await context.new_page()
    finally:
        await context.close()
