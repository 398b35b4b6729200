"""Supply from the map: active offers per theme for an area, local ones apart from those
that serve its whole stadsdeel or the whole city (see bot/gaps/rules.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.gaps.rules import CITY, LOCAL, STADSDEEL, reach, units
from matching.gazetteer import Gazetteer
from matching.offer import Offer


@dataclass(frozen=True)
class Supply:
    """Offers of one theme for one area, by how far they reach."""

    local: int = 0
    stadsdeel: int = 0
    city: int = 0


def supply_for(offers: Iterable[Offer], gazetteer: Gazetteer, area: str) -> dict[str, Supply]:
    """Per theme code, the active offers serving `area`."""
    return supply_table(offers, gazetteer, [area])[area]


def supply_table(
    offers: Iterable[Offer], gazetteer: Gazetteer, areas: Iterable[str]
) -> dict[str, dict[str, Supply]]:
    """Per area, per theme code, the active offers serving it."""
    wanted = list(dict.fromkeys(areas))
    counts: dict[str, dict[str, dict[str, int]]] = {
        area: defaultdict(lambda: defaultdict(int)) for area in wanted
    }
    for offer in offers:
        if not offer.active:
            continue
        offer_units = units(gazetteer, offer)
        for area in wanted:
            kind = reach(gazetteer, offer_units, area)
            if kind is None:
                continue
            for theme in dict.fromkeys(offer.themes):
                counts[area][theme][kind] += 1
    return {area: _supplies(by_theme) for area, by_theme in counts.items()}


def level_table(
    offers: Iterable[Offer], gazetteer: Gazetteer, level: str
) -> dict[str, dict[str, Supply]]:
    """Supply for every area of one level (buurt, wijk, gebied or stadsdeel)."""
    codes = [area.code for area in gazetteer.areas if area.level == level]
    return supply_table(offers, gazetteer, codes)


def _supplies(by_theme: Mapping[str, Mapping[str, int]]) -> dict[str, Supply]:
    return {
        theme: Supply(kinds.get(LOCAL, 0), kinds.get(STADSDEEL, 0), kinds.get(CITY, 0))
        for theme, kinds in by_theme.items()
    }
