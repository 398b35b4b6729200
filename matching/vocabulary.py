"""Find known phrases in a question: exact, inflected, compounded, or with typing errors."""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from matching.normalise import base_forms, fold, is_function_word, is_stopword, stem_phrase

T = TypeVar("T", bound=Hashable)

How = Literal["exact", "stem", "compound", "prefix", "fuzzy"]
Found = tuple[str, How, int]  # key, how it was found, typing errors corrected
_PREFERENCE: dict[str, int] = {"exact": 4, "stem": 3, "compound": 2, "prefix": 1, "fuzzy": 0}

# Parts of a compound word must be this long to count ("taal" in "taalcafe" does,
# "ei" in "eiland" does not), and so must what is left over. A last part (the head of a
# Dutch compound) counts only when no first part does and it is longer: "kinderopvang"
# is about children, not about shelter, and "buurvrouw" is no women's group.
_MIN_PART = 4
_MIN_TAIL = 6
_MIN_REST = 3
# A word cut short ("dement" for "dementie") is completed when at most this much is missing.
_MAX_MISSING = 3
_MIN_CUT = 5


def max_edits(length: int) -> int:
    """How many typing errors a word of this many letters may hold and still be recognised."""
    if length <= 4:
        return 0
    if length <= 7:
        return 1
    if length <= 12:
        return 2
    return 3


@dataclass(frozen=True)
class PhraseMatch(Generic[T]):
    """A run of words [start, end) that names known values."""

    start: int
    end: int
    text: str
    key: str
    values: frozenset[T]
    how: How
    edits: int = 0

    @property
    def size(self) -> int:
        """Number of words covered."""
        return self.end - self.start

    def strength(self) -> tuple[int, int, int, int, int]:
        """Sort key: most letters covered, each corrected error costing three of them; then
        exact before corrected, more words, fewer errors. "nieuw wset" as "Nieuw-West" (one
        error in nine letters) thus beats "nieuw" alone."""
        covered = len(self.text) - self.text.count(" ")
        return (
            covered - 3 * self.edits,
            self.edits == 0,
            self.size,
            -self.edits,
            _PREFERENCE[self.how],
        )


# Articles a phrase may have or leave out without meaning something else.
ARTICLES = frozenset({"the", "a", "an", "de", "het", "een"})


def _without_articles(phrase: str) -> str:
    return " ".join(w for w in phrase.split() if w not in ARTICLES)


class PhraseIndex(Generic[T]):
    """Folded phrases mapped to values, searchable with the same rules everywhere."""

    def __init__(self, entries: Iterable[tuple[str, T]], *, compounds: bool = False) -> None:
        exact: dict[str, set[T]] = defaultdict(set)
        for phrase, value in entries:
            key = fold(phrase)
            if key and not all(is_stopword(w) for w in key.split()):
                exact[key].add(value)
        self._exact: dict[str, frozenset[T]] = {k: frozenset(v) for k, v in exact.items()}
        self._compact: dict[str, str] = {}
        self._stems: dict[str, list[str]] = defaultdict(list)
        # Fuzzy candidates grouped by first letter and length: a typo rarely hits the first
        # letter, and a word with e errors differs at most e in length.
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._words: set[str] = set()
        # "day care for elderly" is "day care for the elderly"
        self._bare: dict[str, str] = {}
        self._keys = sorted(self._exact)
        for key in self._keys:
            packed = key.replace(" ", "")
            self._compact.setdefault(packed, key)
            self._stems[stem_phrase(key)].append(key)
            self._buckets[(key[0], len(key))].append(key)
            if packed != key:
                self._buckets[(packed[0], len(packed))].append(packed)
            self._words.update(key.split())
            if " " in key and (bare := _without_articles(key)) and " " in bare:
                self._bare.setdefault(bare, key)
        self.max_words = max((k.count(" ") + 1 for k in self._exact), default=1)
        self._compounds = compounds

    def __len__(self) -> int:
        return len(self._exact)

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, str) and fold(phrase) in self._exact

    @property
    def keys(self) -> list[str]:
        """All folded phrases, sorted."""
        return self._keys

    @property
    def words(self) -> set[str]:
        """Every word that occurs in a phrase."""
        return self._words

    def get(self, phrase: str) -> frozenset[T]:
        """Values of an exactly matching phrase (after folding), else empty."""
        return self._exact.get(fold(phrase), frozenset())

    def lookup(self, phrase: str, *, fuzzy: bool = True) -> PhraseMatch[T] | None:
        """The best match for a whole phrase."""
        words = fold(phrase).split()
        match = self._match(" ".join(words), 0, len(words), fuzzy=fuzzy) if words else None
        # "de Transvaal", "the Bijlmer": try again without the leading article
        while match is None and len(words) > 1 and is_function_word(words[0]):
            words = words[1:]
            match = self._match(" ".join(words), 0, len(words), fuzzy=fuzzy)
        return match

    def scan(
        self, words: Sequence[str], *, known: Collection[str] = (), fuzzy: bool = True
    ) -> list[PhraseMatch[T]]:
        """Every run of words that matches a phrase; overlapping matches are all returned."""
        found: list[PhraseMatch[T]] = []
        # One word more than the longest phrase, so "taal cafe" still finds "taalcafe".
        longest = self.max_words + 1
        for start in range(len(words)):
            for end in range(min(len(words), start + longest), start, -1):
                run = words[start:end]
                if all(is_stopword(w) for w in run):
                    continue
                # Words known to some vocabulary are spelled right; do not correct them.
                typo_ok = fuzzy and any(w not in known and not is_stopword(w) for w in run)
                match = self._match(" ".join(run), start, end, fuzzy=typo_ok)
                if match is None and fuzzy and not typo_ok and end - start > 1:
                    match = self._one_word_inflected(run, start, end)
                if match is not None:
                    found.append(match)
        return found

    def _one_word_inflected(
        self, run: Sequence[str], start: int, end: int
    ) -> PhraseMatch[T] | None:
        """A phrase of correct words with one word in another form: "old people" for
        "older people", "mensen met geldzorg" for "mensen met geldzorgen"."""
        found = self._fuzzy(" ".join(run), most=2)
        if found is None:
            return None
        key = found[0]
        parts = key.split()
        if len(parts) != len(run):
            return None
        differ = [(a, b) for a, b in zip(run, parts, strict=True) if a != b]
        if len(differ) != 1 or _common_prefix(*differ[0]) < 3:
            return None
        return PhraseMatch(start, end, " ".join(run), key, self._exact[key], "stem", found[2])

    def closest(self, phrase: str, limit: int = 3, cutoff: float = 60.0) -> list[str]:
        """Phrases that look most like the given one, for 'did you mean' suggestions."""
        folded = fold(phrase)
        if not folded:
            return []
        found: list[str] = []
        # Whole-name likeness first; WRatio's partial matching then fills up the list,
        # so "Watergraafmeer Noord" suggests "Watergraafsmeer" before plain "Noord".
        for scorer in (fuzz.ratio, fuzz.WRatio):
            hits = process.extract(
                folded,
                self._keys,
                scorer=scorer,
                processor=None,  # both sides are already folded
                score_cutoff=cutoff,
                limit=limit,
            )
            found.extend(key for key, _score, _index in hits if key not in found)
        return found[:limit]

    def _match(self, text: str, start: int, end: int, *, fuzzy: bool) -> PhraseMatch[T] | None:
        steps: list[Callable[[str], Found | None]] = [self._exactly, self._inflected]
        single = end - start == 1
        if fuzzy and single:
            # one typing error is likelier than a compound ("eenzaamhied" is no "eenzaam-")
            steps.append(self._one_typo)
        if single and self._compounds:
            steps.append(self._compound)
        if fuzzy:
            steps += [self._completion, self._fuzzy] if single else [self._fuzzy]
        for step in steps:
            found = step(text)
            if found is not None:
                key, how, edits = found
                return PhraseMatch(start, end, text, key, self._exact[key], how, edits)
        return None

    def _exactly(self, text: str) -> Found | None:
        if text in self._exact:
            return text, "exact", 0
        key = self._compact.get(text.replace(" ", ""))
        words = text.split()
        if key is None and len(words) > 1 and not {words[0], words[-1]} & ARTICLES:
            key = self._bare.get(_without_articles(text))
        return (key, "exact", 0) if key is not None else None

    def _inflected(self, text: str) -> Found | None:
        # a word of three letters is too short to stand for a longer one ("oud", "won")
        stemmed = self._stems.get(stem_phrase(text)) if len(text) >= _MIN_CUT - 1 else None
        if stemmed:
            return min(stemmed, key=lambda k: (OSA.distance(text, k), k)), "stem", 0
        if " " not in text:
            for form in base_forms(text):
                if form in self._exact:
                    return form, "stem", 0
        return None

    def first_part(self, word: str) -> frozenset[T]:
        """Values of the longest known phrase a folded word starts with (not the word itself)."""
        for cut in range(len(word) - _MIN_REST, _MIN_PART - 1, -1):
            if word[:cut] in self._exact:
                return self._exact[word[:cut]]
        return frozenset()

    def _compound(self, word: str) -> Found | None:
        """A Dutch compound whose first (else last) part is a known one-word phrase."""
        for cut in range(len(word) - _MIN_REST, _MIN_PART - 1, -1):
            if word[:cut] in self._exact:
                return word[:cut], "compound", 0
        for cut in range(_MIN_REST, len(word) - _MIN_TAIL + 1):
            if word[cut:] in self._exact:
                return word[cut:], "compound", 0
        return None

    def _completion(self, word: str) -> Found | None:
        """The one known word that this cut-short word begins ("dement" → "dementie")."""
        if len(word) < _MIN_CUT:
            return None
        at = bisect.bisect_left(self._keys, word)
        options = []
        for key in itertools.islice(self._keys, at, None):
            if not key.startswith(word):
                break
            if " " not in key and len(key) - len(word) <= _MAX_MISSING:
                options.append(key)
        if not options or len({self._exact[k] for k in options}) > 1:
            return None
        return min(options, key=len), "prefix", 1

    def _one_typo(self, text: str) -> Found | None:
        return self._fuzzy(text, most=1)

    def _fuzzy(self, text: str, most: int = 3) -> Found | None:
        packed = text.replace(" ", "")
        limit = min(most, max_edits(len(packed)))
        if limit == 0:
            return None
        best: tuple[int, int, str] | None = None
        for probe in {text, packed}:
            choices = [
                key
                for size in range(len(probe) - limit, len(probe) + limit + 1)
                for key in self._buckets.get((probe[0], size), ())
            ]
            if not choices:
                continue
            hits = process.extract(
                probe,
                choices,
                scorer=OSA.distance,
                processor=None,  # keys and probe are folded already
                score_cutoff=limit,
                limit=None,
            )
            for choice, distance, _index in hits:
                candidate = (int(distance), -_common_prefix(probe, choice), choice)
                if best is None or candidate < best:
                    best = candidate
        if best is None:
            return None
        distance, _common, choice = best
        key = choice if choice in self._exact else self._compact[choice]
        return key, "fuzzy", distance


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def best_cover(matches: Iterable[PhraseMatch[T]]) -> list[PhraseMatch[T]]:
    """Strongest matches that do not overlap, in text order."""
    taken: set[int] = set()
    chosen: list[PhraseMatch[T]] = []
    for match in sorted(matches, key=lambda m: (m.strength(), -m.start), reverse=True):
        span = set(range(match.start, match.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)
