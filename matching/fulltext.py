"""Full-text relevance over offer names and descriptions (BM25F).

Themes and target groups say what an offer is about when someone tagged it well; real
imports are tagged coarsely or not at all, and their own text says what they do. Every
name, organisation and description is indexed by word stem, and a Dutch compound also by
its parts ("speelgoedbank" under "speelgoed" and "bank"), so a question whose words occur
in an offer's text finds it whatever its tags. Name words weigh more than description
words (BM25F: Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted
fields", CIKM 2004). A word counts once per field (binary term frequency): offer texts are
short, and a repeated word says little more.

Building is two steps so that no per-offer work is done in Python loops that could be done
per distinct word: `add` records which offers hold each surface word, `finish` turns words
into stems and parts and keeps compact arrays of (offer, saturated weight) per stem.
"""

from __future__ import annotations

import bisect
import heapq
import math
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from matching.stopwords import FUNCTION_WORDS
from matching.typos import TypoIndex
from matching.wordforms import WordForms

# Field weights: a word in the name says more than one in the description.
NAME_WEIGHT = 3.0
ORGANISATION_WEIGHT = 1.5
DESCRIPTION_WEIGHT = 1.0
FIELDS = ("name", "organisation", "description")
FIELD_STRENGTH = {"description": 0, "organisation": 1, "name": 2}
# A compound's part stands for the word at half weight; the compound its last parts make
# ("sportfonds" in "jeugdsportfonds": a kind of sportfonds) at more.
PART_WEIGHT = 0.5
HEAD_WEIGHT = 0.8
# The group of a question compound's parts (see Term.part), one per compound.
COMPOUND = "compound"
# A question's compound is looked up by its parts too, when they are long enough to mean
# something ("weer" in "weerbericht" is not).
MIN_PART_STEM = 4
# Common words are looked up in the (at most) this many offers the others found best.
MAX_LOOKUPS = 300
# Forms that say what the typed word says (itself, a translation, a correction) decide how
# rare the word is; a compound's parts do not.
CLOSE_FORM = 0.8
# The most an everyday word (Zipf frequency at least EVERYDAY_FROM in wordfreq's Dutch) can
# tell offers apart, whatever the map: EVERYDAY_SLOPE * (EVERYDAY_TOP - Zipf), at least
# EVERYDAY_FLOOR. On a small map "dag" or "alleen" may be in few texts, yet say little.
EVERYDAY_SLOPE = 1.0
EVERYDAY_TOP = 7.5
EVERYDAY_FLOOR = 0.5
EVERYDAY_FROM = 5.5
K1 = 1.2
B_NAME = 0.5
B_DESCRIPTION = 0.75
# A description is read up to this many words; the rest of a long text adds little.
MAX_DESCRIPTION_WORDS = 150


@dataclass(frozen=True)
class Term:
    """One way a question word can occur in an offer's text, and how much it counts."""

    stem: str
    weight: float
    word: str  # the word of the question (or its translation) this stands for
    # "" when the term stands for the whole question word; else "group/position": one word
    # of a phrase (as typed, or of one translation), which adds up with the group's others
    part: str = ""


@dataclass(frozen=True)
class QueryWord:
    """A word of the question with every form it may take in an offer's text."""

    word: str
    terms: tuple[Term, ...]

    def whole_forms(self, close: float) -> list[tuple[Term, ...]]:
        """The ways this word occurs whole: each form counting at least `close` on its own,
        and each phrase (as typed, or a translation) as its words together."""
        forms: list[tuple[Term, ...]] = [
            (t,) for t in self.terms if not t.part and t.weight >= close
        ]
        groups: dict[str, dict[str, Term]] = {}
        for term in self.terms:
            if term.part:
                group, position = term.part.split("/", 1)
                words = groups.setdefault(group, {})
                # a word's own stem, not a part of it, stands for it
                if position not in words or term.weight > words[position].weight:
                    words[position] = term
        forms += [
            tuple(words.values())
            for words in groups.values()
            if sum(t.weight for t in words.values()) >= close
        ]
        return forms


@dataclass
class TextScores:
    """Full-text relevance for one question: BM25F score and coverage per offer."""

    scores: dict[int, float]
    coverage: dict[int, float]
    words: tuple[QueryWord, ...]
    index: TextIndex

    def matched(self, offer: int) -> list[str]:
        """The question's words (or their translations) an offer's text holds."""
        found: list[str] = []
        for query_word in self.words:
            for term in query_word.terms:
                if self.index.holds(term.stem, offer):
                    found.append(term.word)
                    break
        return found


def _heads(parts: Sequence[str]) -> list[str]:
    """The shorter compounds a compound of three or more parts ends in."""
    return ["".join(parts[start:]) for start in range(1, len(parts) - 1)]


class TextIndex:
    """Stems of names, organisations and descriptions, with BM25F weights per offer."""

    def __init__(self, forms: WordForms) -> None:
        self.forms = forms
        self.size = 0
        # stem → (offers in order, weight per offer) for each word and field it occurs in
        self._postings: dict[str, tuple[tuple[array[int], array[float]], ...]] = {}
        self._df: dict[str, int] = {}
        # while building: per field, the offers holding each surface word, and lengths
        self._words: dict[str, defaultdict[str, array[int]]] = {
            field: defaultdict(_offer_array) for field in FIELDS
        }
        self._lengths: dict[str, array[int]] = {field: array("i") for field in FIELDS}
        self._surface: list[str] = []
        self._typos: TypoIndex | None = None

    def add(
        self, name: Sequence[str], organisation: Sequence[str], description: Sequence[str]
    ) -> int:
        """Record the next offer's folded words; returns its number."""
        i = self.size
        self.size += 1
        texts = (name, organisation, description[:MAX_DESCRIPTION_WORDS])
        for field, words in zip(FIELDS, texts, strict=True):
            self._lengths[field].append(len(words))
            if words:
                postings = self._words[field]
                # one append per distinct telling word: the bulk of building at 100,000
                for word in set(words).difference(FUNCTION_WORDS):
                    postings[word].append(i)
        return i

    def field_words(self, field: str) -> set[str]:
        """While building: the surface words of one field."""
        return set(self._words[field])

    def word_offers(self, word: str, field: str) -> Sequence[int]:
        """While building: the offers holding a surface word in one field (do not modify)."""
        return self._words[field].get(word) or ()

    @property
    def surface(self) -> list[str]:
        """Every word the index has read."""
        if not self._surface:
            self._surface = sorted({w for posts in self._words.values() for w in posts})
        return self._surface

    def finish(self) -> None:
        """Turn surface words into stems and parts, with BM25F weights per offer."""
        surface = self.surface
        norms = {field: self._norms(field) for field in FIELDS}
        contributions: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        for word in surface:
            if word in FUNCTION_WORDS or len(word) < 2:
                continue
            forms = [(self.forms.stem(word), 1.0)]
            pieces = self.forms.parts(word)
            forms += [(self.forms.stem(p), PART_WEIGHT) for p in pieces]
            forms += [(self.forms.stem(h), HEAD_WEIGHT) for h in _heads(pieces)]
            for field in FIELDS:
                if word in self._words[field]:
                    for stem, share in forms:
                        contributions[stem].append((field, word, share))
        # each field's saturated BM25F weight per offer, whole words and compound parts
        saturated = {
            (field, share): array(
                "f", [share * n * (K1 + 1) / (K1 + share * n) for n in norms[field]]
            )
            for field in FIELDS
            for share in (1.0, HEAD_WEIGHT, PART_WEIGHT)
        }
        # A stem keeps the postings of every word and field it comes from, unmerged: a
        # question takes each offer's strongest occurrence, so nothing is merged here.
        for stem, parts in contributions.items():
            postings = tuple(
                (self._words[field][word], saturated[(field, share)])
                for field, word, share in sorted(parts, key=_strength, reverse=True)
            )
            self._postings[stem] = postings
            if len(postings) == 1:
                self._df[stem] = len(postings[0][0])
            else:
                self._df[stem] = len(set().union(*(docs for docs, _weights in postings)))
        self._words = {field: defaultdict(_offer_array) for field in FIELDS}
        self._lengths = {field: array("i") for field in FIELDS}

    def _norms(self, field: str) -> list[float]:
        """Each offer's weight for one word in a field: field weight over length norm."""
        lengths = self._lengths[field]
        if field == "organisation":
            return [ORGANISATION_WEIGHT] * len(lengths)
        weight, b = (
            (NAME_WEIGHT, B_NAME) if field == "name" else (DESCRIPTION_WEIGHT, B_DESCRIPTION)
        )
        average = (sum(lengths) / len(lengths) if lengths else 1.0) or 1.0
        return [weight / (1 - b + b * n / average) for n in lengths]

    def __contains__(self, stem: object) -> bool:
        return isinstance(stem, str) and stem in self._df

    def holds(self, stem: str, offer: int) -> bool:
        """True when an offer's text holds a stem."""
        return any(_holds(docs, offer) for docs, _weights in self._postings.get(stem, ()))

    def df(self, stem: str) -> int:
        """How many offers hold a stem."""
        return self._df.get(stem, 0)

    def idf(self, stem: str) -> float:
        """BM25's inverse document frequency; highest for a stem no offer holds."""
        df = self.df(stem)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def informative(self, term: Term) -> float:
        """How much a term tells offers apart: its idf, but no more than a word that common
        in everyday Dutch can say ("hele", "dag"); a small map's idf takes them for rare."""
        idf = self.idf(term.stem)
        zipf = self.forms.zipf(term.word)
        if zipf < EVERYDAY_FROM:
            return idf
        return min(idf, EVERYDAY_SLOPE * max(EVERYDAY_TOP - zipf, EVERYDAY_FLOOR))

    def terms(self, word: str, weight: float = 1.0, source: str | None = None) -> list[Term]:
        """A folded word as index terms: its stem, and a compound's parts at lower weight."""
        shown = source or word
        found = [Term(self.forms.stem(word), weight, shown)]
        for n, part in enumerate(self.forms.parts(word)):
            stem = self.forms.stem(part)
            if len(stem) >= MIN_PART_STEM:
                # the parts an offer holds add up: "sollicitatie" and "brief" together
                label = f"{COMPOUND} {word}/{n}"
                found.append(Term(stem, weight * PART_WEIGHT, shown, part=label))
        return found

    def correct(self, word: str) -> str | None:
        """The word of the offers' texts a typo most likely stands for (bounded edits)."""
        if self._typos is None:
            self._typos = TypoIndex(self.surface)
        return self._typos.correct(word)

    def score(
        self,
        words: Sequence[QueryWord],
        *,
        max_df_share: float = 0.3,
        absent: float = 1.0,
        plain: frozenset[str] = frozenset(),
        emphasis: Sequence[float] = (),
    ) -> TextScores:
        """BM25F per offer (each question word counts once, by its best form) and coverage:
        the share of the question's words (weighted by rarity) that an offer's text holds.

        A stem in more than `max_df_share` of the offers is too common to find offers by;
        it still counts for the offers the other words found. A word no offer holds counts
        `absent` times as much as the rarest one towards coverage, or nothing if it is one of
        the `plain` words (everyday English: "learn", "want").
        """
        rarities = [self._rarity(w, 0.0 if w.word in plain else absent) for w in words]
        emphasis = emphasis or [1.0] * len(words)
        rarities = [r * e for r, e in zip(rarities, emphasis, strict=True)]
        total = sum(rarities) or 1.0
        common = max(20, int(self.size * max_df_share))
        # per question word, per part ("" for the whole word): best value and coverage
        found: list[dict[str, tuple[dict[int, float], dict[int, float]]]] = []
        later: list[list[Term]] = []
        for query_word in words:
            parts: dict[str, tuple[dict[int, float], dict[int, float]]] = {}
            for term in query_word.terms:
                best, cover = parts.setdefault(term.part, ({}, {}))
                if 0 < self.df(term.stem) <= common:
                    self._collect(term, best, cover, None)
            found.append(parts)
            later.append([t for t in query_word.terms if self.df(t.stem) > common])
        if any(later):
            # the offers the other words found best, each looked up in the common words
            partial: dict[int, float] = {}
            for parts in found:
                for best, _cover in parts.values():
                    for i, value in best.items():
                        partial[i] = partial.get(i, 0.0) + value
            candidates = set(heapq.nlargest(MAX_LOOKUPS, partial, key=partial.__getitem__))
            for parts, terms in zip(found, later, strict=True):
                for term in terms:
                    best, cover = parts[term.part]
                    self._collect(term, best, cover, candidates)
        scores: dict[int, float] = {}
        coverage: dict[int, float] = {}
        for parts, rarity, weight in zip(found, rarities, emphasis, strict=True):
            share = rarity / total
            best, cover = _whole(parts)
            for i, value in best.items():
                scores[i] = scores.get(i, 0.0) + value * weight
            for i, value in cover.items():
                coverage[i] = coverage.get(i, 0.0) + value * share
        return TextScores(scores, coverage, tuple(words), self)

    def _rarity(self, word: QueryWord, absent: float) -> float:
        """How much a question word says: the idf of the commonest way it occurs in the
        offers' texts (as typed, or as a close translation); for a word none has, `absent`
        times the most a word can say."""
        present = [t for t in word.terms if t.stem in self._df]
        close = [t for t in present if t.weight >= CLOSE_FORM] or present
        return min((self.informative(t) for t in close), default=absent * self.idf(""))

    def _collect(
        self,
        term: Term,
        best: dict[int, float],
        cover: dict[int, float],
        only: set[int] | None,
    ) -> None:
        """Each offer's best value for one question word, from one of its forms, and the
        coverage of the closest form it holds (only for the offers in `only`, looked up one
        by one, when given)."""
        factor = term.weight * self.informative(term)
        covers = min(1.0, term.weight)
        for docs, weights in self._postings[term.stem]:
            if only is not None:
                offers = [i for i in only if _holds(docs, i)]
            elif not best:
                best.update(zip(docs, [factor * weights[i] for i in docs], strict=True))
                cover.update(dict.fromkeys(docs, covers))
                continue
            else:
                offers = list(docs)
            for i in offers:
                value = factor * weights[i]
                if value > best.get(i, -1.0):
                    best[i] = value
                # the closest form it holds says how much of the word an offer holds
                if covers > cover.get(i, -1.0):
                    cover[i] = covers


def _whole(
    parts: dict[str, tuple[dict[int, float], dict[int, float]]],
) -> tuple[dict[int, float], dict[int, float]]:
    """One question word's value and coverage per offer: its best whole form, or the words
    of one of its phrases added up ("alzheimer" and "café" both in "Alzheimer Café")."""
    best, cover = parts.get("", ({}, {}))
    if len(parts) <= 1 and "" in parts:
        return best, cover
    best, cover = dict(best), dict(cover)
    groups: dict[str, list[tuple[dict[int, float], dict[int, float]]]] = {}
    for label, found in parts.items():
        if label:
            groups.setdefault(label.split("/", 1)[0], []).append(found)
    # (plain loops and comparisons: this runs over every offer a common word is in)
    for members in groups.values():
        if len(members) == 1:
            summed, covered = members[0]
        else:
            summed, covered = dict(members[0][0]), dict(members[0][1])
            for values, covers in members[1:]:
                for i, value in values.items():
                    summed[i] = summed.get(i, 0.0) + value
                    covered[i] = covered.get(i, 0.0) + covers[i]
        for i, value in summed.items():
            old = best.get(i, 0.0)
            best[i] = value if value > old else old
            share = min(covered[i], 1.0)
            old = cover.get(i, 0.0)
            cover[i] = share if share > old else old
    return best, cover


def _offer_array() -> array[int]:
    return array("i")


def _holds(docs: array[int], offer: int) -> bool:
    """True when postings (in offer order) hold an offer."""
    at = bisect.bisect_left(docs, offer)
    return at < len(docs) and docs[at] == offer


def _strength(contribution: tuple[str, str, float]) -> tuple[int, float]:
    """Description before organisation before name; a part before the whole word."""
    field, _word, share = contribution
    return FIELD_STRENGTH[field], share
