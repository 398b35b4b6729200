"""The themes most offered in an area: what to ask someone who named only a place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from matching.area_names import CITY_CODE, Place
from matching.gazetteer import Gazetteer
from matching.offer import Offer
from matching.thesaurus import Thesaurus


def _works_there(gazetteer: Gazetteer, offer: Offer, inside: set[str], around: set[str]) -> bool:
    for name in offer.areas:
        place = gazetteer.resolve(name, fuzzy=False)
        if place is not None and any(code in inside or code in around for code in place.codes):
            return True
    return False


def top_themes(
    offers: Iterable[Offer],
    place: Place,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    limit: int = 6,
) -> list[str]:
    """Theme codes of the offers working in (or around, short of city-wide) a place, the
    most frequent first (ties by code)."""
    inside = {code for unit in place.codes for code in gazetteer.subtree(unit)}
    around = {a for unit in place.codes for a in gazetteer.ancestors(unit)} - {CITY_CODE}
    counts: Counter[str] = Counter()
    for offer in offers:
        if not _works_there(gazetteer, offer, inside, around):
            continue
        codes = {
            tag.code
            for theme in offer.themes
            for tag in thesaurus.lookup(theme, fuzzy=False)
            if tag.kind == "theme"
        }
        counts.update(codes)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [code for code, _count in ranked[:limit]]
