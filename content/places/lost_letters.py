"""Putting back letters that the city's export lost as `?` (`Hygi?astraat` → `Hygiëastraat`).

The export wrote every letter outside ASCII as `?`. A word with `?` is compared with the
words of the registers we hold (street and area names, other names, a short list of
spellings), with each `?` standing for one letter outside ASCII; the word may be part of a
compound (`Zwerverscaf?` is `zwervers` + `café`). Only when every fitting word puts back the
same letters is the word repaired; otherwise the `?` is dropped, so no name shows a `?`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# A register word must be this long to be trusted inside a compound: "é" alone fits anything.
MIN_LENGTH = 4

_WORD = re.compile(r"[^\W\d_]+")
# Letters and `?` with at least one `?`: the words where the export lost a letter.
_LOST = re.compile(r"(?:[^\W\d_]*\?)+[^\W\d_]*")
_SPACES = re.compile(r" {2,}")


def _masked(word: str) -> str:
    """The word as the export writes it: every letter outside ASCII becomes `?`."""
    return "".join(c if c.isascii() else "?" for c in word.casefold())


def register_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word of `MIN_LENGTH` letters or more in `texts` that has a letter outside ASCII."""
    return frozenset(
        word
        for text in texts
        for word in _WORD.findall(text)
        if len(word) >= MIN_LENGTH and not word.isascii()
    )


@dataclass(frozen=True)
class Change:
    """One word with a lost letter and what became of it."""

    lost: str
    result: str
    repaired: bool


@dataclass
class Spellings:
    """The known spellings, and a log of every change made with them."""

    words: frozenset[str]
    changes: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A word whose case folding changes its length ("ß") cannot be laid over another.
        self._masks = tuple(
            sorted({(_masked(w), w) for w in self.words if len(w.casefold()) == len(w)})
        )

    def fills(self, lost: str) -> dict[tuple[str, ...], tuple[str, ...]]:
        """The letters each fitting register word puts in the `?` places of `lost`
        (keyed by their case-folded form: "Café" and "café" fill alike)."""
        folded = lost.casefold()
        holes = [i for i, c in enumerate(folded) if c == "?"]
        found: dict[tuple[str, ...], tuple[str, ...]] = {}
        for mask, word in self._masks:
            start = folded.find(mask)
            while start >= 0:
                end = start + len(mask)
                if all(start <= i < end for i in holes):
                    letters = tuple(word[i - start] for i in holes)
                    found.setdefault(tuple(c.casefold() for c in letters), letters)
                start = folded.find(mask, start + 1)
        return found

    def repair_word(self, lost: str) -> str:
        """`lost` with its letters put back when certain, else with the `?` dropped."""
        fills = self.fills(lost)
        if len(fills) != 1:
            result = lost.replace("?", "")
            self.changes.append(Change(lost, result, repaired=False))
            return result
        letters = iter(next(iter(fills.values())))
        shouting = lost.replace("?", "").isupper()
        chars = []
        for i, char in enumerate(lost):
            if char != "?":
                chars.append(char)
                continue
            letter = next(letters)
            # Inside a word the letter is small; a first letter keeps the register's case.
            chars.append(letter.upper() if shouting else letter if i == 0 else letter.lower())
        result = "".join(chars)
        self.changes.append(Change(lost, result, repaired=True))
        return result

    def repair(self, text: str) -> str:
        """`text` with every word that lost a letter repaired or cleaned, spaces kept single."""
        if "?" not in text:
            return text
        fixed = _LOST.sub(lambda match: self.repair_word(match.group(0)), text)
        return _SPACES.sub(" ", fixed).strip()
