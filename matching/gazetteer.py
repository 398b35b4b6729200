"""Amsterdam's areas: names, codes, hierarchy, neighbours, and finding them in text."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from matching.area_names import (
    ALIAS,
    CITY_CODE,
    CITY_NAME,
    CITY_NAMES,
    LEGACY,
    LEVEL_RANK,
    LegacyUnit,
    NameTable,
    Place,
    Unit,
    add_official,
    map_legacy,
)
from matching.geo import Polygon, PolygonIndex, adjacency, load_buurt_polygons
from matching.normalise import fold
from matching.vocabulary import PhraseIndex, PhraseMatch

# Codes of places outside Amsterdam that a social map names (with_places).
ELSEWHERE_PREFIX = "ELSEWHERE-"
_CBS_PREFIX = re.compile(r"^(BU|WK)0363")
_CODE_TOKEN = re.compile(r"^(?=.*\d)[a-z0-9]{3,10}$")


@dataclass(frozen=True)
class Area:
    """An official area: stadsdeel, gebied, wijk or buurt (or the city itself)."""

    code: str
    name: str
    level: str
    parent_code: str | None
    lat: float | None
    lon: float | None


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


def read_areas_csv(path: Path | str) -> list[Area]:
    """Areas from the gazetteer CSV (level,code,name,parent_code,lat,lon,source)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return [
            Area(
                row["code"],
                row["name"],
                row["level"],
                row["parent_code"] or None,
                _float(row["lat"]),
                _float(row["lon"]),
            )
            for row in csv.DictReader(handle)
        ]


def read_legacy_csv(path: Path | str) -> list[LegacyUnit]:
    """Areas of the previous indeling, same columns, without coordinates."""
    return [LegacyUnit(a.code, a.name, a.level, a.parent_code) for a in read_areas_csv(path)]


# Words before an area's name that say its level ("Stadsdeel Oost", "wijk De Pijp") and
# remarks after it ("Oost (heel stadsdeel)", "Amsterdam en omgeving").
_LEVEL_WORD = re.compile(r"^\s*(?:stadsdeel|gebied|wijk|buurt|gemeente|district)\s+", re.I)
_REMARK = re.compile(r"\s*(?:\(.*\)|\b(?:en omgeving|e\.o\.))\s*$", re.I)


def _bare_name(text: str) -> str:
    """An area name without a level word before it or a remark after it."""
    return _REMARK.sub("", _LEVEL_WORD.sub("", text)).strip()


class Gazetteer:
    """The area hierarchy with every name, alias, legacy name and code it answers to."""

    def __init__(
        self,
        areas: Iterable[Area],
        *,
        legacy: Iterable[LegacyUnit] = (),
        aliases: Iterable[Mapping[str, object]] = (),
        buurt_polygons: Path | str | None = None,
    ) -> None:
        listed = list(areas)
        # kept to build a gazetteer with places elsewhere beside these (with_places)
        self._built = (listed, list(legacy), list(aliases))
        buurten = [a for a in listed if a.level == "buurt" and a.lat is not None]
        city = Area(
            CITY_CODE,
            CITY_NAME,
            "gemeente",
            None,
            fmean(a.lat for a in buurten if a.lat is not None) if buurten else None,
            fmean(a.lon for a in buurten if a.lon is not None) if buurten else None,
        )
        self._areas: dict[str, Area] = {CITY_CODE: city}
        for area in listed:
            parent = area.parent_code or (CITY_CODE if area.level == "stadsdeel" else None)
            self._areas[area.code] = Area(
                area.code, area.name, area.level, parent, area.lat, area.lon
            )
        self._children: dict[str, list[str]] = defaultdict(list)
        for area in self._areas.values():
            if area.parent_code:
                self._children[area.parent_code].append(area.code)
        self.problems: list[str] = []
        # Folded English aliases ("Canal Belt"): understood in any question, but never
        # offered as a suggestion in a Dutch reply.
        self.english_names: set[str] = set()
        self._names = NameTable(
            {c: a.level for c, a in self._areas.items()}, self.ancestors, self.children
        )
        self._legacy_codes: dict[str, Place] = {}
        self._add_names(listed, *self._built[1:])
        self.index: PhraseIndex[Place] = PhraseIndex(self._names.entries())
        self._polygon_path = buurt_polygons
        self._polygons: list[Polygon] | None = None
        self._polygon_index: PolygonIndex | None = None
        self._adjacent: dict[str, set[str]] | None = None

    @classmethod
    def load(
        cls,
        areas_csv: Path | str,
        legacy_csv: Path | str | None = None,
        aliases_json: Path | str | None = None,
        buurt_polygons: Path | str | None = None,
    ) -> Gazetteer:
        """Read the gazetteer files; every path but the first is optional."""
        aliases: list[Mapping[str, object]] = []
        if aliases_json is not None and Path(aliases_json).exists():
            aliases = json.loads(Path(aliases_json).read_text(encoding="utf-8"))
        return cls(
            read_areas_csv(areas_csv),
            legacy=read_legacy_csv(legacy_csv) if legacy_csv else (),
            aliases=aliases,
            buurt_polygons=buurt_polygons,
        )

    def _add_names(
        self,
        listed: list[Area],
        legacy: list[LegacyUnit],
        aliases: list[Mapping[str, object]],
    ) -> None:
        city = self.place_of(CITY_CODE)
        for name in CITY_NAMES:
            self._names.add(name, city, ALIAS)
        add_official(self._names, [Unit(a.code, a.name, a.level) for a in listed])
        by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
        for area in listed:
            by_name[(area.level, fold(area.name))].append(area.code)
        legacy_names = {unit.code: unit.name for unit in legacy}
        for code, codes in map_legacy(legacy, by_name).items():
            place = self._names.place(legacy_names[code], codes)
            if place is not None:
                self._legacy_codes[code.upper()] = place
        for unit in legacy:
            place = self._legacy_codes.get(unit.code.upper())
            if place is not None:
                self._names.add(unit.name, place, LEGACY)
        for number, entry in enumerate(aliases, start=1):
            self._add_alias(number, entry)

    def _add_alias(self, number: int, entry: Mapping[str, object]) -> None:
        alias, covers = entry.get("alias"), entry.get("covers")
        if not isinstance(alias, str) or not isinstance(covers, list) or not covers:
            self.problems.append(f"alias {number}: needs 'alias' and a non-empty 'covers'")
            return
        codes: list[str] = []
        for code in covers:
            place = self._code_place(str(code))
            if place is None:
                self.problems.append(f"alias {alias!r}: unknown area code {code!r}")
                return
            codes.extend(place.codes)
        place = self._names.place(alias, codes)
        if place is not None:
            self._names.add(alias, place, ALIAS)
            if entry.get("kind") == "english":
                self.english_names.add(fold(alias))

    def with_places(
        self, names: Iterable[str], towns: Mapping[str, str] | None = None
    ) -> Gazetteer:
        """This gazetteer, and beside Amsterdam a place of its own for each of these names
        (see matching/elsewhere.py); each part of a hyphenated name ("Rijssen-Holten") is
        a name of it too, and so is each of `towns` (town → the name it lies in)."""
        listed, legacy, aliases = self._built
        extra: list[Area] = []
        more_aliases: list[Mapping[str, object]] = []
        codes: dict[str, str] = {}
        for name in dict.fromkeys(names):
            code = ELSEWHERE_PREFIX + fold(name).replace(" ", "-").upper()
            if code in self._areas or any(a.code == code for a in extra):
                continue
            codes[name] = code
            extra.append(Area(code, name, "gemeente", None, None, None))
            parts = [part for part in name.split("-") if len(part.strip()) > 2]
            if len(parts) > 1:
                more_aliases += [{"alias": part.strip(), "covers": [code]} for part in parts]
        for town, name in (towns or {}).items():
            if name in codes:
                more_aliases.append({"alias": town, "covers": [codes[name]]})
        return Gazetteer(
            [*listed, *extra],
            legacy=legacy,
            aliases=[*aliases, *more_aliases],
            buurt_polygons=self._polygon_path,
        )

    def is_elsewhere(self, code: str) -> bool:
        """True for a place outside Amsterdam that a map brought along (with_places)."""
        return code.startswith(ELSEWHERE_PREFIX)

    # Looking up

    def area(self, code: str) -> Area | None:
        """The area with this code (current codes, any case)."""
        return self._areas.get(code) or self._areas.get(code.upper())

    @property
    def areas(self) -> list[Area]:
        """Every area, the city first."""
        return list(self._areas.values())

    def place_of(self, code: str) -> Place:
        """The place that is exactly one official unit."""
        area = self._areas[code]
        return Place(area.name, (area.code,), area.level)

    def _code_place(self, text: str) -> Place | None:
        code = _CBS_PREFIX.sub("", text.strip().upper())
        if code in {CITY_CODE, "0363"}:
            return self.place_of(CITY_CODE)
        if code in self._areas:
            return self.place_of(code)
        return self._legacy_codes.get(code)

    def resolve(self, text: str, *, fuzzy: bool = True) -> Place | None:
        """The place a name or code stands for; small typing errors are forgiven."""
        by_code = self._code_place(text)
        if by_code is not None:
            return by_code
        match = self.index.lookup(text, fuzzy=False)
        if match is None:
            # "Stadsdeel Nieuw-West", "Oost (heel stadsdeel)": the name without its level
            # word or remark, before any typing error is looked for
            bare = _bare_name(text)
            if bare and bare != text:
                match = self.index.lookup(bare, fuzzy=False)
        if match is None and fuzzy:
            match = self.index.lookup(text, fuzzy=True)
        return next(iter(match.values)) if match else None

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Area names that look like an unknown one."""
        names: list[str] = []
        for key in self.index.closest(text, limit=limit * 3):
            for place in self.index.get(key):
                if place.name not in names:
                    names.append(place.name)
        return names[:limit]

    def scan(self, words: Sequence[str], known: Collection[str] = ()) -> list[PhraseMatch[Place]]:
        """Every area mentioned in a folded question, including codes like 'MF01'."""
        found = self.index.scan(words, known=known)
        for i, word in enumerate(words):
            if _CODE_TOKEN.match(word):
                place = self._code_place(word)
                if place is not None:
                    found.append(PhraseMatch(i, i + 1, word, word, frozenset({place}), "exact"))
        return found

    @property
    def words(self) -> set[str]:
        """Every word of every area name."""
        return self.index.words

    # Hierarchy

    def ancestors(self, code: str) -> list[str]:
        """Codes of the areas containing this one, nearest first, ending with the city."""
        chain: list[str] = []
        parent = self._areas[code].parent_code if code in self._areas else None
        while parent:
            chain.append(parent)
            parent = self._areas[parent].parent_code
        return chain

    def subtree(self, code: str) -> set[str]:
        """This area and every area inside it."""
        found = {code}
        stack = [code]
        while stack:
            for child in self._children.get(stack.pop(), ()):
                found.add(child)
                stack.append(child)
        return found

    def contains(self, outer: str, inner: str) -> bool:
        """True when `inner` is `outer` or lies inside it."""
        return outer == inner or outer in self.ancestors(inner)

    def children(self, code: str) -> list[str]:
        """Areas directly inside this one."""
        return list(self._children.get(code, ()))

    def siblings(self, code: str) -> list[str]:
        """Areas of the same level with the same parent."""
        parent = self._areas[code].parent_code
        level = self._areas[code].level
        if parent is None:
            return []
        return [c for c in self._children[parent] if c != code and self._areas[c].level == level]

    def neighbours(self, code: str) -> list[str]:
        """Areas of the same level that share a border with this one."""
        return sorted(self._adjacency().get(code, ()))

    def nearby(self, codes: Iterable[str]) -> dict[str, str]:
        """Areas next to a place: code → 'adjacent' (shares a border) or 'sibling'."""
        asked = set(codes)
        related = {a for c in asked for a in self.ancestors(c)} | {
            d for c in asked for d in self.subtree(c)
        }
        found: dict[str, str] = {}
        for code in sorted(asked):
            if code not in self._areas:
                continue
            # Stadsdelen all share the city as parent; only real borders make them near.
            if LEVEL_RANK[self._areas[code].level] >= LEVEL_RANK["gebied"]:
                for sibling in self.siblings(code):
                    found.setdefault(sibling, "sibling")
            for neighbour in self.neighbours(code):
                found[neighbour] = "adjacent"
        return {c: kind for c, kind in found.items() if c not in related}

    def centroid(self, code: str) -> tuple[float, float] | None:
        """(lat, lon) of an area's centroid, if known."""
        area = self._areas.get(code)
        if area is None or area.lat is None or area.lon is None:
            return None
        return (area.lat, area.lon)

    # Geometry (loaded on first use)

    def _load_polygons(self) -> list[Polygon]:
        if self._polygons is None:
            path = self._polygon_path
            self._polygons = load_buurt_polygons(path) if path and Path(path).exists() else []
        return self._polygons

    def _adjacency(self) -> dict[str, set[str]]:
        if self._adjacent is None:
            touching: dict[str, set[str]] = defaultdict(set)
            for buurt, others in adjacency(self._load_polygons()).items():
                if buurt not in self._areas:
                    continue
                mine = [buurt, *self.ancestors(buurt)]
                for other in others:
                    if other not in self._areas:
                        continue
                    theirs = [other, *self.ancestors(other)]
                    for a in mine:
                        for b in theirs:
                            if a != b and self._areas[a].level == self._areas[b].level:
                                touching[a].add(b)
            self._adjacent = dict(touching)
        return self._adjacent

    def prepare(self) -> None:
        """Load the buurt outlines and borders now rather than on the first question."""
        self._adjacency()
        if self._polygon_index is None:
            self._polygon_index = PolygonIndex(self._load_polygons())

    def locate(self, lat: float, lon: float) -> Area | None:
        """The buurt a point lies in, or None outside the city."""
        if self._polygon_index is None:
            self._polygon_index = PolygonIndex(self._load_polygons())
        code = self._polygon_index.locate(lat, lon)
        return self._areas.get(code) if code else None
