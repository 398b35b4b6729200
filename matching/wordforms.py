"""Word forms for full-text matching: Snowball stems and Dutch compound parts.

Dutch writes compounds as one word ("speelgoedbank", "voedselpakket", "wandelvoetbal"), so
a question that says "gratis speelgoed" shares no word with an offer named "Speelgoedbank".
A compound is split where both sides are ordinary Dutch words, choosing the split whose
parts are most frequent (Koehn & Knight, "Empirical methods for compound splitting",
EACL 2003): a word is split only when its parts are, on average, more common than the word
itself, so "ouderen" stays whole while "speelgoedbank" becomes "speelgoed" + "bank". The
word frequencies come from wordfreq's Dutch list (Zipf scale: 3 is once per million words).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

# Parts shorter than this are not words of their own here ("ei", "in", "op").
MIN_HEAD = 3
MIN_TAIL = 4
# A part must be at least this common (Zipf) to count as a word: rarer "words" in a
# frequency list are mostly names and fragments.
MIN_PART_ZIPF = 3.0
# Words shorter than this are never split.
MIN_COMPOUND = 7
MAX_PARTS = 3
# The linking letters Dutch puts between parts: ontmoeting-s-plek, boek-en-kast.
LINKS = ("s", "en", "er", "e")
# A word this common is a word of its own, whatever it is made of ("ouderen", "gezondheid").
LEXICALISED_ZIPF = 4.0
# Each part beyond two must pay for itself: "speelgoed" + "bank", not "speel" + "goed" + "bank".
EXTRA_PART_COST = 1.5


class Stemmer(Protocol):
    """What is needed of a stemmer: PyStemmer's `stemWord`."""

    def stemWord(self, word: str) -> str:  # noqa: N802  (PyStemmer's name)
        """The stem of one lowercase word."""
        ...


def _settle(stem: str) -> str:
    """Finish a Snowball stem the way Dutch spelling varies: a doubled last consonant once
    ("zwemless" from "zwemlessen" meets "zwemles"), a voiced last consonant unvoiced
    ("huiz" from "huizen" meets "huis")."""
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        stem = stem[:-1]
    if len(stem) > 3 and stem[-1] in "zv":
        stem = stem[:-1] + ("s" if stem[-1] == "z" else "f")
    return stem


class WordForms:
    """Stems and compound parts of folded words, each computed once per word."""

    def __init__(
        self,
        frequencies: Mapping[str, float],
        stemmer: Stemmer | None = None,
        *,
        extra_words: Iterable[str] = (),
    ) -> None:
        """`frequencies`: folded word → Zipf frequency; `extra_words` count as common."""
        self._zipf: dict[str, float] = {
            word: zipf
            for word, zipf in frequencies.items()
            if word.isalpha() and word.isascii() and len(word) >= MIN_HEAD
        }
        for word in extra_words:
            if word.isalpha() and len(word) >= MIN_HEAD:
                self._zipf[word] = max(self._zipf.get(word, 0.0), MIN_PART_ZIPF)
        self._stemmer = stemmer
        self._stems: dict[str, str] = {}
        self._parts: dict[str, tuple[str, ...]] = {}
        self._splits: dict[tuple[str, int], tuple[float, tuple[str, ...]] | None] = {}

    def zipf(self, word: str) -> float:
        """How common a folded word is in Dutch (0 when unknown)."""
        return self._zipf.get(word, 0.0)

    def common_words(self, min_zipf: float) -> set[str]:
        """The words at least this common: spelled right, so never taken for a typo."""
        return {word for word, zipf in self._zipf.items() if zipf >= min_zipf}

    def is_word(self, word: str) -> bool:
        """True for a folded word common enough to be a compound's part."""
        return self._zipf.get(word, 0.0) >= MIN_PART_ZIPF

    def stem(self, word: str) -> str:
        """The Snowball stem of a folded word (the word itself without a stemmer)."""
        found = self._stems.get(word)
        if found is None:
            found = word
            if self._stemmer is not None and word.isalpha():
                # diminutive plurals keep their -s in Snowball: "maatjes" as "maatje"
                base = word[:-1] if word.endswith("jes") else word
                found = _settle(self._stemmer.stemWord(base) or word)
            self._stems[word] = found
        return found

    def parts(self, word: str) -> tuple[str, ...]:
        """The parts of a Dutch compound, or () when the word is not one."""
        found = self._parts.get(word)
        if found is None:
            found = ()
            if len(word) >= MIN_COMPOUND and word.isalpha():
                best = self._split(word, MAX_PARTS)
                own = self.zipf(word)
                if (
                    best is not None
                    and len(best[1]) > 1
                    and own < LEXICALISED_ZIPF
                    and best[0] - EXTRA_PART_COST * max(0, len(best[1]) - 2) > own
                ):
                    found = best[1]
            self._parts[word] = found
        return found

    def _split(self, word: str, most: int) -> tuple[float, tuple[str, ...]] | None:
        """The best way to write `word` as at most `most` known words: (mean Zipf, parts)."""
        key = (word, most)
        if key not in self._splits:
            self._splits[key] = self._best_split(word, most)
        return self._splits[key]

    def _best_split(self, word: str, most: int) -> tuple[float, tuple[str, ...]] | None:
        if self.zipf(word) >= LEXICALISED_ZIPF and most < MAX_PARTS:
            return self.zipf(word), (word,)  # a common last part stays whole: "uitslagen"
        options: list[tuple[float, tuple[str, ...]]] = []
        if self.is_word(word):
            options.append((self.zipf(word), (word,)))
        if most > 1:
            for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
                head = self._head(word[:cut])
                if head is None:
                    continue
                rest = self._split(word[cut:], most - 1)
                if rest is None:
                    continue
                size = 1 + len(rest[1])
                score = (self.zipf(head) + rest[0] * len(rest[1])) / size
                options.append((score, (head, *rest[1])))
        if not options:
            return None
        # the most common parts, each part beyond two costing (beyond one, for what follows
        # a compound's first part: "toeslag" stays whole); among equals, the fewest
        free = 2 if most == MAX_PARTS else 1
        return max(
            options,
            key=lambda o: (
                round(o[0] - EXTRA_PART_COST * max(0, len(o[1]) - free), 3),
                -len(o[1]),
            ),
        )

    def _head(self, text: str) -> str | None:
        """The word a compound's first part stands for, with a linking letter dropped."""
        if self.is_word(text):
            return text
        for link in LINKS:
            base = text[: -len(link)]
            if text.endswith(link) and len(base) >= MIN_HEAD and self.is_word(base):
                return base
        return None
