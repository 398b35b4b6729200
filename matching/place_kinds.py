"""Kinds of place people ask for by name: "buurtteam", "huis van de wijk", "OKT", ...

A question that names such a kind wants the places of that kind, not just anything on the
same theme. The municipal facilities carry their kind as a theme word (a buurtteam location
has the theme "buurtteam"), so a place is of a kind when it is a `place` and one of its
theme words is one of the kind's markers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from matching.normalise import fold
from matching.offer import Offer
from matching.vocabulary import PhraseIndex


@dataclass(frozen=True)
class PlaceKind:
    """A kind of place: its code, the theme words that mark it, and what people call it."""

    code: str
    labels: tuple[str, str]  # Dutch, English
    markers: frozenset[str]
    terms: tuple[str, ...]

    def label(self, lang: str) -> str:
        """The kind's name in a language (Dutch unless English is asked)."""
        return self.labels[1] if lang == "en" else self.labels[0]


def _kind(
    code: str, labels: tuple[str, str], markers: Iterable[str], terms: Iterable[str]
) -> PlaceKind:
    return PlaceKind(code, labels, frozenset(fold(m) for m in markers), tuple(terms))


# Dutch and English names, with the short forms professionals use. Markers are the theme
# words of content/places (SOURCES-full.md lists the category each comes from).
PLACE_KINDS: tuple[PlaceKind, ...] = (
    _kind(
        "buurtteam",
        ("buurtteamlocatie", "neighbourhood team location"),
        ["buurtteam"],
        ["buurtteam", "buurtteams", "buurtteamlocatie", "neighbourhood team",
         "neighborhood team", "community team"],
    ),
    _kind(
        "huis van de wijk",
        ("Huis van de Wijk", "community centre (Huis van de Wijk)"),
        ["huis van de wijk"],
        ["huis van de wijk", "huizen van de wijk", "hvdw", "community centre",
         "community center"],
    ),
    _kind(
        "buurtkamer",
        ("buurtkamer", "neighbourhood room (buurtkamer)"),
        ["buurtkamer"],
        ["buurtkamer", "buurtkamers", "neighbourhood room", "neighborhood room"],
    ),
    _kind(
        "ouder- en kindteam",
        ("Ouder- en Kindteam", "parent and child team (OKT)"),
        ["ouder- en kindteam"],
        ["okt", "ouder- en kindteam", "ouder-kindteam", "ouderkindteam", "ouder en kind team",
         "parent and child team", "parent-child team"],
    ),
    _kind(
        "inloophuis",
        ("inloophuis", "walk-in centre"),
        ["inloophuis", "inloop"],
        ["inloophuis", "inloophuizen", "inloopcentrum", "walk-in centre",
         "walk-in center", "drop-in centre", "drop-in center", "drop-in"],
    ),
    _kind(
        "jongerencentrum",
        ("jongerencentrum", "youth centre"),
        ["jongerenwerk"],
        ["jongerencentrum", "jongerencentra", "jongerenhuis", "youth centre", "youth center",
         "youth club"],
    ),
    _kind(
        "bibliotheek",
        ("bibliotheek", "library"),
        ["bibliotheek"],
        ["bibliotheek", "bibliotheken", "bieb", "oba", "library", "libraries"],
    ),
)  # fmt: skip


class PlaceKinds:
    """Finds kinds of place in a question and tells which offers are places of a kind."""

    def __init__(self, kinds: Sequence[PlaceKind] = PLACE_KINDS) -> None:
        self.kinds = {kind.code: kind for kind in kinds}
        self._terms: PhraseIndex[str] = PhraseIndex(
            (term, kind.code) for kind in kinds for term in kind.terms
        )

    @property
    def words(self) -> set[str]:
        """Every word of every kind's names (spelled right by definition)."""
        return self._terms.words

    def scan(
        self, words: Sequence[str], known: Collection[str] = ()
    ) -> tuple[tuple[str, ...], set[int]]:
        """Kinds named in a folded question (in the order named), and the words naming them."""
        found: list[str] = []
        spans: set[int] = set()
        for match in sorted(self._terms.scan(words, known=known), key=lambda m: m.start):
            spans.update(range(match.start, match.end))
            for code in sorted(match.values):
                if code not in found:
                    found.append(code)
        return tuple(found), spans

    def of(self, offer: Offer) -> tuple[str, ...]:
        """The kinds a place is, by its theme words (a buurtteam location: "buurtteam")."""
        if offer.kind != "place":
            return ()
        themes = {fold(theme) for theme in offer.themes}
        return tuple(code for code, kind in self.kinds.items() if kind.markers & themes)

    def named(self, offer: Offer) -> tuple[str, ...]:
        """Kinds a place's name says ("OBA Javaplein", "Arkin Huis van de Wijk De Banne")."""
        if offer.kind != "place":
            return ()
        name = f" {fold(offer.name)} "
        return tuple(
            code
            for code, kind in self.kinds.items()
            if any(f" {fold(term)} " in name for term in kind.terms)
        )

    def label(self, code: str, lang: str) -> str:
        """How a kind is called in a language."""
        return self.kinds[code].label(lang)
