"""A bilingual welfare lexicon: English questions reach Dutch offers, and the other way round.

Each entry is one meaning with its Dutch and English phrases ("voedselbank" ↔ "food bank").
A phrase found in a question brings in the entry's other phrases, in both languages, as
extra words for the full-text search; they never replace what was typed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching.normalise import fold, is_function_word, stem
from matching.typos import TypoIndex

MAX_PHRASE_WORDS = 4


@dataclass(frozen=True)
class Translation:
    """Words [start, end) of a question that the lexicon knows, and what else they mean."""

    start: int
    end: int
    phrases: tuple[str, ...]


def _key(words: Sequence[str]) -> str:
    """A lookup key forgiving plural and verb endings: "haircuts" meets "haircut"."""
    return " ".join(stem(word) for word in words)


class Lexicon:
    """Phrases of both languages, each mapped to the entries (meanings) it belongs to."""

    def __init__(self, entries: Iterable[Sequence[str]]) -> None:
        self.entries: list[tuple[str, ...]] = []
        self._index: dict[str, set[int]] = defaultdict(set)
        for phrases in entries:
            folded = tuple(dict.fromkeys(f for p in phrases if (f := fold(p))))
            if len(folded) < 2:
                continue
            number = len(self.entries)
            self.entries.append(folded)
            for phrase in folded:
                self._index[_key(phrase.split())].add(number)
        self.max_words = min(
            MAX_PHRASE_WORDS, max((k.count(" ") + 1 for k in self._index), default=1)
        )
        phrases = [p for entry in self.entries for p in entry]
        self._typos: TypoIndex | None = TypoIndex(phrases, spaces=True) if phrases else None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lexicon:
        """From the parsed file: {"entries": [{"nl": [...], "en": [...]}, ...]}."""
        found: list[list[str]] = []
        for raw in data.get("entries", []):
            if isinstance(raw, Mapping):
                found.append([str(p) for side in raw.values() for p in side])
        return cls(found)

    @classmethod
    def load(cls, path: Path | str) -> Lexicon:
        """Read a lexicon JSON file."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def __len__(self) -> int:
        return len(self.entries)

    def translate(
        self, words: Sequence[str], spelled: Collection[str] = frozenset()
    ) -> list[Translation]:
        """Known phrases in folded words (longest first, not overlapping), with their others;
        a phrase with a typing error is corrected unless all its words are in `spelled`."""
        found: list[Translation] = []
        start = 0
        while start < len(words):
            match = self._longest(words, start, spelled)
            if match is None:
                start += 1
            else:
                found.append(match)
                start = match.end
        return found

    def _longest(
        self, words: Sequence[str], start: int, spelled: Collection[str]
    ) -> Translation | None:
        for size in range(min(self.max_words, len(words) - start), 0, -1):
            span = words[start : start + size]
            if size == 1 and is_function_word(span[0]):
                return None
            key = _key(span)
            numbers = self._index.get(key)
            if not numbers and self._typos is not None and not all(w in spelled for w in span):
                # a typing error in a known phrase: "fod bank", "swiming"
                corrected = self._typos.correct(" ".join(span))
                if corrected is not None:
                    key = _key(corrected.split())
                    numbers = self._index.get(key)
            if numbers:
                phrases = (p for n in sorted(numbers) for p in self.entries[n])
                others = tuple(dict.fromkeys(p for p in phrases if _key(p.split()) != key))
                return Translation(start, start + size, others)
        return None
