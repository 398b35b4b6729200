"""Everything about a social map that a question needs, computed once per map."""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from matching.area_names import CITY_CODE, LEVEL_RANK
from matching.derived import AMBIGUOUS_IN_TEXT, TagReader, opening_sentence
from matching.fulltext import TextIndex
from matching.gazetteer import Gazetteer
from matching.linguistics import Linguistics
from matching.normalise import fold, is_stopword, tokens
from matching.offer import Offer
from matching.place_kinds import PlaceKinds
from matching.policy import STALE_AFTER_DAYS, VERY_STALE_AFTER_DAYS
from matching.stopwords import FUNCTION_WORDS, STOP_WORDS
from matching.thesaurus import Tag, Thesaurus
from matching.vocabulary import PhraseIndex

# An offer's area list resolved: its units, their display names, all areas holding them,
# and the level of the widest (0 city ... 4 buurt).
_Where = tuple[tuple[str, ...], tuple[str, ...], frozenset[str], int]
# An offer's theme and group words resolved: tags, main-theme tags, narrowing groups, themes.
_Tagged = tuple[frozenset[Tag], frozenset[Tag], int, int]

# Dutch words this common (Zipf scale, wordfreq) are real words, not typos: "kopen" is
# not "koken".
COMMON_WORD_ZIPF = 3.5
# The theme of professionals' network meetings (wijktafels): an offer whose first theme
# it is, is a meeting, not help for someone.
NETWORK = Tag("theme", "netwerk")
# Offers are told apart by how many themes they declare up to this many.
MAX_FOCUS = 8
# A map whose declared themes are this coarse (see _tag_coarseness) is read more by its
# offers' own texts than by their tags.
COARSE_TAGS = 0.3
MIN_OFFERS_FOR_COARSENESS = 50
# How many leading theme words of an offer count as its main themes.
PRIMARY_THEMES = 2


class MapIndex:
    """Inverted indexes by theme, target group, area and word, plus a freshness order."""

    def __init__(
        self,
        offers: Iterable[Offer],
        gazetteer: Gazetteer,
        thesaurus: Thesaurus,
        today: date,
        lowered: frozenset[str] = frozenset(),
        *,
        linguistics: Linguistics | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.linguistics = linguistics or Linguistics()
        self._common = self.linguistics.forms.common_words(COMMON_WORD_ZIPF)
        # Entries whose owner did not answer "klopt dit nog?": ranked as very stale.
        self.lowered = lowered
        self.thesaurus = thesaurus
        self.today = today
        self.offers: list[Offer] = [offer for offer in offers if offer.active]
        self.units: list[tuple[str, ...]] = []
        self.sites: list[str | None] = []
        self.tags: list[frozenset[Tag]] = []
        self.tag_postings: dict[Tag, set[int]] = defaultdict(set)
        self.primary_postings: dict[Tag, set[int]] = defaultdict(set)
        self.without_groups: set[int] = set()
        # offers by how many target groups narrow them down, and by how many themes they have
        self.restrictions: dict[int, set[int]] = defaultdict(set)
        self.focus: dict[int, set[int]] = defaultdict(set)
        # offers by the widest area they work in: 0 city, 1 stadsdeel ... 4 buurt
        self.reach: dict[int, set[int]] = defaultdict(set)
        self.area_direct: dict[str, set[int]] = defaultdict(set)
        self.area_subtree: dict[str, set[int]] = defaultdict(set)
        # description words that occur in theme and group terms: a description counts where
        # it says what an offer is about ("tegen eenzaamheid"); loose words in it decide no
        # question (they must be in a name, theme or group to count)
        self.description_postings: dict[str, set[int]] = defaultdict(set)
        self.name_postings: dict[str, set[int]] = defaultdict(set)
        # words of what an offer is (themes, groups, organisation) besides its name
        self.about_postings: dict[str, set[int]] = defaultdict(set)
        self.name_words: list[tuple[str, ...]] = []
        self.staleness: list[int] = []
        self.area_names: list[tuple[str, ...]] = []
        self._buurten = {a.code for a in gazetteer.areas if a.level == "buurt"}
        places: dict[tuple[str, ...], _Where] = {}
        self._tagged: dict[tuple[tuple[str, ...], tuple[str, ...]], _Tagged] = {}
        self._about: dict[str, frozenset[str]] = {}
        self._theme_tags: dict[str, frozenset[Tag]] = {}
        self._group_tags: dict[str, frozenset[Tag]] = {}
        self._start_texts()
        for i, offer in enumerate(self.offers):
            self._index_areas(i, offer, places)
            self._index_tags(i, offer)
            self._index_words(i, offer)
            stale = 2 if offer.id in lowered else self._staleness(offer.last_verified)
            self.staleness.append(stale)
        self._read_texts(thesaurus.words - STOP_WORDS - AMBIGUOUS_IN_TEXT)
        # The build caches are not needed any more; fewer objects for the collector to walk.
        del self._tagged, self._about, self._theme_tags, self._group_tags
        self.rank = self._freshness_rank()
        self.coarse = self._tag_coarseness() > COARSE_TAGS
        self.name_tag_words = self._name_tags()
        self.freshness = self._freshness_levels()
        words = set(self.name_postings) | set(self.about_postings) | set(self.description_postings)
        self.vocabulary: PhraseIndex[str] = PhraseIndex((word, word) for word in words)
        self.place_kinds = PlaceKinds()
        # words spelled right by definition: no typo is corrected into or out of them
        self.known: set[str] = (
            gazetteer.words
            | thesaurus.words
            | words
            | self.place_kinds.words
            | self._common
            | self.linguistics.english
        )
        # English words that are no Dutch ones: read as typed, never as a Dutch form
        self.english_only = self.linguistics.english - self._common
        self._index_kinds()
        self._name_idf: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self.offers)

    def _start_texts(self) -> None:
        """The full-text index, the tag reader and the offers shown only when asked for,
        filled while offers are indexed."""
        # network meetings of professionals (a wijktafel): shown only when asked for
        self.networks: set[int] = set()
        # places where people live (sheltered housing): no answer to someone else's need
        self.residential: set[int] = set()
        self.tag_reader = TagReader(self.thesaurus, self.linguistics.forms)
        self.text = TextIndex(self.linguistics.forms)
        # themes and groups an offer's own name (titled) or description (derived) names,
        # apart from those it declares
        self.derived_postings: dict[Tag, set[int]] = defaultdict(set)
        self.titled_postings: dict[Tag, set[int]] = defaultdict(set)

    def _read_texts(self, telling: set[str]) -> None:
        """Thesaurus words in descriptions, the tags the texts name, the full-text index."""
        reader, text = self.tag_reader, self.text
        for word in telling & text.field_words("description"):
            self.description_postings[word].update(text.word_offers(word, "description"))
        for field, postings in (
            ("name", self.titled_postings),
            ("description", self.derived_postings),
        ):
            for word in text.field_words(field):
                for tag in reader.word_tags(word):
                    postings[tag].update(text.word_offers(word, field))
        # kept as compact arrays: at 100,000 offers of generated text these hold a million
        # entries, read only a few at a time by a question
        self.titled: dict[Tag, array[int]] = {}
        self.derived: dict[Tag, array[int]] = {}
        for found, kept in (
            (self.titled_postings, self.titled),
            (self.derived_postings, self.derived),
        ):
            for tag, offers in found.items():
                kept[tag] = array("i", sorted(offers.difference(self.tag_postings.get(tag, ()))))
            found.clear()
        del self.titled_postings, self.derived_postings
        self._narrowed_by_names()
        text.finish()

    def _freshness_levels(self) -> dict[int, set[int]]:
        """For ordering: 0 confirmed within a year, 1 never confirmed, 2 stale, 3 very stale."""
        levels: dict[int, set[int]] = {n: set() for n in range(4)}
        for i, level in enumerate(self.staleness):
            undated = self.offers[i].last_verified is None and level == 0
            levels[1 if undated else (0, 2, 3)[level]].add(i)
        return levels

    def _tag_coarseness(self) -> float:
        """How little declared themes tell this map's offers apart: the mean, over offers,
        of the share of the map that shares the offer's most specific theme (1 for an offer
        without one). About 0.05 for a map written with care, 0.5 for an import tagged with
        five categories."""
        if len(self) < MIN_OFFERS_FOR_COARSENESS:
            return 0.0
        size = len(self)
        total = 0.0
        for tags in self.tags:
            themes = [len(self.tag_postings[t]) for t in tags if t.kind == "theme"]
            total += min(themes) / size if themes else 1.0
        return total / size

    def _narrowed_by_names(self) -> None:
        """A place whose name names a target group it does not declare ("Afasiecentrum",
        "Jongerencentrum") is for that group: one narrowing more. (An initiative's name says
        what it does: "Jongeren Cultuurfonds" is the city's culture fund.)"""
        universal = self.thesaurus.universal
        named: set[int] = set()
        for tag, offers in self.titled.items():
            if tag.kind == "group" and tag not in universal:
                named.update(i for i in offers if self.offers[i].kind == "place")
        for level in (2, 1, 0):
            moved = self.restrictions[level] & named
            self.restrictions[level] -= moved
            self.restrictions[level + 1] |= moved
        self.without_groups -= named

    def _index_kinds(self) -> None:
        """Places by the kind people ask for ("buurtteam"): what they are, else what their
        name says (an activity inside a Huis van de Wijk); and the offers that are no place."""
        self.kind_postings: dict[str, set[int]] = defaultdict(set)
        self.kind_named: dict[str, set[int]] = defaultdict(set)
        self.not_places: set[int] = set()
        for i, offer in enumerate(self.offers):
            kinds = self.place_kinds.of(offer)
            for kind in kinds:
                self.kind_postings[kind].add(i)
            for kind in set(self.place_kinds.named(offer)) - set(kinds):
                self.kind_named[kind].add(i)
            if offer.kind != "place":
                self.not_places.add(i)

    def _index_areas(self, i: int, offer: Offer, places: dict[tuple[str, ...], _Where]) -> None:
        where = places.get(offer.areas)
        if where is None:
            where = places[offer.areas] = self._where(offer.areas)
        units, names, holders, widest = where
        self.area_names.append(names)
        self.units.append(units)
        self.reach[widest].add(i)
        for code in units:
            self.area_direct[code].add(i)
        for holder in holders:
            self.area_subtree[holder].add(i)
        site = self._site(offer, set(units))
        self.sites.append(site)
        if site is not None:
            # A place in De Pijp that declares all of Zuid is, for a question about
            # De Pijp, right there: it counts as working in its own buurt too.
            for holder in (site, *self.gazetteer.ancestors(site)):
                self.area_subtree[holder].add(i)

    def _where(self, areas: tuple[str, ...]) -> _Where:
        """Units, display names, and every area containing a unit, for a list of area names."""
        codes: set[str] = set()
        names: list[str] = []
        for name in areas:
            place = self.gazetteer.resolve(name)
            if place is not None:
                codes.update(place.codes)
                names.append(place.name)
        holders = frozenset(h for code in codes for h in (code, *self.gazetteer.ancestors(code)))
        widest = min((LEVEL_RANK[self.gazetteer.place_of(c).level] for c in codes), default=4)
        return tuple(sorted(codes)), tuple(dict.fromkeys(names)), holders, widest

    def _site(self, offer: Offer, codes: set[str]) -> str | None:
        """The buurt of an offer's address, when it lies inside an area the offer declares."""
        if offer.latitude is None or offer.longitude is None:
            return None
        if all(code in self._buurten for code in codes):
            return None  # the address cannot be more precise than a buurt
        buurt = self.gazetteer.locate(offer.latitude, offer.longitude)
        if buurt is None or buurt.code in codes:
            return None
        inside = set(self.gazetteer.ancestors(buurt.code)) & codes
        return buurt.code if inside else None

    def _index_tags(self, i: int, offer: Offer) -> None:
        key = (offer.themes, offer.target_groups)
        if key not in self._tagged:  # many offers share their theme and group words
            self._tagged[key] = self._tags_of(offer.themes, offer.target_groups)
        tags, primary, narrowing, themes = self._tagged[key]
        if offer.kind == "place":
            # what this kind of place offers counts as declared
            services, residential = self.linguistics.services.of(offer.themes)
            tags |= services
            if residential:
                self.residential.add(i)
        for tag in tags:
            self.tag_postings[tag].add(i)
        for tag in primary:
            self.primary_postings[tag].add(i)
        if not narrowing:
            self.without_groups.add(i)
        self.restrictions[min(narrowing, 3)].add(i)
        self.focus[min(themes, MAX_FOCUS)].add(i)
        self.tags.append(tags)
        if offer.themes and NETWORK in self._tags_for(offer.themes[0], "theme"):
            self.networks.add(i)

    def _tags_of(
        self, themes: tuple[str, ...], groups: tuple[str, ...]
    ) -> tuple[frozenset[Tag], frozenset[Tag], int, int]:
        """Tags, main-theme tags, number of narrowing groups, and number of themes."""
        found = [self._theme_tags.get(p) or self._tags_for(p, "theme") for p in themes]
        primary = frozenset().union(*found[:PRIMARY_THEMES])
        theme_tags = primary.union(*found[PRIMARY_THEMES:])
        group_tags = frozenset().union(
            *(self._group_tags.get(p) or self._tags_for(p, "group") for p in groups)
        )
        tags = theme_tags | group_tags
        # "for residents" narrows nothing; "for young carers" narrows twice
        narrowing = sum(1 for t in tags if t.kind == "group" and t not in self.thesaurus.universal)
        themed = sum(1 for t in tags if t.kind == "theme")
        return tags, primary, narrowing, themed

    def _tags_for(self, phrase: str, kind: str) -> frozenset[Tag]:
        """Tags of one theme or group word; remembered, as many offers share their words."""
        cache = self._theme_tags if kind == "theme" else self._group_tags
        chosen = cache.get(phrase)
        if chosen is None:
            # "jongeren" is a theme and a target group: in target_groups it is the group
            if fold(phrase) in self._common:
                # a real word is not a typo: "leren" is not "lezen"
                tags = self.thesaurus.lookup(phrase, fuzzy=False)
            else:
                tags = self.thesaurus.tags_for([phrase])[0]
            chosen = cache[phrase] = frozenset(t for t in tags if t.kind == kind) or tags
        return chosen

    def _index_words(self, i: int, offer: Offer) -> None:
        name = tokens(offer.name)
        described = tokens(offer.description)
        self.text.add(name, tokens(offer.organization) if offer.organization else (), described)
        reader = self.tag_reader
        for tag in reader.phrase_tags(described):
            self.derived_postings[tag].add(i)
        for tag in reader.phrase_tags(name):
            self.titled_postings[tag].add(i)
        for tag in reader.lead_tags(opening_sentence(offer.description)):
            self.derived_postings[tag].add(i)
        names = tuple(w for w in name if w not in FUNCTION_WORDS)
        self.name_words.append(names)
        for word in names:
            self.name_postings[word].add(i)
        about_text = " ".join((offer.organization or "", *offer.themes, *offer.target_groups))
        about = self._about.get(about_text)
        if about is None:  # shared by many offers
            about = self._about[about_text] = frozenset(tokens(about_text)) - STOP_WORDS
        for word in about:
            self.about_postings[word].add(i)

    def _name_tags(self) -> dict[Tag, list[str]]:
        """Theme and group tags → the name words that name them ("juridisch", "taalcafe")."""
        found: dict[Tag, list[str]] = defaultdict(list)
        for word in self.name_postings:
            for tag in self.thesaurus.lookup(word, fuzzy=False):
                found[tag].append(word)
        return found

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

    def offers_with(self, tags: Iterable[Tag], *, primary: bool = False) -> set[int]:
        """Offers tagged with any of these tags (as a main theme); do not modify the result."""
        postings = self.primary_postings if primary else self.tag_postings
        sets = [postings[tag] for tag in tags if tag in postings]
        # One tag is the common case; its stored set is returned without copying it.
        return sets[0] if len(sets) == 1 else set().union(*sets)

    def place_keys(self, i: int) -> tuple[tuple[str, ...], ...]:
        """What makes two results the same place: one address and one name (without an
        organisation's prefix, "Combiwel: De Die"), or one address and one kind of place."""
        offer = self.offers[i]
        if not offer.address:
            return ()
        address = fold(offer.address)
        name = fold(offer.name.rsplit(":", 1)[-1])
        keys = [("name", address, name)]
        keys += [("kind", address, kind) for kind in self.place_kinds.of(offer)]
        return tuple(keys)

    def offers_deriving(self, tags: Iterable[Tag], *, by_name: bool | None = None) -> set[int]:
        """Offers whose own name (`by_name`), description (not `by_name`) or either (None)
        names one of these tags without declaring it."""
        sources = {
            True: (self.titled,),
            False: (self.derived,),
            None: (self.titled, self.derived),
        }[by_name]
        found: set[int] = set()
        for postings in sources:
            for tag in tags:
                found.update(postings.get(tag, ()))
        return found

    def offers_with_words(self, words: Iterable[str]) -> set[int]:
        """Offers whose text holds every one of these words."""
        found: set[int] | None = None
        for word in words:
            if is_stopword(word):
                continue
            postings = self.offers_with_word(word)
            found = set(postings) if found is None else found & postings
            if not found:
                return set()
        return found or set()

    def offers_with_topic(self, words: Iterable[str]) -> set[int]:
        """Offers whose name, themes, groups or organisation hold one of these words."""
        found: set[int] = set()
        for word in words:
            found |= self.name_postings.get(word, set()) | self.about_postings.get(word, set())
        return found

    def offers_named_after(self, tags: Iterable[Tag]) -> set[int]:
        """Offers whose name itself names one of these themes or groups."""
        found: set[int] = set()
        for tag in tags:
            for word in self.name_tag_words.get(tag, ()):
                found |= self.name_postings[word]
        return found

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
        return len(self.offers_with_word(word)) / max(1, len(self.offers))

    def offers_with_word(self, word: str) -> set[int]:
        """Offers with this word in their name, themes, groups, organisation or description."""
        sources = (self.name_postings, self.about_postings, self.description_postings)
        sets = [postings[word] for postings in sources if word in postings]
        return sets[0] if len(sets) == 1 else set().union(*sets)
