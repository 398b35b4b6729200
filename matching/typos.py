"""Typo correction against a list of known words or phrases, with a bounded edit distance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching.vocabulary import max_edits

# Words this short are not corrected: too many others lie one letter away.
MIN_TYPO_LENGTH = 3


class TypoIndex:
    """Words by first letter and length, for typo correction within `max_edits`."""

    def __init__(self, words: Sequence[str], *, spaces: bool = False) -> None:
        """`words`: folded words (or phrases, with `spaces`) to correct typos into."""
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in words:
            letters = word.replace(" ", "") if spaces else word
            if len(word) > MIN_TYPO_LENGTH and letters.isalpha():
                self._buckets[(word[0], len(word))].append(word)

    def correct(self, word: str) -> str | None:
        """The closest word with at most `max_edits` errors and the same first letter."""
        limit = max_edits(len(word))
        if limit == 0:
            return None
        choices = [
            known
            for size in range(len(word) - limit, len(word) + limit + 1)
            for known in self._buckets.get((word[0], size), ())
        ]
        best = process.extractOne(
            word, choices, scorer=OSA.distance, processor=None, score_cutoff=limit
        )
        return None if best is None or best[0] == word else str(best[0])
