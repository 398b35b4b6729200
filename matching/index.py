"""Everything about a social map that a question needs, computed once per map."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from matching.area_names import CITY_CODE, Place
from matching.gazetteer import Gazetteer
from matching.normalise import fold, is_function_word, is_stopword
from matching.offer import Offer
from matching.stopwords import FUNCTION_WORDS
from matching.thesaurus import Tag, Thesaurus
from matching.vocabulary import PhraseIndex

STALE_AFTER_DAYS = 365
VERY_STALE_AFTER_DAYS = 730
# How many leading theme words of an offer count as its main themes.
PRIMARY_THEMES = 2


def _words(*texts: str | None) -> set[str]:
    """The folded words of some texts, without function words."""
    return set(fold(" ".join(t for t in texts if t)).split()) - FUNCTION_WORDS


class MapIndex:
    """Inverted indexes by theme, target group, area and word, plus a freshness order."""

    def __init__(
        self, offers: Iterable[Offer], gazetteer: Gazetteer, thesaurus: Thesaurus, today: date
    ) -> None:
        self.gazetteer = gazetteer
        self.thesaurus = thesaurus
        self.today = today
        self.offers: list[Offer] = [offer for offer in offers if offer.active]
        self.units: list[tuple[str, ...]] = []
        self.sites: list[str | None] = []
        self.tags: list[frozenset[Tag]] = []
        self.tag_postings: dict[Tag, set[int]] = defaultdict(set)
        self.primary_postings: dict[Tag, set[int]] = defaultdict(set)
        self.without_groups: set[int] = set()
        self.area_direct: dict[str, set[int]] = defaultdict(set)
        self.area_subtree: dict[str, set[int]] = defaultdict(set)
        self.word_postings: dict[str, set[int]] = defaultdict(set)
        self.name_postings: dict[str, set[int]] = defaultdict(set)
        self.name_words: list[tuple[str, ...]] = []
        self.staleness: list[int] = []
        self.area_names: list[tuple[str, ...]] = []
        places: dict[str, Place | None] = {}
        tagged: dict[str, frozenset[Tag]] = {}
        for i, offer in enumerate(self.offers):
            self._index_areas(i, offer, places)
            self._index_tags(i, offer, tagged)
            self._index_words(i, offer)
            self.staleness.append(self._staleness(offer.last_verified))
        self.rank = self._freshness_rank()
        self.stale_offers: dict[int, set[int]] = {1: set(), 2: set()}
        for i, level in enumerate(self.staleness):
            if level:
                self.stale_offers[level].add(i)
        self.vocabulary: PhraseIndex[str] = PhraseIndex((word, word) for word in self.word_postings)
        self.known: set[str] = gazetteer.words | thesaurus.words | set(self.word_postings)
        self._name_idf: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self.offers)

    def _index_areas(self, i: int, offer: Offer, places: dict[str, Place | None]) -> None:
        codes: set[str] = set()
        names: list[str] = []
        for name in offer.areas:
            if name not in places:
                places[name] = self.gazetteer.resolve(name)
            place = places[name]
            if place is not None:
                codes.update(place.codes)
                names.append(place.name)
        self.area_names.append(tuple(dict.fromkeys(names)))
        self.units.append(tuple(sorted(codes)))
        for code in codes:
            self.area_direct[code].add(i)
            for holder in (code, *self.gazetteer.ancestors(code)):
                self.area_subtree[holder].add(i)
        site = self._site(offer, codes)
        self.sites.append(site)
        if site is not None:
            # A place in De Pijp that declares all of Zuid is, for a question about
            # De Pijp, right there: it counts as working in its own buurt too.
            for holder in (site, *self.gazetteer.ancestors(site)):
                self.area_subtree[holder].add(i)

    def _site(self, offer: Offer, codes: set[str]) -> str | None:
        """The buurt of an offer's address, when it lies inside an area the offer declares."""
        if offer.latitude is None or offer.longitude is None:
            return None
        buurt = self.gazetteer.locate(offer.latitude, offer.longitude)
        if buurt is None or buurt.code in codes:
            return None
        inside = set(self.gazetteer.ancestors(buurt.code)) & codes
        return buurt.code if inside else None

    def _index_tags(self, i: int, offer: Offer, tagged: dict[str, frozenset[Tag]]) -> None:
        def tags_of(phrase: str) -> frozenset[Tag]:
            if phrase not in tagged:
                tagged[phrase] = self.thesaurus.tags_for([phrase])[0]
            return tagged[phrase]

        tags: set[Tag] = set()
        for position, phrase in enumerate((*offer.themes, *offer.target_groups)):
            found = tags_of(phrase)
            tags |= found
            if position < PRIMARY_THEMES:
                for tag in found:
                    self.primary_postings[tag].add(i)
        for tag in tags:
            self.tag_postings[tag].add(i)
        if not any(tag.kind == "group" for tag in tags):
            self.without_groups.add(i)
        self.tags.append(frozenset(tags))

    def _index_words(self, i: int, offer: Offer) -> None:
        names = tuple(w for w in fold(offer.name).split() if not is_function_word(w))
        self.name_words.append(names)
        for word in names:
            self.name_postings[word].add(i)
        postings = self.word_postings
        for word in _words(
            offer.name, offer.description, offer.organization, *offer.themes, *offer.target_groups
        ):
            postings[word].add(i)

    def _staleness(self, verified: date | None) -> int:
        if verified is None:
            return 0
        age = (self.today - verified).days
        return 2 if age > VERY_STALE_AFTER_DAYS else 1 if age > STALE_AFTER_DAYS else 0

    def _freshness_rank(self) -> list[int]:
        """Each offer's place in the order used to break ties: fresh, then undated, then stale."""

        def key(i: int) -> tuple[int, int, int, str]:
            verified = self.offers[i].last_verified
            undated = verified is None
            age = -(verified.toordinal() if verified else 0)
            return (self.staleness[i], undated, age, self.offers[i].id)

        order = sorted(range(len(self.offers)), key=key)
        rank = [0] * len(order)
        for position, i in enumerate(order):
            rank[i] = position
        return rank

    # Queries against the index

    def offers_with(self, tags: Iterable[Tag]) -> set[int]:
        """Offers tagged with any of these tags."""
        found: set[int] = set()
        for tag in tags:
            found |= self.tag_postings.get(tag, set())
        return found

    def offers_with_words(self, words: Iterable[str]) -> set[int]:
        """Offers whose text holds every one of these words."""
        found: set[int] | None = None
        for word in words:
            if is_stopword(word):
                continue
            postings = self.word_postings.get(word, set())
            found = set(postings) if found is None else found & postings
            if not found:
                return set()
        return found or set()

    def offers_in(self, codes: Iterable[str]) -> set[int]:
        """Offers that work in one of these areas or anywhere inside them (do not modify)."""
        sets = [self.area_subtree[code] for code in codes if code in self.area_subtree]
        # One area is the common case; its stored set is returned without copying it.
        return sets[0] if len(sets) == 1 else set().union(*sets)

    def offers_declared_in(self, codes: Iterable[str]) -> set[int]:
        """Offers that name exactly one of these areas."""
        found: set[int] = set()
        for code in codes:
            found |= self.area_direct.get(code, set())
        return found

    def city_wide(self) -> set[int]:
        """Offers for the whole city."""
        return self.area_direct.get(CITY_CODE, set())

    def name_idf(self, word: str) -> float:
        """How rare a word is among offer names."""
        if word not in self._name_idf:
            df = len(self.name_postings.get(word, ()))
            self._name_idf[word] = math.log(1 + (len(self.offers) + 1) / (df + 1))
        return self._name_idf[word]

    def word_share(self, word: str) -> float:
        """The fraction of offers whose text holds a word."""
        return len(self.word_postings.get(word, ())) / max(1, len(self.offers))
