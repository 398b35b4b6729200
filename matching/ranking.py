"""Order the offers for a parsed question: theme fit, area relation, freshness.

Offers are not scored one by one. Each criterion of the question (a theme, a target group,
a free word) sorts the candidates into a few levels with set operations, so offers with
the same pattern of levels share one relevance. Patterns are visited best first, and only
the best ones are split further by area relation and freshness and opened to pick the top
offers in freshness order. A question with a common theme on a map of 100,000 offers thus
touches a few set intersections, not every offer.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from matching.area_names import CITY_CODE
from matching.criteria import LEVEL_VALUE, Criterion, NameMatch, build_criteria
from matching.index import MapIndex
from matching.query import ParsedQuery

# Area relation, best first. "none" is used when the question names no area.
RELATIONS = ("exact", "within", "city", "adjacent", "sibling")
RELATION_RANK = {"none": 0, **{name: rank for rank, name in enumerate(RELATIONS)}}
AREA_VALUE = {"none": 1.0, "exact": 1.0, "within": 0.85, "city": 0.75, "adjacent": 0.55}
AREA_VALUE["sibling"] = 0.5
FRESH_VALUE = {0: 1.0, 1: 0.6, 2: 0.3}
Levels = tuple[str, ...]
Key = tuple[Levels, bool, str, int]  # levels per criterion, named, relation, staleness


@dataclass(frozen=True)
class Ranked:
    """One offer in the answer, with what it matched."""

    index: int
    score: float
    relation: str
    levels: Levels
    name_fit: float
    named: bool


@dataclass
class Ranking:
    """The ranked offers for a question, and the criteria they were ranked by."""

    rows: list[Ranked]
    criteria: list[Criterion]
    relation_sets: dict[str, set[int]] = field(default_factory=dict)
    used_nearby: bool = False


def _relation_sets(parsed: ParsedQuery, index: MapIndex) -> dict[str, set[int]]:
    asked = parsed.area_codes
    if not asked:
        return {}
    gazetteer = index.gazetteer
    larger = {a for code in asked for a in gazetteer.ancestors(code)} - {CITY_CODE}
    near = gazetteer.nearby(asked)
    return {
        "exact": index.offers_in(asked),
        "within": index.offers_declared_in(larger),
        "city": set(index.city_wide()) if CITY_CODE not in asked else set(),
        "adjacent": index.offers_in(c for c, kind in near.items() if kind == "adjacent"),
        "sibling": index.offers_in(c for c, kind in near.items() if kind == "sibling"),
    }


def _fit(pairs: list[tuple[Criterion, str]]) -> float:
    total = sum(c.weight for c, _level in pairs)
    return sum(c.weight * LEVEL_VALUE[level] for c, level in pairs) / total if total else 1.0


def relevance(levels: Levels, criteria: Sequence[Criterion]) -> tuple[float, float]:
    """How well a pattern of levels answers the question: (main fit, free-word fit), 0 to 1.

    Themes and target groups are what a question is about; its other words only refine
    the order among offers that fit those equally well (and after the area relation).
    A question of free words only ("koffieochtend") is about those words.
    """
    pairs = list(zip(criteria, levels, strict=True))
    main = [(c, lv) for c, lv in pairs if c.kind != "keyword"]
    words = [(c, lv) for c, lv in pairs if c.kind == "keyword"]
    if not main:
        return round(_fit(words), 3), 1.0
    return round(_fit(main), 3), round(_fit(words), 3)


class _ExclusiveLevels:
    """Per criterion, the candidates at each level and no better one; built on demand."""

    def __init__(self, criteria: Sequence[Criterion], candidates: set[int]) -> None:
        self._criteria = criteria
        self._candidates = candidates
        self._sets: dict[tuple[int, str], set[int]] = {}
        self._seen: dict[int, set[int]] = {}
        self._done: dict[int, int] = {}

    def get(self, position: int, label: str) -> set[int]:
        key = (position, label)
        levels = self._criteria[position].levels
        while key not in self._sets:
            step = self._done.get(position, 0)
            seen = self._seen.setdefault(position, set())
            if step < len(levels):
                name, offers = levels[step]
                part = (self._candidates & offers) - seen
                seen |= part
                self._sets[(position, name)] = part
            else:
                self._sets[(position, "-")] = self._candidates - seen
            self._done[position] = step + 1
        return self._sets[key]


def _patterns(
    criteria: Sequence[Criterion], candidates: set[int], wanted: int
) -> list[tuple[Levels, set[int]]]:
    """The best level patterns, best first, until they hold `wanted` offers (ties kept)."""
    if not criteria:
        return [((), candidates)]
    combos = list(itertools.product(*(c.labels for c in criteria)))
    exclusive = _ExclusiveLevels(criteria, candidates)
    ranked = sorted(combos, key=lambda combo: -relevance(combo, criteria)[0])
    found: list[tuple[Levels, set[int]]] = []
    count, last = 0, None
    for combo in ranked:
        score = relevance(combo, criteria)[0]
        if count >= wanted and score != last:
            break
        if score == 0.0:
            break
        members: set[int] | None = None
        for position, label in enumerate(combo):
            part = exclusive.get(position, label)
            members = set(part) if members is None else members & part
            if not members:
                break
        if members:
            found.append((combo, members))
            count += len(members)
            last = score
    return found


def _split(
    members: set[int], options: Iterable[tuple[str, set[int]]], default: str
) -> list[tuple[str, set[int]]]:
    """Members by the first option they belong to."""
    parts: list[tuple[str, set[int]]] = []
    rest = members
    for label, offers in options:
        part = rest & offers
        if part:
            parts.append((label, part))
            rest = rest - part
    if rest:
        parts.append((default, rest))
    return parts


def rank(parsed: ParsedQuery, index: MapIndex, wanted: int) -> Ranking:
    """The best `wanted` offers for a parsed question, best first."""
    criteria = build_criteria(parsed, index)
    names = NameMatch.find(parsed, index)
    themes = [c for c in criteria if c.kind == "theme"]
    pool: set[int] = set().union(*(c.pool() for c in themes or criteria)) | names.strong
    relations = _relation_sets(parsed, index)
    ranking = Ranking([], criteria, relations)
    if not criteria and not names.strong:
        # Only an area ("wat is er in Osdorp?"): list what works there, unless the
        # question also holds words nobody knows, which we would be ignoring.
        if not parsed.areas or parsed.unknown:
            return ranking
        pool = set(range(len(index)))
    candidates = pool
    if relations:
        candidates = set().union(*(pool & relations[r] for r in ("exact", "within", "city")))
        # Nearby offers come in only when no offer that truly answers the question (not
        # just a related theme) serves the area itself.
        good = set().union(*(c.pool("PDX") for c in themes or criteria)) | names.strong
        if not candidates & good:
            near = good & (relations["adjacent"] | relations["sibling"])
            candidates |= near
            ranking.used_nearby = bool(near)
    if not candidates:
        return ranking
    named = candidates & names.strong
    chosen = _patterns(criteria, candidates - named, wanted)
    if named:
        chosen += _patterns(criteria, named, len(named))
    groups: list[tuple[Key, set[int]]] = []
    stale = [("2", index.stale_offers[2]), ("1", index.stale_offers[1])]
    place = [(r, relations[r]) for r in RELATIONS] if relations else []
    for levels, members in chosen:
        for is_named, part in _split(members, [("N", names.strong)], "-"):
            for relation, near in _split(part, place, "none"):
                for staleness, same in _split(near, stale, "0"):
                    groups.append(((levels, is_named == "N", relation, int(staleness)), same))
    groups.sort(key=lambda group: _order(group[0], criteria))
    rows: list[Ranked] = []
    for key, members in groups:
        if len(rows) >= wanted:
            break
        rows.extend(
            _open(
                key, members, criteria=criteria, names=names, index=index, wanted=wanted - len(rows)
            )
        )
    ranking.rows = _monotone(rows)
    return ranking


def _order(key: Key, criteria: Sequence[Criterion]) -> tuple[float, ...]:
    levels, named, relation, stale = key
    main, words = relevance(levels, criteria)
    return (
        not named,
        -main,
        stale == 2,
        RELATION_RANK[relation],
        -words,
        stale,
        -sum(level == "P" for level in levels),
    )


def _open(
    key: Key,
    members: set[int],
    *,
    criteria: Sequence[Criterion],
    names: NameMatch,
    index: MapIndex,
    wanted: int,
) -> list[Ranked]:
    """The best members of one group: names spelled out first, then freshest."""
    levels, named, relation, stale = key
    main, words = relevance(levels, criteria)
    rel = 1.0 if named else 0.85 * main + 0.15 * words
    smaller, larger = sorted((names.candidates, members), key=len)
    with_name = [i for i in smaller if i in larger]
    picked = heapq.nsmallest(wanted, with_name, key=lambda i: (-names.fit(i), index.rank[i]))
    if len(picked) < wanted:
        rest = members.difference(with_name)
        picked += heapq.nsmallest(wanted - len(picked), rest, key=index.rank.__getitem__)
    rows = []
    for i in picked:
        fresh = FRESH_VALUE[stale] * (0.9 if index.offers[i].last_verified is None else 1.0)
        fit = names.fit(i)
        score = 100 * (0.65 * rel + 0.2 * AREA_VALUE[relation] + 0.1 * fresh + 0.05 * fit)
        rows.append(Ranked(i, score, relation, levels, fit, named))
    return rows


def _monotone(rows: list[Ranked]) -> list[Ranked]:
    """Scores that never rise down the list, rounded for display."""
    fixed: list[Ranked] = []
    ceiling = 100.0
    for row in rows:
        ceiling = min(ceiling, row.score)
        fixed.append(
            Ranked(row.index, round(ceiling, 1), row.relation, row.levels, row.name_fit, row.named)
        )
    return fixed
