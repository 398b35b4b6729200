"""Where an offer works relative to an area, and how a question's answer went.

An offer is *local* to an area when one of its areas lies inside it, or holds it below the
stadsdeel (a wijk-wide offer is local to each of its buurten); *stadsdeel-wide* when only
a whole stadsdeel holding the area is named; *city-wide* when only the city is. Supply
and demand use the same reading, so "answered locally" and "local offers" agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from matching.area_names import CITY_CODE
from matching.gazetteer import Gazetteer
from matching.offer import Offer

LOCAL, STADSDEEL, CITY = "local", "stadsdeel", "city"
# How a question went, as kept in demand_questions.outcome.
GOOD, WIDE, NOTHING, REJECTED = "good", "wide", "nothing", "rejected"
OUTCOMES = (GOOD, WIDE, NOTHING, REJECTED)
# Channels, as kept in demand_questions.channel.
PRIVATE, GROUP, INLINE, WEB = "private", "group", "inline", "web"
_REACH_ORDER = (LOCAL, STADSDEEL, CITY)


def units(gazetteer: Gazetteer, offer: Offer) -> tuple[str, ...]:
    """The official area codes an offer's area names stand for."""
    codes: list[str] = []
    for name in offer.areas:
        place = gazetteer.resolve(name)
        if place is not None:
            codes.extend(code for code in place.codes if code not in codes)
    return tuple(codes)


def reach(gazetteer: Gazetteer, offer_units: Iterable[str], area: str) -> str | None:
    """How an offer with these units serves `area`: LOCAL, STADSDEEL, CITY or None."""
    found: set[str] = set()
    for unit in offer_units:
        known = gazetteer.area(unit)
        if known is None:
            continue
        if unit == CITY_CODE:
            found.add(CITY)
        elif known.level == "stadsdeel":
            if gazetteer.contains(unit, area):
                found.add(STADSDEEL)
        elif gazetteer.contains(area, unit) or gazetteer.contains(unit, area):
            found.add(LOCAL)
    return next((kind for kind in _REACH_ORDER if kind in found), None)


def outcome(gazetteer: Gazetteer, asked_areas: Iterable[str], offers: Iterable[Offer]) -> str:
    """GOOD, WIDE or NOTHING for the offers shown first in an answer.

    With areas asked, only an offer local to one of them (or for exactly that area, as an
    Oost-wide offer for a question about Oost) is a good answer; without, any answer is.
    """
    shown = list(offers)
    if not shown:
        return NOTHING
    areas = [code for code in asked_areas if code != CITY_CODE]
    if not areas:
        return GOOD
    for offer in shown:
        offer_units = units(gazetteer, offer)
        if any(
            area in offer_units or reach(gazetteer, offer_units, area) == LOCAL for area in areas
        ):
            return GOOD
    return WIDE


def area_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Single official codes from area references ('MF+MG' covers two units)."""
    found: list[str] = []
    for code in codes:
        found.extend(part for part in code.split("+") if part and part not in found)
    return tuple(found)
