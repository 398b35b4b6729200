"""What a question asks for, as criteria over offers, and which offer names it spells out."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from matching.fulltext import TextScores
from matching.index import MapIndex
from matching.normalise import is_stopword
from matching.query import ConceptMention, ParsedQuery
from matching.textquery import is_long, score_text
from matching.thesaurus import Tag

# How well an offer meets one criterion, by level: P main theme, D tagged, N its own name
# names it (not tagged), T its description does, X its text mentions the words, R a related theme,
# U the offer names no target group at all; for the full text: H most of the question's
# words (by rarity) are in the offer's text, M many, L some.
LEVEL_VALUE = {
    "P": 1.0,
    "D": 1.0,
    "N": 0.7,
    "T": 0.6,
    "X": 0.6,
    "R": 0.5,
    "U": 0.4,
    "H": 1.0,
    "M": 0.6,
    "L": 0.3,
    "-": 0.0,
}
THEME_WEIGHT, GROUP_WEIGHT, KEYWORD_WEIGHT, TEXT_WEIGHT = 1.0, 0.4, 0.5, 0.25
# Beside each other, a question's themes and groups weigh by how specific they are (see
# _specificity); on a tiny map that tells nothing.
SPECIFICITY_FLOOR = 0.4
MIN_OFFERS_FOR_SPECIFICITY = 50
# Themes too broad to say what is asked ("ondersteuning voor mantelzorgers" is about carers).
BROAD = frozenset({"ondersteuning", "zorg", "gezondheid", "ontmoeting"})
# Coverage of the question's words (weighted by rarity) for the full-text levels.
TEXT_HIGH, TEXT_MEDIUM = 0.7, 0.5
# Among offers already in the answer, one whose full-text relevance comes close to the
# best one's ranks at that level too, if its text holds a fair part of the question: in a
# long question about someone's situation no offer holds most of the words, and the ones
# that hold its rarest words are the ones it is about.
RELATIVE_HIGH, RELATIVE_MEDIUM, RELATIVE_MIN_COVER = 0.9, 0.7, 0.3
# On a coarsely tagged map (MapIndex.coarse): the full text's share of the main fit, and
# what a theme match is worth when the offer's text holds none of the question's words.
COARSE_TEXT_SHARE, COARSE_BARE_THEME = 0.2, 0.9
# An offer whose text holds most of the question counts, for the question's themes, a
# little more than an offer of a merely related theme.
TEXT_AS_CONCEPT = 0.7
# A free word found in more offers than this share tells nothing apart.
COMMON_WORD_SHARE = 0.3
COMMON_WORD_MIN_OFFERS = 20

# Level patterns grow as the product of the criteria's levels; beyond this many the
# weakest criteria (free words first) are left out.
MAX_PATTERNS = 2048

# A name match is strong (the question looks up that offer) when the question's words
# cover this share of the name, and the name covers this share of the question's words.
STRONG_NAME_FIT = 0.6
STRONG_QUERY_COVER = 0.66
AREA_WORD_WEIGHT = 0.25
FULL_NAME_WORDS = 2


Source = Callable[[], set[int]]


@dataclass(eq=False)
class Criterion:
    """One thing the question asks for, with the offers meeting it at each level.

    A level's offers are looked up only when first needed: the offers of a merely related
    theme, often the largest set, are rarely needed for a question with many direct hits.
    """

    kind: str  # "theme", "group", "keyword" or "text"
    weight: float
    sources: tuple[tuple[str, Source], ...]
    mention: ConceptMention | None = None
    word: str = ""
    text: TextScores | None = None
    # for the full text: offers that may enter the answer by it, per level (by coverage)
    admits: dict[str, set[int]] = field(default_factory=dict)
    # on a coarsely tagged map: the full text's share of the main fit, and what a theme
    # match counts for when the offer's text holds nothing of the question
    blend: float = 0.0
    bare: float = 1.0
    _sets: dict[str, set[int]] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        """The levels, best first, then "-" for offers that do not meet it."""
        return (*(level for level, _source in self.sources), "-")

    def level(self, label: str) -> set[int]:
        """Offers meeting this criterion at a level (also those meeting a better one)."""
        if label not in self._sets:
            self._sets[label] = dict(self.sources)[label]()
        return self._sets[label]

    @property
    def is_concept(self) -> bool:
        """True for a theme or target group (what the question is about)."""
        return self.kind in ("theme", "group")

    def admitted(self, levels: str) -> set[int]:
        """Offers whose text lets them into the answer, at these full-text levels."""
        return set().union(*(self.admits.get(label, set()) for label in levels))

    def pool(self, levels: str = "PDNTXR") -> set[int]:
        """Offers that meet this criterion at one of these levels."""
        parts = [self.level(label) for label, _source in self.sources if label in levels]
        return parts[0] if len(parts) == 1 else set().union(*parts)


def _fixed(offers: set[int]) -> Source:
    return lambda: offers


def _tagged(index: MapIndex, tags: set[Tag]) -> Source:
    return lambda: index.offers_with(tags)


def _related(index: MapIndex, tags: set[Tag]) -> Source:
    """Offers of a related theme: tagged with it, or, on a coarsely tagged map, named for it
    ("Maatje voor sociaal contact" for loneliness)."""
    if not index.coarse:
        return _tagged(index, tags)
    return lambda: index.offers_with(tags) | index.offers_deriving(tags, by_name=True)


def _for_whom(mentions: tuple[ConceptMention, ...]) -> list[ConceptMention]:
    """A word that is a theme and a group ("kinderen") after "voor", beside a theme that
    says what is asked, says for whom: "huiswerkbegeleiding voor kinderen" is homework help
    for children, not children's activities. Beside a broad theme ("ondersteuning voor
    mantelzorgers") it stays what the question is about."""
    found: list[ConceptMention] = []
    for mention in mentions:
        groups = frozenset(t for t in mention.tags if t.kind == "group")
        if mention.after_for and groups and groups != mention.tags:
            what = [
                m
                for m in mentions
                if m is not mention and m.is_theme and not {t.code for t in m.tags} <= BROAD
            ]
            if what:
                mention = replace(mention, tags=groups)  # noqa: PLW2901
        found.append(mention)
    return found


def _reach(index: MapIndex, tags: frozenset[Tag], direct: set[int]) -> int:
    """How many offers declare a concept or name it in their own text."""
    return len(direct | index.offers_deriving(tags))


def _specificity(index: MapIndex, offers: int) -> float:
    """How much a theme or group tells offers apart: a need few offers declare
    ("huiswerkbegeleiding", "dementie") weighs more, beside it, than a broad one that many
    do ("kinderen", "wonen"); 1 for the rarest, SPECIFICITY_FLOOR for one every offer has."""
    size = len(index)
    if size < MIN_OFFERS_FOR_SPECIFICITY:
        return 1.0
    rarity = math.log((size + 1) / (offers + 1)) / math.log(size + 1)
    return SPECIFICITY_FLOOR + (1 - SPECIFICITY_FLOOR) * rarity


def _derived(index: MapIndex, tags: frozenset[Tag], *, by_name: bool) -> Source:
    return lambda: index.offers_deriving(tags, by_name=by_name)


def text_criterion(parsed: ParsedQuery, index: MapIndex) -> Criterion | None:
    """The full-text criterion: offers by how much of the question their text holds."""
    scores = score_text(parsed, index)
    if not scores.scores:
        return None
    relevance = scores.scores
    top = max(relevance.values())
    high, medium = RELATIVE_HIGH * top, RELATIVE_MEDIUM * top
    # H, M, L by coverage; and by coverage or closeness to the best text, if it is better
    covered: tuple[set[int], set[int], set[int]] = (set(), set(), set())
    ranked: tuple[set[int], set[int], set[int]] = (set(), set(), set())
    cover_high, cover_medium, cover_low = covered
    rank_high, rank_medium, rank_low = ranked
    # (plain branches: this runs over every offer that holds a word of the question)
    for i, share in scores.coverage.items():
        if share >= TEXT_HIGH:
            cover_high.add(i)
            rank_high.add(i)
            continue
        medium_cover = share >= TEXT_MEDIUM
        (cover_medium if medium_cover else cover_low).add(i)
        if share < RELATIVE_MIN_COVER:
            (rank_medium if medium_cover else rank_low).add(i)
            continue
        value = relevance.get(i, 0.0)
        if value >= high:
            rank_high.add(i)
        elif medium_cover or value >= medium:
            rank_medium.add(i)
        else:
            rank_low.add(i)
    levels = dict(zip("HML", ranked, strict=True))
    # in a long question the themes found may be passing words: the best texts enter too
    admits = levels if is_long(parsed) else dict(zip("HML", covered, strict=True))
    sources = tuple((label, _fixed(members)) for label, members in levels.items())
    criterion = Criterion("text", TEXT_WEIGHT, sources, text=scores, admits=admits)
    if index.coarse:
        # tags of a few broad categories tell offers apart less than their own words
        criterion.blend, criterion.bare = COARSE_TEXT_SHARE, COARSE_BARE_THEME
    return criterion


def build_criteria(parsed: ParsedQuery, index: MapIndex) -> list[Criterion]:
    """Criteria for every theme, target group and free word of the question."""
    criteria: list[Criterion] = []
    mentions = _for_whom(parsed.concepts)
    emphasis = parsed.focus.weights(m.text for m in mentions) if is_long(parsed) else []
    for number, mention in enumerate(mentions):
        tags = mention.tags
        direct = index.offers_with(tags)
        sources: tuple[tuple[str, Source], ...]
        primary = _fixed(index.offers_with(tags, primary=True))
        mentioned = _fixed(index.offers_with_words(mention.key.split()))
        if mention.is_theme:
            related = {r for t in tags for r in index.thesaurus.related(t)}
            sources = (
                ("P", primary),
                ("D", _fixed(direct)),
                ("N", _derived(index, tags, by_name=True)),
                ("T", _derived(index, tags, by_name=False)),
                ("X", mentioned),
                ("R", _related(index, related)),
            )
            weight = THEME_WEIGHT * _specificity(index, _reach(index, tags, direct))
            weight *= emphasis[number] if emphasis else 1.0
            criteria.append(Criterion("theme", weight, sources, mention))
        else:
            sources = (
                ("D", _fixed(direct)),
                ("T", _derived(index, tags, by_name=False)),
                ("X", mentioned),
                ("U", _fixed(index.without_groups)),
            )
            weight = GROUP_WEIGHT * _specificity(index, _reach(index, tags, direct))
            weight *= emphasis[number] if emphasis else 1.0
            criteria.append(Criterion("group", weight, sources, mention))
    for word in parsed.keywords:
        share = index.word_share(word) if len(index) >= COMMON_WORD_MIN_OFFERS else 0.0
        offers = index.offers_with_word(word)
        if offers and share < COMMON_WORD_SHARE:
            # the more offers share a word, the less it tells them apart
            weight = KEYWORD_WEIGHT * (1 - share / COMMON_WORD_SHARE)
            criteria.append(Criterion("keyword", weight, (("D", _fixed(offers)),), word=word))
    text = text_criterion(parsed, index)
    if text is not None:
        criteria.append(text)
    return _within_budget(criteria)


def _within_budget(criteria: list[Criterion]) -> list[Criterion]:
    """The criteria, strongest first, while their level patterns stay countable."""
    kept: list[Criterion] = []
    patterns = 1
    # the full text first (a long question about a situation names many themes and groups
    # in passing, and its text is what says most), then themes and groups, then free words
    order = sorted(criteria, key=lambda c: (c.kind == "keyword", c.kind != "text", -c.weight))
    for criterion in order:
        if patterns * len(criterion.labels) > MAX_PATTERNS:
            break
        patterns *= len(criterion.labels)
        kept.append(criterion)
    return [c for c in criteria if c in kept]


@dataclass
class NameMatch:
    """Offers whose names share rare words with the question, and how much of each name."""

    index: MapIndex
    asked: set[str] = field(default_factory=set)
    candidates: set[int] = field(default_factory=set)
    strong: set[int] = field(default_factory=set)
    _fits: dict[int, float] = field(default_factory=dict)

    @classmethod
    def find(cls, parsed: ParsedQuery, index: MapIndex) -> NameMatch:
        """Name matches for a question; `strong` holds the offers it looks up by name."""
        found = cls(index)
        resolved: list[str] = []
        for word in parsed.name_words:
            if word in index.name_postings:
                resolved.append(word)
            elif word not in index.known:
                match = index.vocabulary.lookup(word)
                if match is not None:
                    resolved.extend(w for w in sorted(match.values) if w in index.name_postings)
        content = [w for w in resolved if not is_stopword(w)]
        area_words = [w for m in parsed.areas for w in m.text.split() if not is_stopword(w)]
        if not content and not parsed.concepts and not parsed.keywords:
            # Only an area was asked ("kolenkit"): it may also be part of an offer's name.
            content = [w for w in area_words if w in index.name_postings]
        if not content:
            return found
        cap = max(50, len(index) // 100)  # words in that many names are kinds, not names
        seeds = [w for w in content if len(index.name_postings[w]) <= cap]
        found.asked = set(resolved) | set(area_words)
        found.candidates = set().union(*(index.name_postings[w] for w in seeds))
        for i in found.candidates:
            words = index.name_words[i]
            cover = sum(w in words for w in content) / len(content)
            spelled = [w for w in words if w in found.asked]
            # most of the question names it, or the question spells out a whole name of
            # two words or more ("circus elleboog birthday party")
            if (cover >= STRONG_QUERY_COVER and found.fit(i) >= STRONG_NAME_FIT) or (
                len(spelled) >= FULL_NAME_WORDS and len(spelled) == len(words)
            ):
                found.strong.add(i)
        return found

    def fit(self, i: int) -> float:
        """The share of an offer's name (weighted by rarity) that the question spells out."""
        if i not in self.candidates:
            return 0.0
        if i not in self._fits:
            weights = [(w, self._weight(w)) for w in self.index.name_words[i]]
            total = sum(weight for _w, weight in weights)
            got = sum(weight for w, weight in weights if w in self.asked)
            self._fits[i] = got / total if total else 0.0
        return self._fits[i]

    def _weight(self, word: str) -> float:
        # People leave out the place in a name ("Budgetwinkel" for "Budgetwinkel Oost"),
        # so an area word that was not asked counts for little.
        weight = self.index.name_idf(word)
        if word in self.index.gazetteer.words and word not in self.asked:
            weight *= AREA_WORD_WEIGHT
        return weight
