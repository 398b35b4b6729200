"""The social map as the bot uses it: seeded on first use, indexed, and kept fresh."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock, system_clock
from bot.db.repositories.offers import ImportReport, OfferRepository
from bot.db.session import Database
from matching.matcher import Matcher
from matching.resources import default_gazetteer, default_thesaurus, starter_map_path
from matching.socialmap import load_map

log = logging.getLogger(__name__)
STARTER_SOURCE = "starter"


async def seed_if_empty(db: Database, now: datetime) -> ImportReport | None:
    """Load the bundled starter map into an empty map, so a fresh install answers questions."""
    async with db.transaction() as session:
        repo = OfferRepository(session)
        if await repo.count():
            return None
        path = starter_map_path()
        if path is None:
            return None
        loaded = await asyncio.to_thread(load_map, path, default_gazetteer())
        if loaded.errors:
            # A broken bundled file is a packaging bug: say so loudly, but keep what is valid.
            log.error("the bundled starter map has %d invalid rows", len(loaded.errors))
        report = await repo.upsert(loaded.offers, STARTER_SOURCE, now)
    log.info("seeded the social map with %d offers", report.added)
    return report


class MapService:
    """Holds the matcher for the current map and rebuilds it when the map's version changes."""

    def __init__(
        self, db: Database, clock: Clock = system_clock, timezone: ZoneInfo | None = None
    ) -> None:
        self.db = db
        self.clock = clock
        self.timezone = timezone or ZoneInfo("Europe/Amsterdam")
        self._matcher: Matcher | None = None
        self._built_for: tuple[int, date] | None = None
        self._lock = asyncio.Lock()

    def _today(self) -> date:
        return self.clock().astimezone(self.timezone).date()

    async def matcher(self) -> Matcher:
        """The matcher for the map as it is now in the database."""
        async with self.db.transaction() as session:
            version = await OfferRepository(session).version()
        # Freshness depends on today's date too, so a new day also means a new index.
        wanted = (version, self._today())
        if self._matcher is not None and wanted == self._built_for:
            return self._matcher
        async with self._lock:
            if self._matcher is None or wanted != self._built_for:
                await self._rebuild(*wanted)
        assert self._matcher is not None  # noqa: S101 - set by _rebuild
        return self._matcher

    async def _rebuild(self, version: int, today: date) -> None:
        async with self.db.transaction() as session:
            offers = await OfferRepository(session).all()
        # Building the index is CPU work; keep the event loop answering meanwhile.
        self._matcher = await asyncio.to_thread(
            Matcher, offers, default_gazetteer(), default_thesaurus(), today=today
        )
        self._built_for = (version, today)
        log.info("matcher index built for map version %d (%d offers)", version, len(offers))
