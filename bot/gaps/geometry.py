"""The shapes of an area's parts for a map: the shipped buurt polygons grouped per part.

No GIS library: every buurt is drawn filled with the colour of the part (gebied or wijk)
it lies in, and the parts' outlines are the buurt edges that separate two parts or face
the outside. The source polygons share their boundary vertices exactly (see
`matching.geo.adjacency`), so an edge between two buurten of one part occurs twice and is
left out. Coordinates are projected equirectangularly: x is longitude scaled by the cosine
of the area's middle latitude, y is latitude, which is true to shape at a city's scale.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from statistics import fmean

from matching.gazetteer import Gazetteer
from matching.geo import Polygon, load_buurt_polygons
from matching.resources import areas_dir

POLYGONS_FILE = "buurten_2022_wgs84.geojson"
_PRECISION = 7  # decimals of a degree to which shared vertices are matched

Point = tuple[float, float]  # projected (x, y)
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class Part:
    """One part of the mapped area: its buurt rings, projected, and where its label goes."""

    code: str
    rings: tuple[tuple[Point, ...], ...]  # every ring of every buurt in it
    label_at: Point


@dataclass(frozen=True)
class AreaShapes:
    """The parts of an area, the outlines between them, and the bounding box."""

    area: str
    parts: tuple[Part, ...]
    outlines: tuple[Segment, ...]
    bbox: tuple[float, float, float, float]  # min x, min y, max x, max y


@cache
def buurt_polygons() -> tuple[Polygon, ...]:
    """The shipped buurt outlines (read once per process)."""
    return tuple(load_buurt_polygons(areas_dir() / POLYGONS_FILE))


def grouping(gazetteer: Gazetteer, area: str) -> tuple[tuple[str, str], ...]:
    """(buurt, part) for every buurt in `area`: the part is the child of `area` holding it."""
    pairs: list[tuple[str, str]] = []
    for child in sorted(gazetteer.children(area)):
        for code in sorted(gazetteer.subtree(child)):
            known = gazetteer.area(code)
            if known is not None and known.level == "buurt":
                pairs.append((code, child))
    return tuple(pairs)


def area_shapes(gazetteer: Gazetteer, area: str) -> AreaShapes:
    """The shapes of `area`'s parts (cached per process for each grouping)."""
    pairs = grouping(gazetteer, area)
    labels = tuple((child, gazetteer.centroid(child)) for child in sorted(gazetteer.children(area)))
    return _shapes(area, pairs, labels)


def _project(lon: float, lat: float, scale: float) -> Point:
    return (lon * scale, lat)


@cache
def _shapes(
    area: str,
    pairs: tuple[tuple[str, str], ...],
    labels: tuple[tuple[str, tuple[float, float] | None], ...],
) -> AreaShapes:
    part_of = dict(pairs)
    polygons = [p for p in buurt_polygons() if p.code in part_of]
    if not polygons:
        return AreaShapes(area, (), (), (0.0, 0.0, 1.0, 1.0))
    middle = (min(p.bbox[1] for p in polygons) + max(p.bbox[3] for p in polygons)) / 2
    scale = math.cos(math.radians(middle))
    rings: dict[str, list[tuple[Point, ...]]] = defaultdict(list)
    # Each edge, by its rounded end points in either order, with the parts it borders.
    edges: dict[frozenset[tuple[float, float]], list[str]] = defaultdict(list)
    drawn: dict[frozenset[tuple[float, float]], Segment] = {}
    for polygon in polygons:
        part = part_of[polygon.code]
        for ring in polygon.rings:
            rings[part].append(tuple(_project(x, y, scale) for x, y in ring))
            for (xa, ya), (xb, yb) in itertools.pairwise(ring):
                a = (round(xa, _PRECISION), round(ya, _PRECISION))
                b = (round(xb, _PRECISION), round(yb, _PRECISION))
                if a == b:
                    continue
                key = frozenset((a, b))
                edges[key].append(part)
                drawn[key] = (_project(xa, ya, scale), _project(xb, yb, scale))
    outlines = tuple(
        drawn[key] for key, parts in edges.items() if len(parts) == 1 or len(set(parts)) > 1
    )
    centroids = dict(labels)
    parts = tuple(
        Part(code, tuple(found), _label_point(centroids.get(code), found, scale))
        for code, found in sorted(rings.items())
    )
    xs = [x for part in parts for ring in part.rings for x, _ in ring]
    ys = [y for part in parts for ring in part.rings for _, y in ring]
    return AreaShapes(area, parts, outlines, (min(xs), min(ys), max(xs), max(ys)))


def _label_point(
    centroid: tuple[float, float] | None, rings: Sequence[tuple[Point, ...]], scale: float
) -> Point:
    if centroid is not None:
        lat, lon = centroid
        return _project(lon, lat, scale)
    return (
        fmean(x for ring in rings for x, _ in ring),
        fmean(y for ring in rings for _, y in ring),
    )
