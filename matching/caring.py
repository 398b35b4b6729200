"""Caring for a relative is informal care (mantelzorg), however it is said: "zorgt voor
haar moeder", "verzorgt zijn vrouw", "looks after her mum", "takes care of my dad". The
thesaurus holds set phrases ("zorgen voor een naaste"); people name the person. "Zorg voor
mijn vader" and "care for my dad" are left out: there "zorg" and "care" may be what is
asked (home care), not what someone does."""

from __future__ import annotations

from collections.abc import Sequence

from matching.incidental import KIN, POSSESSIVES
from matching.thesaurus import Tag, Thesaurus
from matching.vocabulary import PhraseMatch

MANTELZORG = Tag("theme", "mantelzorg")
CARE_VERBS: tuple[tuple[str, ...], ...] = (
    ("zorgt", "voor"),
    ("zorgen", "voor"),
    ("zorgde", "voor"),
    ("verzorgt",),
    ("verzorg",),
    ("verzorgen",),
    ("looks", "after"),
    ("look", "after"),
    ("looking", "after"),
    ("looked", "after"),
    ("cares", "for"),
    ("caring", "for"),
    ("takes", "care", "of"),
    ("take", "care", "of"),
    ("taking", "care", "of"),
)


def caring(words: Sequence[str], thesaurus: Thesaurus) -> list[PhraseMatch[Tag]]:
    """Mentions of informal care: a caring verb, perhaps a possessive, and a relative."""
    if thesaurus.concept(MANTELZORG) is None:
        return []
    found: list[PhraseMatch[Tag]] = []
    for start in range(len(words)):
        for verb in CARE_VERBS:
            end = start + len(verb)
            if tuple(words[start:end]) != verb:
                continue
            if end < len(words) and words[end] in POSSESSIVES:
                end += 1
            if end < len(words) and words[end] in KIN:
                text = " ".join(words[start : end + 1])
                found.append(
                    PhraseMatch(start, end + 1, text, text, frozenset({MANTELZORG}), "exact")
                )
                break
    return found
