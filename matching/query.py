"""Split a question into areas, themes, target groups, offer-name words and free words."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from matching.area_names import CITY_CODE, Place
from matching.caring import caring
from matching.focus import Focus
from matching.gazetteer import Gazetteer
from matching.incidental import incidental, who_or_where
from matching.normalise import is_function_word, is_stopword, tokens
from matching.place_kinds import PlaceKinds
from matching.thesaurus import Tag, Thesaurus
from matching.vocabulary import PhraseIndex, PhraseMatch

MAX_WORDS = 40


@dataclass(frozen=True)
class AreaMention:
    """An area named in the question."""

    place: Place
    text: str
    corrected: bool


@dataclass(frozen=True)
class ConceptMention:
    """A theme or target group named in the question, by the words used for it."""

    tags: frozenset[Tag]
    text: str
    key: str
    corrected: bool
    # "voor ..." / "for ...": the words may say for whom rather than what
    after_for: bool = False
    # only part of a compound was recognised ("voetbal" in "voetbaluitslagen")
    partial: bool = False

    @property
    def is_theme(self) -> bool:
        """True when the words name a theme (possibly also a target group)."""
        return any(tag.kind == "theme" for tag in self.tags)


@dataclass(frozen=True)
class ParsedQuery:
    """What a question asks for, in folded words."""

    text: str
    words: tuple[str, ...]
    areas: tuple[AreaMention, ...]
    concepts: tuple[ConceptMention, ...]
    keywords: tuple[str, ...]
    unknown: tuple[str, ...]
    name_words: tuple[str, ...]
    place_kinds: tuple[str, ...] = ()
    place_kind_words: tuple[str, ...] = ()

    @cached_property
    def focus(self) -> Focus:
        """Which of its words stand in a clause that asks (read once per question, for its
        criteria and its full text alike)."""
        return Focus(self.text)

    @property
    def themes(self) -> list[str]:
        """Theme codes, in the order they were mentioned."""
        return _codes(self.concepts, "theme")

    @property
    def target_groups(self) -> list[str]:
        """Target-group codes, in the order they were mentioned."""
        return _codes(self.concepts, "group")

    @property
    def area_codes(self) -> set[str]:
        """Every official unit the question's areas cover."""
        return {code for mention in self.areas for code in mention.place.codes}

    @property
    def is_empty(self) -> bool:
        """True when nothing in the question points anywhere."""
        return not (self.areas or self.concepts or self.keywords or self.name_words)


def _codes(concepts: tuple[ConceptMention, ...], kind: str) -> list[str]:
    found: list[str] = []
    for mention in concepts:
        for tag in sorted(mention.tags):
            if tag.kind == kind and tag.code not in found:
                found.append(tag.code)
    return found


def _choose(
    areas: list[PhraseMatch[Place]], concepts: list[PhraseMatch[Tag]]
) -> tuple[list[PhraseMatch[Place]], list[PhraseMatch[Tag]]]:
    """Strongest non-overlapping matches; on a tie an area name wins (it is a proper name)."""
    order = sorted(
        [(a.strength(), 1, -a.start, a.start, a.end, i) for i, a in enumerate(areas)]
        + [(c.strength(), 0, -c.start, c.start, c.end, i) for i, c in enumerate(concepts)],
        reverse=True,
    )
    taken: set[int] = set()
    kept_areas: list[PhraseMatch[Place]] = []
    kept_concepts: list[PhraseMatch[Tag]] = []
    for _strength, is_area, _order, start, end, i in order:
        span = set(range(start, end))
        if span & taken:
            continue
        taken |= span
        if is_area:
            kept_areas.append(areas[i])
        else:
            kept_concepts.append(concepts[i])
    return sorted(kept_areas, key=lambda m: m.start), sorted(kept_concepts, key=lambda m: m.start)


def _areas(hits: list[PhraseMatch[Place]]) -> tuple[AreaMention, ...]:
    """Areas named; "Amsterdam" beside a part of it ("Amsterdam-Noord") means that part."""
    mentions = [AreaMention(next(iter(m.values)), m.text, m.edits > 0) for m in hits]
    parts = [m for m in mentions if m.place.codes != (CITY_CODE,)]
    return tuple(parts or mentions)


def parse_query(
    text: str,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    vocabulary: PhraseIndex[str] | None = None,
    known: Collection[str] = (),
    *,
    place_kinds: PlaceKinds | None = None,
    english: Collection[str] = (),
) -> ParsedQuery:
    """Find what a question names; `vocabulary` holds the words of the map's offers, `known`
    the words spelled right, `english` common English words that are not Dutch ones."""
    # A question is a sentence or two; the rest of a pasted text is not read.
    words = tuple(tokens(text)[:MAX_WORDS])
    area_hits, concept_hits = _choose(gazetteer.scan(words, known), thesaurus.scan(words, known))
    cares = caring(words, thesaurus)
    in_care = {i for m in cares for i in range(m.start, m.end)}
    # "zorgt voor haar moeder" is informal care, not "zorg" beside a mother
    concept_hits = [m for m in concept_hits if in_care.isdisjoint(range(m.start, m.end))] + cares
    concept_hits += _ages(
        words, thesaurus, {i for m in concept_hits for i in range(m.start, m.end)}
    )
    in_concept = {i for m in concept_hits for i in range(m.start, m.end)}
    # who is asking, who someone is to them, where: read, but not what is asked
    passing = incidental(words, concept_hits)
    concept_hits = [m for n, m in enumerate(concept_hits) if n not in passing]
    in_area = {i for m in area_hits for i in range(m.start, m.end)}
    kinds, in_kind = place_kinds.scan(words, known) if place_kinds is not None else ((), set())
    understood = in_area | in_concept | in_kind
    # "mijn buurvrouw", "cliënt", "ik woon in": a person or a home, not a word to look up
    persons = who_or_where(words)
    skipped = understood | persons
    free = [
        w
        for i, w in enumerate(words)
        if i not in skipped and not is_stopword(w) and not w.isdigit()
    ]
    keywords: list[str] = []
    unknown: list[str] = []
    for word in _joined(free, vocabulary):
        values: frozenset[str] = frozenset()
        if vocabulary is not None and word in english:
            # an English word is no Dutch inflection ("still" is not "stille")
            values = vocabulary.get(word)
        elif vocabulary is not None:
            # a real word is no typo
            match = vocabulary.lookup(word, fuzzy=word not in known)
            values = match.values if match is not None else values
        if values:
            keywords.extend(sorted(values))
        else:
            unknown.append(word)
    # "buurtteam" asks for a kind of place: it names no particular one
    name_words = [
        w
        for i, w in enumerate(words)
        if i not in in_area and i not in in_kind and i not in persons and not is_function_word(w)
    ]
    return ParsedQuery(
        text=text,
        words=words,
        areas=_areas(area_hits),
        concepts=_for_whom(words, concept_hits),
        keywords=tuple(dict.fromkeys(keywords)),
        unknown=tuple(unknown),
        name_words=tuple(_joined(name_words, vocabulary)),
        place_kinds=kinds,
        place_kind_words=tuple(words[i] for i in sorted(in_kind)),
    )


# An age says who someone is: "mijn buurman van 85", "jongen van 15", "14 year old girl".
AGE_BEFORE = frozenset({"van", "of", "aged", "age", "is", "zijn", "are"})
AGE_AFTER = frozenset({"jaar", "jr", "jarige", "year", "years", "yo", "jarig"})
AGE_GROUPS = ((65, "ouderen"), (12, "jongeren"), (0, "kinderen"))
MAX_AGE = 110
YOUTH_UNTIL = 24


def _ages(words: tuple[str, ...], thesaurus: Thesaurus, taken: set[int]) -> list[PhraseMatch[Tag]]:
    """Target groups that ages name: 85 is older people, 15 young people, 8 children."""
    found: list[PhraseMatch[Tag]] = []
    for i, word in enumerate(words):
        if i in taken or not word.isdigit() or int(word) > MAX_AGE:
            continue
        before = i > 0 and words[i - 1] in AGE_BEFORE
        after = i + 1 < len(words) and words[i + 1] in AGE_AFTER
        age = int(word)
        if not (before or after) or YOUTH_UNTIL <= age < AGE_GROUPS[0][0]:
            continue
        code = next(code for floor, code in AGE_GROUPS if age >= floor)
        tag = Tag("group", code)
        if thesaurus.concept(tag) is not None:
            found.append(PhraseMatch(i, i + 1, word, code, frozenset({tag}), "exact"))
    return found


# Words that introduce for whom something is: "taalles voor nieuwkomers".
FOR_WHOM = frozenset({"voor", "for"})


def _for_whom(words: tuple[str, ...], hits: list[PhraseMatch[Tag]]) -> tuple[ConceptMention, ...]:
    """The concepts named, each marked when "voor" or "for" comes right before it."""
    return tuple(
        ConceptMention(
            m.values,
            m.text,
            m.key,
            m.edits > 0,
            after_for=m.start > 0 and words[m.start - 1] in FOR_WHOM,
            partial=m.how == "compound",
        )
        for m in hits
    )


def _joined(words: list[str], vocabulary: PhraseIndex[str] | None) -> list[str]:
    """Words with split compounds joined where the map knows them ("koffie kwartier")."""
    if vocabulary is None or not words:
        return words
    found: list[str] = []
    skip = False
    for first, second in zip(words, [*words[1:], ""], strict=True):
        if skip:
            skip = False
        elif second and vocabulary.get(first + second):
            found.append(first + second)
            skip = True
        else:
            found.append(first)
    return found
