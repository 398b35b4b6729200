"""Every name people use for an area, each tied to the official units it covers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from matching.normalise import fold

CITY_CODE = "GM0363"
CITY_NAME = "Amsterdam"
LEVELS = ("gemeente", "stadsdeel", "gebied", "wijk", "buurt")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

CITY_NAMES = (
    "Amsterdam",
    "heel Amsterdam",
    "gemeente Amsterdam",
    "Amsterdam breed",
    "Amsterdambreed",
    "stadsbreed",
    "stedelijk",
    "hele stad",
    "heel de stad",
    "overal",
    "Mokum",
    "city-wide",
    "citywide",
    "whole city",
    "the whole city",
    "all of Amsterdam",
    "everywhere",
)

# Where a name comes from decides which unit it means when two sources disagree:
# a curated alias beats an official name, which beats everything derived from names.
ALIAS, OFFICIAL, STRIPPED, BASE, PART, LEGACY = range(6)

_COMPASS = re.compile(
    r"[\s-]+(noord|oost|zuid|west|midden|centrum|noordoost|noordwest|zuidoost|zuidwest)$",
    re.IGNORECASE,
)
_MODIFIER = re.compile(r"^(oude|nieuwe|oud|nieuw|noord|oost|zuid|west)\s+(?!.*e\.o\.)(.+)$", re.I)
MODIFIERS = frozenset({"oude", "nieuwe", "oud", "nieuw", "noord", "oost", "zuid", "west"})
_BUURT = re.compile(r"^(.{5,}?)-?buurt$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(de|het|t)\s+")
_SURROUNDINGS = re.compile(r"\s+e\s*o$")  # "Hoofdweg e.o." (en omgeving) folds to "... e o"


@dataclass(frozen=True)
class Place:
    """What an area name stands for: one or more official units."""

    name: str
    codes: tuple[str, ...]
    level: str

    @property
    def code(self) -> str:
        """One code for the place; units of a combined name are joined with '+'."""
        return "+".join(self.codes)


@dataclass(frozen=True)
class Unit:
    """The parts of an official area needed to name it."""

    code: str
    name: str
    level: str


@dataclass(frozen=True)
class LegacyUnit:
    """An area of the previous (2015-2022) indeling."""

    code: str
    name: str
    level: str
    parent_code: str | None


class NameTable:
    """Folded name → place, keeping for each name the place from the best source."""

    def __init__(
        self,
        level_of: Mapping[str, str],
        ancestors: Callable[[str], list[str]],
        children: Callable[[str], list[str]],
    ) -> None:
        self._level_of = level_of
        self._ancestors = ancestors
        self._children = children
        self._best: dict[str, tuple[tuple[int, int, int], Place]] = {}

    def place(self, name: str, codes: Iterable[str]) -> Place | None:
        """A place over these codes: all buurten of a wijk become the wijk, and codes inside
        another listed code are dropped."""
        known = {c for c in codes if c in self._level_of}
        grown = True
        while grown:
            parents = {p for c in known for p in self._ancestors(c)[:1]} - known
            full = {p for p in parents if set(self._children(p)) <= known and p != CITY_CODE}
            grown = bool(full)
            known |= full
        kept = tuple(sorted(c for c in known if not set(self._ancestors(c)) & known))
        if not kept:
            return None
        level = min((self._level_of[c] for c in kept), key=LEVEL_RANK.__getitem__)
        return Place(name, kept, level)

    def add(self, name: str, place: Place, source: int, *, prefer_small: bool = False) -> None:
        """Offer a name; it is kept when no better source already claimed it."""
        key = fold(name)
        if not key:
            return
        size = LEVEL_RANK[place.level]
        # Same name at two official levels (Frankendael wijk and buurt): the larger one,
        # which contains the other. Parts of names: the smaller unit, which is more precise.
        rank = (source, -size if prefer_small else size, len(place.codes))
        self._store(key, rank, place)
        stripped = _SURROUNDINGS.sub("", _ARTICLE.sub("", key))
        if stripped != key and len(stripped) >= 4:
            self._store(stripped, (max(source, STRIPPED), *rank[1:]), place)

    def _store(self, key: str, rank: tuple[int, int, int], place: Place) -> None:
        current = self._best.get(key)
        if current is None or rank < current[0]:
            self._best[key] = (rank, place)

    def entries(self) -> list[tuple[str, Place]]:
        """(folded name, place) pairs."""
        found: list[tuple[str, Place]] = []
        for key, (rank, place) in sorted(self._best.items()):
            # "de pijp" means whatever "pijp" means, when "pijp" has the better source
            bare = self._best.get(_ARTICLE.sub("", key))
            found.append((key, bare[1] if bare is not None and bare[0] < rank else place))
        return found

    def get(self, key: str) -> Place | None:
        """The place a folded name stands for."""
        found = self._best.get(key)
        return found[1] if found else None


def add_official(table: NameTable, units: Iterable[Unit]) -> None:
    """Official names, their parts ('Oud-West, De Baarsjes'), and their bases ('Slotermeer')."""
    bases: dict[str, list[str]] = defaultdict(list)
    base_names: dict[str, str] = {}
    for unit in units:
        whole = table.place(unit.name, [unit.code])
        if whole is None:
            continue
        table.add(unit.name, whole, OFFICIAL)
        names = [unit.name]
        for part in re.split(r",\s*|\s*/\s*", unit.name):
            if part and part != unit.name:
                table.add(part, whole, PART, prefer_small=True)
                names.append(part)
        for name in names:
            # "Slotermeer-West" → "Slotermeer"; "Oude Pijp" → "Pijp"
            modified = _MODIFIER.match(name)
            for base in (_COMPASS.sub("", name), modified.group(2) if modified else name):
                # "Nieuw-West" → "Nieuw" would make every "nieuwe" an area
                if base != name and len(fold(base)) >= 4 and fold(base) not in MODIFIERS:
                    bases[fold(base)].append(unit.code)
                    base_names.setdefault(fold(base), base)
            # "Transvaalbuurt" is often just "de Transvaal"
            short = _BUURT.match(name)
            if short and " " not in short.group(1):
                table.add(short.group(1), whole, STRIPPED)
    for key, codes in bases.items():
        place = table.place(base_names[key], codes)
        if place is not None:
            table.add(base_names[key], place, BASE)


def map_legacy(
    legacy: list[LegacyUnit], current_by_name: Mapping[tuple[str, str], list[str]]
) -> dict[str, tuple[str, ...]]:
    """Legacy code → current codes: same name and level, else its legacy parts, else its parent.

    `current_by_name` maps (level, folded name) to current codes. Names are only compared
    within a level: the legacy gebied "West" lies in Noord, not in stadsdeel West.
    """
    by_code = {u.code: u for u in legacy}
    children: dict[str, list[str]] = defaultdict(list)
    for unit in legacy:
        if unit.parent_code:
            children[unit.parent_code].append(unit.code)
    mapped: dict[str, tuple[str, ...]] = {}

    def from_below(code: str) -> tuple[str, ...]:
        if code in mapped:
            return mapped[code]
        unit = by_code[code]
        same = current_by_name.get((unit.level, fold(unit.name)), [])
        if same:
            result: tuple[str, ...] = tuple(same)
        else:
            result = tuple(sorted({c for child in children[code] for c in from_below(child)}))
        mapped[code] = result
        return result

    for unit in legacy:
        from_below(unit.code)

    def from_above(code: str) -> tuple[str, ...]:
        if mapped.get(code):
            return mapped[code]
        parent = by_code[code].parent_code
        mapped[code] = from_above(parent) if parent in by_code else ()
        return mapped[code]

    for unit in legacy:
        from_above(unit.code)
    return {code: codes for code, codes in mapped.items() if codes}
