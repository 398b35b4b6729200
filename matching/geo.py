"""Distances, point-in-polygon, buurt adjacency, and a grid for nearest-point searches."""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EARTH_RADIUS_M = 6_371_008.8

Ring = list[tuple[float, float]]  # (lon, lat) pairs, as GeoJSON writes them


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


@dataclass(frozen=True)
class Polygon:
    """One buurt outline: outer ring and holes, with its bounding box."""

    code: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    def contains(self, lat: float, lon: float) -> bool:
        """True when the point lies inside the outer ring and outside every hole."""
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        outer, *holes = self.rings
        return _in_ring(lon, lat, outer) and not any(_in_ring(lon, lat, h) for h in holes)


def _polygons(geometry: dict[str, Any]) -> Iterator[list[Ring]]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def load_buurt_polygons(path: Path | str, code_field: str = "Buurtcode") -> list[Polygon]:
    """Buurt outlines from a GeoJSON file whose features carry the buurt code."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    found: list[Polygon] = []
    for feature in data["features"]:
        code = str(feature["properties"][code_field])
        for rings in _polygons(feature["geometry"]):
            clean = tuple([(float(x), float(y)) for x, y, *_ in ring] for ring in rings)
            xs = [x for x, _ in clean[0]]
            ys = [y for _, y in clean[0]]
            found.append(Polygon(code, clean, (min(xs), min(ys), max(xs), max(ys))))
    return found


class PolygonIndex:
    """Buurt outlines bucketed by grid cell, to find the one holding a point quickly.

    Most of the city lies in cells that no boundary crosses; such a cell belongs wholly to
    one buurt, found once and remembered, so most points need no polygon test at all.
    """

    def __init__(self, polygons: Iterable[Polygon], cell_deg: float = 0.0025) -> None:
        self._cell = cell_deg
        self._cells: dict[tuple[int, int], list[Polygon]] = defaultdict(list)
        self._crossed: set[tuple[int, int]] = set()
        self._whole: dict[tuple[int, int], str | None] = {}
        for polygon in polygons:
            x0, y0, x1, y1 = polygon.bbox
            for i in range(math.floor(y0 / cell_deg), math.floor(y1 / cell_deg) + 1):
                for j in range(math.floor(x0 / cell_deg), math.floor(x1 / cell_deg) + 1):
                    self._cells[(i, j)].append(polygon)
            for ring in polygon.rings:
                for (xa, ya), (xb, yb) in itertools.pairwise(ring):
                    self._cross(xa, ya, xb, yb)

    def _cell_of(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self._cell), math.floor(lon / self._cell))

    def _cross(self, xa: float, ya: float, xb: float, yb: float) -> None:
        # Sample the edge every tenth of a cell: a cell that an edge clips by less than
        # that may pass for a whole one, which misplaces points by a few metres at most.
        steps = max(1, math.ceil(max(abs(xb - xa), abs(yb - ya)) / (self._cell / 10)))
        for k in range(steps + 1):
            self._crossed.add(self._cell_of(ya + (yb - ya) * k / steps, xa + (xb - xa) * k / steps))

    def _test(self, lat: float, lon: float, cell: tuple[int, int]) -> str | None:
        for polygon in self._cells.get(cell, ()):
            if polygon.contains(lat, lon):
                return polygon.code
        return None

    def locate(self, lat: float, lon: float) -> str | None:
        """Code of the polygon containing the point, if any."""
        cell = self._cell_of(lat, lon)
        if cell in self._crossed:
            return self._test(lat, lon, cell)
        if cell not in self._whole:
            centre = ((cell[0] + 0.5) * self._cell, (cell[1] + 0.5) * self._cell)
            self._whole[cell] = self._test(*centre, cell)
        return self._whole[cell]


def adjacency(polygons: Iterable[Polygon], precision: int = 6) -> dict[str, set[str]]:
    """Buurten that touch: the source polygons share their boundary vertices exactly."""
    owners: dict[tuple[float, float], set[str]] = defaultdict(set)
    for polygon in polygons:
        for ring in polygon.rings:
            for x, y in ring:
                owners[(round(x, precision), round(y, precision))].add(polygon.code)
    touching: dict[str, set[str]] = defaultdict(set)
    for codes in owners.values():
        if len(codes) > 1:
            for code in codes:
                touching[code] |= codes - {code}
    return dict(touching)


class PointGrid:
    """Points in square cells of about a kilometre, searched ring by ring outwards."""

    def __init__(self, points: Iterable[tuple[int, float, float]], cell_m: float = 1000.0):
        self._cell_lat = cell_m / 111_320.0
        # Amsterdam's latitude fixes the length of a degree of longitude well enough.
        self._cell_lon = cell_m / (111_320.0 * math.cos(math.radians(52.37)))
        self._cell_m = cell_m
        self._cells: dict[tuple[int, int], list[tuple[int, float, float]]] = defaultdict(list)
        for item in points:
            self._cells[self._cell(item[1], item[2])].append(item)
        self.size = sum(len(v) for v in self._cells.values())

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self._cell_lat), math.floor(lon / self._cell_lon))

    def nearest(
        self, lat: float, lon: float, wanted: int, accept: set[int] | None = None
    ) -> list[tuple[float, int]]:
        """Up to `wanted` (distance in metres, item) pairs, closest first."""
        if not self._cells or wanted <= 0:
            return []
        ci, cj = self._cell(lat, lon)
        # Occupied cells by ring (Chebyshev distance in cells), nearest ring first: empty
        # rings cost nothing, so a point far outside the city is as cheap as one inside.
        rings: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for i, j in self._cells:
            rings[max(abs(i - ci), abs(j - cj))].append((i, j))
        found: list[tuple[float, int]] = []
        for radius in sorted(rings):
            for key in rings[radius]:
                for item, plat, plon in self._cells[key]:
                    if accept is None or item in accept:
                        found.append((haversine_m(lat, lon, plat, plon), item))
            # Everything within `radius` cells is certainly closer than anything beyond it.
            safe = radius * self._cell_m * 0.99
            done = sorted(found)
            if len(done) >= wanted and done[wanted - 1][0] <= safe:
                return done[:wanted]
        return sorted(found)[:wanted]
