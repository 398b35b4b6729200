"""The social map as the bot uses it: seeded on first use, indexed, and kept fresh."""

from __future__ import annotations

import asyncio
import functools
import logging
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import heap
from bot.clock import Clock, system_clock
from bot.db.migrate import wait_for_other_starters
from bot.db.session import Database
from bot.socialmap.repository import ImportReport, OfferRepository
from matching.matcher import Matcher
from matching.offer import Offer
from matching.placement import place_offers
from matching.resources import (
    default_gazetteer,
    default_thesaurus,
    places_path,
    starter_map_path,
)
from matching.socialmap import load_map

log = logging.getLogger(__name__)
STARTER_SOURCE = "starter"
MUNICIPAL_SOURCE = "municipal"  # the city's open-data facilities, replaced as a whole


@functools.cache
def _bundled(path: Path | None, what: str) -> tuple[Offer, ...]:
    # The bundled files never change while the process runs: read and place them once.
    if path is None:
        return ()
    gazetteer = default_gazetteer()
    loaded = load_map(path, gazetteer)
    if loaded.errors:
        # A broken bundled file is a packaging bug: say so loudly, but keep what is valid.
        log.error("the bundled %s has %d invalid rows", what, len(loaded.errors))
    return place_offers(loaded.offers, gazetteer)


async def seed_if_empty(db: Database, now: datetime) -> ImportReport | None:
    """Load the bundled starter map and municipal facilities into an empty map."""
    async with db.transaction() as session:
        await wait_for_other_starters(session)
        repo = OfferRepository(session)
        if await repo.count():
            return None
        starter = await asyncio.to_thread(_bundled, starter_map_path(), "starter map")
        places = await asyncio.to_thread(_bundled, places_path(), "municipal facilities")
        if not starter and not places:
            return None
        first = await repo.upsert(starter, STARTER_SOURCE, now)
        second = await repo.upsert(places, MUNICIPAL_SOURCE, now)
        report = ImportReport(
            first.added + second.added,
            first.changed + second.changed,
            first.unchanged + second.unchanged,
        )
    log.info("seeded the social map with %d offers", report.added)
    return report


@functools.lru_cache(maxsize=4)
def _build_matcher(
    offers: tuple[Offer, ...], today: date, lowered: frozenset[str] = frozenset()
) -> Matcher:
    # The same map on the same day gives the same index: processes that serve several
    # applications (tests, the local chat) build it once.
    return Matcher(offers, default_gazetteer(), default_thesaurus(), today=today, lowered=lowered)


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
        # Ids of the city's open-data facilities: their cards name the source, not a date.
        self.municipal: frozenset[str] = frozenset()

    def _today(self) -> date:
        return self.clock().astimezone(self.timezone).date()

    async def matcher(self, session: AsyncSession | None = None) -> Matcher:
        """The matcher for the map as it is now in the database (its version is read in the
        caller's session when it has one: one connection less per question)."""
        if session is None:
            # The session is opened before the index lock is taken, as with callers that
            # bring their own: one order of the two locks (see bot/db/sqlite_writer.py).
            async with self.db.transaction() as own:
                return await self.matcher(own)
        version = await OfferRepository(session).version()
        # Freshness depends on today's date too, so a new day also means a new index.
        wanted = (version, self._today())
        if self._matcher is not None and wanted == self._built_for:
            return self._matcher
        async with self._lock:
            if self._matcher is None or wanted != self._built_for:
                await self._rebuild(session, *wanted)
        assert self._matcher is not None  # noqa: S101 - set by _rebuild
        return self._matcher

    async def _rebuild(self, session: AsyncSession, version: int, today: date) -> None:
        repo = OfferRepository(session)
        offers = await repo.all()
        municipal = frozenset(await repo.ids_of_source(MUNICIPAL_SOURCE))
        lowered, hidden = await repo.lowered_and_hidden()
        # Unconfirmed for too long: kept on the map, but no longer shown in answers.
        shown = tuple(offer for offer in offers if offer.id not in hidden)
        # Building the index is CPU work; keep the event loop answering meanwhile.
        self._matcher = await asyncio.to_thread(_build_matcher, shown, today, lowered)
        self.municipal = municipal
        self._built_for = (version, today)
        heap.settle()
        log.info("matcher index built for map version %d (%d offers)", version, len(offers))
