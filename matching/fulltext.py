"""Full-text relevance over offer names and descriptions (BM25F).

Themes and target groups say what an offer is about when someone tagged it well; real
imports are tagged coarsely or not at all, and their own text says what they do. Every
name, organisation and description is indexed by word stem, and a Dutch compound also by
its parts ("speelgoedbank" under "speelgoed" and "bank"), so a question whose words occur
in an offer's text finds it whatever its tags. Name words weigh more than description
words (BM25F: Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted
fields", CIKM 2004).

Postings are compact arrays: at 100,000 offers a few million (offer, weight) pairs.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matching.normalise import tokens
from matching.stopwords import FUNCTION_WORDS
from matching.wordforms import WordForms

# Field weights: a word in the name says more than one in the description.
NAME_WEIGHT = 3.0
ORGANISATION_WEIGHT = 1.5
DESCRIPTION_WEIGHT = 1.0
# A compound's part stands for the word at half weight.
PART_WEIGHT = 0.5
# A question's compound is looked up by its parts too, when they are long enough to mean
# something ("weer" in "weerbericht" is not).
MIN_PART_STEM = 4
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


@dataclass(frozen=True)
class QueryWord:
    """A word of the question with every form it may take in an offer's text."""

    word: str
    terms: tuple[Term, ...]


@dataclass
class TextScores:
    """Full-text relevance for one question: BM25F score and coverage per offer."""

    scores: dict[int, float]
    coverage: dict[int, float]
    matched: dict[int, list[str]]

    def best(self) -> float:
        """The highest coverage of any offer (0 when nothing matched)."""
        return max(self.coverage.values(), default=0.0)


class TextIndex:
    """Stems of names, organisations and descriptions, with BM25F weights per offer."""

    def __init__(
        self,
        texts: Iterable[tuple[Sequence[str], Sequence[str], Sequence[str]]],
        forms: WordForms,
    ) -> None:
        """`texts`: per offer, the folded words of its name, organisation and description."""
        self.forms = forms
        rows = [
            (tuple(name), tuple(organisation), tuple(description[:MAX_DESCRIPTION_WORDS]))
            for name, organisation, description in texts
        ]
        self.size = len(rows)
        name_avg = sum(len(r[0]) for r in rows) / max(1, self.size) or 1.0
        text_avg = sum(len(r[2]) for r in rows) / max(1, self.size) or 1.0
        docs: dict[str, array[int]] = defaultdict(lambda: array("i"))
        weights: dict[str, array[float]] = defaultdict(lambda: array("f"))
        self.surface: set[str] = set()
        for i, (name, organisation, description) in enumerate(rows):
            tf: dict[str, float] = defaultdict(float)
            name_norm = NAME_WEIGHT / (1 - B_NAME + B_NAME * len(name) / name_avg)
            text_norm = DESCRIPTION_WEIGHT / (
                1 - B_DESCRIPTION + B_DESCRIPTION * len(description) / text_avg
            )
            for words, weight in (
                (name, name_norm),
                (organisation, ORGANISATION_WEIGHT),
                (description, text_norm),
            ):
                for word in words:
                    self._count(word, weight, tf)
            for stem, value in tf.items():
                docs[stem].append(i)
                weights[stem].append(value)
        self._docs = dict(docs)
        self._weights = dict(weights)

    def _count(self, word: str, weight: float, tf: dict[str, float]) -> None:
        if word in FUNCTION_WORDS or len(word) < 2:
            return
        self.surface.add(word)
        tf[self.forms.stem(word)] += weight
        for part in self.forms.parts(word):
            tf[self.forms.stem(part)] += weight * PART_WEIGHT

    def __contains__(self, stem: object) -> bool:
        return isinstance(stem, str) and stem in self._docs

    def df(self, stem: str) -> int:
        """How many offers hold a stem."""
        found = self._docs.get(stem)
        return len(found) if found is not None else 0

    def idf(self, stem: str) -> float:
        """BM25's inverse document frequency; highest for a stem no offer holds."""
        df = self.df(stem)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def terms(self, word: str, weight: float = 1.0, source: str | None = None) -> list[Term]:
        """A folded word as index terms: its stem, and a compound's parts at lower weight."""
        shown = source or word
        found = [Term(self.forms.stem(word), weight, shown)]
        for part in self.forms.parts(word):
            stem = self.forms.stem(part)
            if len(stem) >= MIN_PART_STEM:
                found.append(Term(stem, weight * PART_WEIGHT, shown))
        return found

    def score(self, words: Sequence[QueryWord], *, max_df_share: float = 0.3) -> TextScores:
        """BM25F per offer (each question word counts once, by its best form) and coverage:
        the share of the question's words (weighted by rarity) that an offer's text holds."""
        best: dict[int, dict[int, tuple[float, float, str]]] = defaultdict(dict)
        weights_of_words: list[float] = []
        common = max(20, int(self.size * max_df_share))
        for position, query_word in enumerate(words):
            rarity = max((self.idf(t.stem) for t in query_word.terms if t.stem in self), default=0)
            weights_of_words.append(rarity or self.idf("\x00unknown"))
            for term in query_word.terms:
                docs = self._docs.get(term.stem)
                if docs is None or (len(docs) > common and len(words) > 1):
                    continue
                idf = self.idf(term.stem)
                for i, tf in zip(docs, self._weights[term.stem], strict=True):
                    value = term.weight * idf * tf * (K1 + 1) / (K1 + tf)
                    seen = best[i].get(position)
                    if seen is None or value > seen[0]:
                        best[i][position] = (value, term.weight, term.word)
        total = sum(weights_of_words) or 1.0
        scores: dict[int, float] = {}
        coverage: dict[int, float] = {}
        matched: dict[int, list[str]] = {}
        for i, found in best.items():
            scores[i] = sum(value for value, _w, _word in found.values())
            coverage[i] = (
                sum(min(1.0, w) * weights_of_words[p] for p, (_v, w, _word) in found.items())
                / total
            )
            matched[i] = [word for _v, _w, word in found.values()]
        return TextScores(scores, coverage, matched)


def folded_words(text: str) -> list[str]:
    """The folded words of a text, as the index reads them."""
    return tokens(text)
