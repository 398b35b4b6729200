"""The matcher the bot talks to: built once per social map, answers questions and locations."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from matching.area_names import CITY_CODE, LEVEL_RANK
from matching.gazetteer import Gazetteer
from matching.geo import PointGrid
from matching.index import MapIndex
from matching.linguistics import Linguistics
from matching.near import POOL, NearHit, order_near
from matching.normalise import fold
from matching.offer import Offer
from matching.query import ParsedQuery, parse_query
from matching.ranking import rank
from matching.reasons import reasons
from matching.resources import default_gazetteer, default_linguistics, default_thesaurus
from matching.results import AREA_MATCH, AreaRef, Hit, NearbyOffer, SearchResult
from matching.socialmap import MapError, load_map
from matching.thesaurus import Thesaurus

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (as it was before, afterwards)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class InvalidMapError(ValueError):
    """A social-map file with errors, all of them listed."""

    def __init__(self, errors: Iterable[MapError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class Matcher:
    """Finds offers for questions in Dutch or English, and offers near a location."""

    def __init__(
        self,
        offers: Iterable[Offer],
        gazetteer: Gazetteer | None = None,
        thesaurus: Thesaurus | None = None,
        *,
        today: date | None = None,
        lowered: frozenset[str] = frozenset(),
        linguistics: Linguistics | None = None,
    ) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.thesaurus = thesaurus or default_thesaurus()
        self.linguistics = linguistics or default_linguistics()
        self.today = today or datetime.now(AMSTERDAM).date()
        self.gazetteer.prepare()
        # Building creates millions of objects and no cycles: the collector's passes over
        # the growing index would only cost time (seconds at 100,000 offers).
        with _collector_paused():
            self.index = MapIndex(
                offers,
                self.gazetteer,
                self.thesaurus,
                self.today,
                lowered,
                linguistics=self.linguistics,
            )
        self._by_id = {offer.id: offer for offer in self.index.offers}
        self._position = {offer.id: i for i, offer in enumerate(self.index.offers)}
        self._grid: PointGrid | None = None
        self._located_by: dict[int, str] = {}

    @classmethod
    def from_file(
        cls,
        path: Path | str,
        gazetteer: Gazetteer | None = None,
        thesaurus: Thesaurus | None = None,
        *,
        today: date | None = None,
        skip_invalid: bool = False,
    ) -> Matcher:
        """A matcher over a social-map file; raises InvalidMapError unless skipping is asked."""
        gazetteer = gazetteer or default_gazetteer()
        loaded = load_map(path, gazetteer)
        if loaded.errors and not skip_invalid:
            raise InvalidMapError(loaded.errors)
        return cls(loaded.offers, gazetteer, thesaurus, today=today)

    @property
    def offers(self) -> list[Offer]:
        """The active offers the matcher can return."""
        return list(self.index.offers)

    def offer(self, offer_id: str) -> Offer | None:
        """An active offer by id."""
        return self._by_id.get(offer_id)

    def where(self, offer: Offer) -> list[str]:
        """Names of the areas an offer works in, as the gazetteer spells them."""
        places = [self.gazetteer.resolve(name) for name in offer.areas]
        return [place.name for place in places if place is not None]

    def parse(self, query: str) -> ParsedQuery:
        """What the matcher reads in a question."""
        index = self.index
        return parse_query(
            query,
            self.gazetteer,
            self.thesaurus,
            index.vocabulary,
            index.known,
            place_kinds=index.place_kinds,
            english=index.english_only,
        )

    def search(
        self, query: str, limit: int = 5, lang: str = "nl", *, offset: int = 0
    ) -> SearchResult:
        """The best offers for a question, best first; `offset` skips earlier pages."""
        limit, offset = max(0, limit), max(0, offset)
        parsed = self.parse(query)
        ranking = rank(parsed, self.index, offset + limit)
        hits = tuple(
            Hit(
                self.index.offers[row.index],
                row.score,
                AREA_MATCH[row.relation],
                reasons(
                    row,
                    ranking.criteria,
                    parsed,
                    self.index,
                    lang,
                    distance=ranking.distances.get(row.index),
                ),
            )
            for row in ranking.rows[offset : offset + limit]
        )
        return SearchResult(
            query=query,
            themes=tuple(parsed.themes),
            target_groups=tuple(parsed.target_groups),
            areas=tuple(AreaRef.of(m.place) for m in parsed.areas),
            results=hits,
            unknown_words=parsed.unknown,
            used_nearby=ranking.used_nearby,
        )

    def search_near(
        self, query: str, lat: float, lon: float, limit: int = 5, lang: str = "nl"
    ) -> tuple[SearchResult, list[NearHit]]:
        """A question asked at a point: the best fits, weighed by how far away they are.

        A question that names an area is about that area, not about the point: its result
        comes back as from `search`, with no distances.
        """
        result = self.search(query, limit=POOL, lang=lang)
        if result.areas:
            return result, [NearHit(hit, None) for hit in result.results[:limit]]
        near = order_near(list(result.results), self.index, self._position, lat, lon)
        return result, near[: max(0, limit)]

    def _points(self) -> PointGrid:
        """Each offer's address, else the centroids of its smallest areas (not the city)."""
        if self._grid is None:
            points: list[tuple[int, float, float]] = []
            for i, offer in enumerate(self.index.offers):
                if offer.latitude is not None and offer.longitude is not None:
                    points.append((i, offer.latitude, offer.longitude))
                    self._located_by[i] = "address"
                    continue
                units = [u for u in self.index.units[i] if u != CITY_CODE]
                if not units:
                    continue
                finest = max(LEVEL_RANK[self.gazetteer.place_of(u).level] for u in units)
                for unit in units:
                    centre = self.gazetteer.centroid(unit)
                    if centre and LEVEL_RANK[self.gazetteer.place_of(unit).level] == finest:
                        points.append((i, *centre))
                        self._located_by[i] = "area"
            self._grid = PointGrid(points)
        return self._grid

    def nearest(
        self, lat: float, lon: float, limit: int = 5, themes: Iterable[str] | None = None
    ) -> list[NearbyOffer]:
        """The offers closest to a point, optionally only those with some themes or words."""
        accept: set[int] | None = None
        if themes is not None:
            accept = set()
            for theme in themes:
                tags = self.thesaurus.lookup(theme)
                accept |= self.index.offers_with(tags) | self.index.offers_with_words(
                    fold(theme).split()
                )
            if not accept:
                return []
        grid = self._points()
        wanted = limit
        while True:
            found: dict[int, float] = {}
            for distance, i in grid.nearest(lat, lon, wanted, accept):
                found.setdefault(i, distance)
            if len(found) >= limit or wanted >= grid.size:
                break
            wanted *= 2
        return [
            NearbyOffer(self.index.offers[i], round(distance, 1), self._located_by[i])
            for i, distance in list(found.items())[:limit]
        ]
