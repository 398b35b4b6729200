"""'Did you mean …?' for area names: only names close to what was typed, never for words.

Suggestions come from the gazetteer's fuzzy search, which also scores partial likeness
("xyzzy" ~ "Lizzy Ansinghbuurt"). Here a name is offered only when the typed word is a
plausible misspelling of it: a few edits for its length, counted over the whole name or
over one of its words.
"""

from __future__ import annotations

from collections.abc import Collection

from rapidfuzz.distance import OSA

from matching.common_words import COMMON_WORDS
from matching.gazetteer import Gazetteer
from matching.normalise import fold
from matching.stopwords import STOP_WORDS

MIN_LENGTH = 4


def edit_budget(length: int) -> int:
    """How many typing errors (a swap counts as one) a word of this length may hold."""
    if length < MIN_LENGTH:
        return 0
    if length <= 5:
        return 1
    if length <= 9:
        return 2
    return 3


def is_close(typed: str, name: str) -> bool:
    """Whether a folded word is within its edit budget of a folded name or one of its words."""
    budget = edit_budget(len(typed))
    if budget == 0:
        return False
    candidates = [name, *name.split()]
    return any(
        OSA.distance(typed, candidate, score_cutoff=budget) <= budget for candidate in candidates
    )


def area_suggestions(
    gazetteer: Gazetteer,
    word: str,
    lang: str,
    *,
    known: Collection[str] = (),
    limit: int = 2,
) -> list[str]:
    """Area names the typed word may be a misspelling of (none for common words; no
    English aliases in a Dutch reply)."""
    typed = fold(word)
    if (
        len(typed) < MIN_LENGTH
        or " " in typed
        or typed in COMMON_WORDS
        or typed in STOP_WORDS
        or typed in known
        or typed.isdigit()
    ):
        return []
    names: list[str] = []
    for name in gazetteer.suggest(typed, limit=limit * 4):
        folded = fold(name)
        if lang != "en" and folded in gazetteer.english_names:
            continue
        if is_close(typed, folded) and name not in names:
            names.append(name)
    return names[:limit]
