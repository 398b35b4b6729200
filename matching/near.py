"""A question asked from a shared location: offers that fit it, weighed by how far they are.

Relevance comes from the ordinary ranking (the question names no area); distance is then
taken off the score, so a good fit around the corner comes before an equally good one
across town, and a city-wide service (no single place) comes after nearby ones that fit as
well but before ones that are far away.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.area_names import CITY_CODE, LEVEL_RANK
from matching.geo import haversine_m
from matching.index import MapIndex
from matching.results import Hit

# Score points taken off per kilometre, and at most; and for offers without one place.
PER_KM = 8.0
MAX_PENALTY = 40.0
NO_PLACE_PENALTY = 12.0
# How many of the best-fitting offers are weighed by distance.
POOL = 80


@dataclass(frozen=True)
class NearHit:
    """An offer for a question near a point: the ordinary hit and its distance (if any)."""

    hit: Hit
    distance_m: float | None


def distance_cost(distance_m: float | None) -> float:
    """Score points a hit loses for its distance (None: no one place, a city-wide service)."""
    if distance_m is None:
        return NO_PLACE_PENALTY
    return min(MAX_PENALTY, PER_KM * distance_m / 1000)


def distance_to(
    index: MapIndex, i: int, lat: float, lon: float, here: str | None = None
) -> float | None:
    """Metres from a point to an offer: its address, else its smallest areas' centres.

    None for an offer with no one place that serves the point anyway: the whole city, or a
    stadsdeel or gebied around `here` (the buurt the point is in).
    """
    offer = index.offers[i]
    if offer.latitude is not None and offer.longitude is not None:
        return haversine_m(lat, lon, offer.latitude, offer.longitude)
    gazetteer = index.gazetteer
    units = [u for u in index.units[i] if u != CITY_CODE]
    if not units:
        return None
    level = {u: LEVEL_RANK[gazetteer.place_of(u).level] for u in units}
    if here is not None and any(
        level[u] < LEVEL_RANK["wijk"] and gazetteer.contains(u, here) for u in units
    ):
        return None
    finest = max(level.values())
    centres = [c for u in units if level[u] == finest and (c := gazetteer.centroid(u))]
    return min((haversine_m(lat, lon, *c) for c in centres), default=None)


def order_near(
    hits: list[Hit], index: MapIndex, positions: dict[str, int], lat: float, lon: float
) -> list[NearHit]:
    """Hits weighed by distance, best first (nearer first on equal weight)."""
    buurt = index.gazetteer.locate(lat, lon)
    here = buurt.code if buurt is not None else None
    keyed: list[tuple[tuple[float, float, str], NearHit]] = []
    fit = 100.0
    for hit in hits:
        # A hit's fit is capped by every hit ranked above it: a score weighs fewer things
        # than the ranking's order, and one ranked lower must not count as fitting better.
        fit = min(fit, hit.score)
        near = NearHit(hit, distance_to(index, positions[hit.id], lat, lon, here))
        distance = near.distance_m if near.distance_m is not None else float("inf")
        keyed.append(((-round(fit - distance_cost(near.distance_m), 1), distance, hit.id), near))
    return [near for _key, near in sorted(keyed, key=lambda pair: pair[0])]
