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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from matching.area_names import CITY_CODE
from matching.criteria import (
    LEVEL_VALUE,
    TEXT_AS_CONCEPT,
    Criterion,
    NameMatch,
    build_criteria,
)
from matching.fulltext import CLOSE_FORM
from matching.geo import haversine_m
from matching.index import MAX_FOCUS, NETWORK, MapIndex
from matching.ordering import ByLevels, BySets, Group, Key, Levels, best_groups
from matching.query import ParsedQuery
from matching.textquery import content_words

# Area relation, best first. "none" is used when the question names no area.
RELATIONS = ("exact", "within", "city", "adjacent", "sibling", "closest")
# What the displayed score (0-100) gives for the area relation and for staleness.
AREA_VALUE = {
    "none": 1.0,
    "exact": 1.0,
    "within": 0.85,
    "city": 0.75,
    "adjacent": 0.55,
    "sibling": 0.5,
    "closest": 0.45,
}
# How many places of an asked kind are offered when none is in the asked area itself.
CLOSEST_PLACES = 3
FRESH_VALUE = {0: 1.0, 1: 0.6, 2: 0.3}
# Questions of up to this many telling words are checked for words nothing knows.
SHORT_QUESTION = 3
# A word at least this frequent in Dutch (wordfreq's Zipf scale: "weer", "vandaag") does
# not, by occurring in an offer's text, make a short question about something we know.
EVERYDAY_ZIPF = 5.5
# How far the full text lifts a weaker match towards a declared one.
TEXT_SHARE = 0.7
# Extra offers opened per group, for those left out as the same place as an earlier one.
DUPLICATE_SLACK = 3
# Full-text relevance bands (share of the best offer's) for questions of loose words.
TEXT_BANDS = (0.9, 0.7, 0.5)


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
    # metres from the asked area, for places of an asked kind found outside it
    distances: dict[int, float] = field(default_factory=dict)


def _relation_sets(parsed: ParsedQuery, index: MapIndex) -> dict[str, set[int]]:
    """Offers that serve the asked areas, by how their areas relate to them."""
    asked = parsed.area_codes
    if not asked:
        return {}
    larger = {a for code in asked for a in index.gazetteer.ancestors(code)}
    # Amsterdam-wide offers serve every area in Amsterdam, not a town a map brought along
    in_city = CITY_CODE in larger
    return {
        "exact": index.offers_in(asked),
        "within": index.offers_declared_in(larger - {CITY_CODE}),
        "city": index.city_wide() if in_city else set(),
    }


def _nearby_sets(parsed: ParsedQuery, index: MapIndex) -> dict[str, set[int]]:
    """Offers in areas next to the asked ones: sharing a border, or the same parent."""
    gazetteer = index.gazetteer
    asked = parsed.area_codes
    larger = {a for code in asked for a in gazetteer.ancestors(code)}
    near = gazetteer.nearby(asked)

    def around(codes: list[str]) -> set[int]:
        # in a neighbouring area, or in a larger area around it that the asked one is not
        # in: Watergraafsmeer as a whole is near the Indische Buurt
        above = {a for code in codes for a in gazetteer.ancestors(code)} - larger - asked
        return index.offers_in(codes) | index.offers_declared_in(above)

    return {
        "adjacent": around([c for c, kind in near.items() if kind == "adjacent"]),
        "sibling": around([c for c, kind in near.items() if kind == "sibling"]),
    }


def _fit(pairs: list[tuple[Criterion, str]]) -> float:
    total = sum(c.weight for c, _level in pairs)
    return sum(c.weight * LEVEL_VALUE[level] for c, level in pairs) / total if total else 1.0


def relevance(
    levels: Levels, criteria: Sequence[Criterion], *, lift: bool = True
) -> tuple[float, float]:
    """How well a pattern of levels answers the question: (main fit, free-word fit), 0 to 1.

    Themes and target groups are what a question is about; its other words only refine
    the order among offers that fit those equally well (and after the area relation; the
    full text after freshness too). A question of free words only ("koffieochtend", "free
    haircut") is about those words: then they and the full text are the main fit.
    """
    pairs = list(zip(criteria, levels, strict=True))
    main = [(c, lv) for c, lv in pairs if c.is_concept]
    if not main:
        return round(_fit([(c, lv) for c, lv in pairs if not c.is_concept]), 3), 1.0
    fit = _fit(main)
    # On a coarsely tagged map an offer's own text counts beside its tags (see
    # criteria.text_criterion): a declared theme alone is weaker evidence there.
    for c, lv in pairs:
        if c.kind == "text" and c.blend:
            fit = (1 - c.blend) * fit * (c.bare if lv == "-" else 1.0) + c.blend * LEVEL_VALUE[lv]
    if fit < TEXT_AS_CONCEPT and any(c.kind == "text" and lv == "H" for c, lv in pairs):
        fit = TEXT_AS_CONCEPT
    # Below a declared match, how much of the question an offer's own text holds decides
    # among the weaker ones: a name or description naming the need, a related theme.
    # (With an area asked, the area comes first: then the text only orders within it.)
    text = next((LEVEL_VALUE[lv] for c, lv in pairs if c.kind == "text"), 0.0)
    if lift:
        fit += (1 - fit) * TEXT_SHARE * text
    return round(fit, 3), round(_fit([(c, lv) for c, lv in pairs if c.kind == "keyword"]), 3)


def text_fit(levels: Levels, criteria: Sequence[Criterion]) -> float:
    """How much of the question an offer's text holds, by its full-text level."""
    return next(
        (LEVEL_VALUE[lv] for c, lv in zip(criteria, levels, strict=True) if c.kind == "text"),
        0.0,
    )


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
        criterion = self._criteria[position]
        labels = criterion.labels
        while key not in self._sets:
            step = self._done.get(position, 0)
            seen = self._seen.setdefault(position, set())
            if labels[step] != "-":
                name = labels[step]
                part = (self._candidates & criterion.level(name)) - seen
                seen |= part
                self._sets[(position, name)] = part
            else:
                self._sets[(position, "-")] = self._candidates - seen
            self._done[position] = step + 1
        return self._sets[key]


def _patterns(
    criteria: Sequence[Criterion],
    candidates: set[int],
    wanted: int,
    *,
    all_levels: bool = False,
    lift: bool = True,
) -> list[tuple[Levels, set[int]]]:
    """The best level patterns, best first, until they hold `wanted` offers (ties kept).

    Patterns that meet no criterion at all are left out, unless `all_levels` is asked
    (for offers looked up by name, which need not match anything else).
    """
    if not criteria:
        return [((), candidates)]
    exclusive = _ExclusiveLevels(criteria, candidates)
    ranked = sorted(
        (
            (relevance(combo, criteria, lift=lift)[0], combo)
            for combo in itertools.product(*(c.labels for c in criteria))
        ),
        key=lambda scored: -scored[0],
    )
    found: list[tuple[Levels, set[int]]] = []
    count, last = 0, None
    for score, combo in ranked:
        if count >= wanted and score != last:
            break
        if score == 0.0 and not all_levels:
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


def rank(parsed: ParsedQuery, index: MapIndex, wanted: int) -> Ranking:
    """The best `wanted` offers for a parsed question, best first."""
    criteria = build_criteria(parsed, index)
    names = NameMatch.find(parsed, index)
    relations = _relation_sets(parsed, index)
    ranking = Ranking([], criteria, relations)
    text = next((c.text for c in criteria if c.text is not None), None)
    scores = text.scores if text is not None else {}
    candidates = _candidates(parsed, index, criteria, names, ranking, wanted=wanted)
    if not candidates:
        return ranking
    # offers named in the question, and places of the kind it names, need match nothing else
    special = candidates & (names.strong | _kind_set(parsed, index))
    lift = not relations
    bucket = _patterns(criteria, candidates - special, wanted, lift=lift)
    if special:
        bucket += _patterns(criteria, special, len(special), all_levels=True, lift=lift)
    groups = best_groups(
        bucket,
        _sort_keys(parsed, index, criteria, names, relations, distances=ranking.distances),
        wanted,
    )
    rows: list[Ranked] = []
    seen: set[tuple[str, ...]] = set()
    for group in groups:
        if len(rows) >= wanted:
            break
        # a few more than needed, in case some are the same place as one shown before
        more = wanted - len(rows) + DUPLICATE_SLACK
        for row in _open(group, criteria, names, index, more, text=scores):
            keys = index.place_keys(row.index)
            if seen.isdisjoint(keys):
                seen.update(keys)
                rows.append(row)
    ranking.rows = [_rounded(row) for row in rows[:wanted]]
    return ranking


def _candidates(
    parsed: ParsedQuery,
    index: MapIndex,
    criteria: list[Criterion],
    names: NameMatch,
    ranking: Ranking,
    *,
    wanted: int,
) -> set[int]:
    """Offers that answer the question and serve its area (or, failing that, are near it)."""
    concepts = [c for c in criteria if c.is_concept]
    keywords = [c for c in criteria if c.kind == "keyword"]
    text = next((c for c in criteria if c.kind == "text"), None)
    # offers whose text holds much of the question, whatever their tags
    # (beside themes or groups, only those that hold most of it)
    texts = text.admitted("H" if concepts else "HM") if text is not None else set()
    if not names.strong and _unknown_outweighs(parsed, index, text):
        return set()
    if not concepts and not names.strong and not texts and parsed.unknown:
        # Only free words (and perhaps an area), some unknown to every vocabulary and to
        # every offer's text: the question is not about anything we know.
        return set()
    themes = [c for c in criteria if c.kind == "theme"]
    # declared themes and groups, or their words; then what offers' own texts say
    direct: set[int] = set().union(*(c.pool("PDX") for c in themes or concepts or keywords))
    if not concepts and keywords:
        # Free words alone must name what an offer is, not just occur in its description
        # ("weer", "recept" and "dokter" do that in passing).
        direct &= index.offers_with_topic(c.word for c in keywords)
    direct |= names.strong
    loose = set().union(*(c.pool("NT") for c in themes or concepts)) | texts
    if not criteria and not names.strong:
        if not parsed.areas:
            return set()
        direct = set(range(len(index)))  # only an area: what works there
    relations = ranking.relation_sets

    def serving(offers: set[int]) -> set[int]:
        if not relations:
            return offers
        return set().union(*(offers & part for part in relations.values()))

    candidates = serving(direct | loose)
    # A merely related theme can only reach the answer beside another criterion, or when
    # too few offers answer directly; only then are its (many) offers looked up.
    asked = [c for c in criteria if c.kind != "text"]
    if themes and (len(asked) > 1 or len(candidates) < wanted):
        candidates |= serving(set().union(*(c.pool("R") for c in themes)))
    if relations and not candidates & direct:
        # Nothing declared for this need serves the area: offers declared for it next
        # door, or (when nothing is declared for it anywhere near) whose text says so.
        relations.update(_nearby_sets(parsed, index))
        around = relations["adjacent"] | relations["sibling"]
        near = direct & around
        if not near and not candidates & loose:
            near = loose & around
        candidates |= near
        ranking.used_nearby = bool(near)
    candidates |= _places_of_kind(parsed, index, ranking, serving)
    # an offer whose name the question spells out, area word and all ("circus elleboog"
    # names Circus Elleboog, not the Circusbuurt)
    area_words = {w for m in parsed.areas for w in m.text.split()}
    candidates |= {i for i in names.strong if area_words & set(index.name_words[i])}
    if not any(NETWORK in c.tags for c in parsed.concepts):
        # a wijktafel is a meeting of professionals, not help: only when asked for
        candidates -= index.networks - names.strong
    # a residence is shown only when asked for by its name
    candidates -= index.residential - names.strong - _kind_set(parsed, index)
    return candidates


def _unknown_outweighs(parsed: ParsedQuery, index: MapIndex, text: Criterion | None) -> bool:
    """A short question none of whose words is known as a whole (as a theme, area or place
    kind, or in an offer's text), only parts of compounds, is about something else:
    "voetbaluitslagen", "kerstmarkt 2026"."""
    content = content_words(parsed)
    if not content or len(content) > SHORT_QUESTION:
        return False
    if any(not m.partial for m in parsed.concepts) or parsed.place_kinds:
        return False  # a theme, group (an age) or kind of place is understood
    known = {w for m in parsed.concepts if not m.partial for w in m.text.split()}
    known.update(parsed.place_kind_words)
    forms = index.linguistics.forms
    if text is not None and text.text is not None:
        for word in text.text.words:
            # a word as common as "weer" (again) is in many texts and says nothing there
            if forms.zipf(word.word) >= EVERYDAY_ZIPF:
                continue
            # known as typed (or translated), or every word of a phrase or part of a
            # compound is
            wholes = word.whole_forms(CLOSE_FORM)
            if any(all(t.stem in index.text for t in whole) for whole in wholes):
                known.update(word.word.split())
    return not any(w in known for w in content)


def _kind_set(parsed: ParsedQuery, index: MapIndex, *, by_name: bool = True) -> set[int]:
    """Places of the kinds the question names ("buurtteam", "bibliotheek")."""
    sets = [index.kind_postings.get(k, set()) for k in parsed.place_kinds]
    if by_name:
        sets += [index.kind_named.get(k, set()) for k in parsed.place_kinds]
    return set().union(*sets)


def _places_of_kind(
    parsed: ParsedQuery, index: MapIndex, ranking: Ranking, serving: Callable[[set[int]], set[int]]
) -> set[int]:
    """The asked kind of place in the asked area; if there is none, the closest ones."""
    kind = _kind_set(parsed, index)
    if not kind:
        return set()
    relations = ranking.relation_sets
    found = serving(kind)
    if not relations or found & (relations["exact"] | relations["within"]):
        return found
    # None there: the closest few, measured from the middle of the asked area.
    centres = [c for code in parsed.area_codes if (c := index.gazetteer.centroid(code))]
    if not centres:
        return found
    lat = sum(c[0] for c in centres) / len(centres)
    lon = sum(c[1] for c in centres) / len(centres)
    located = [
        (haversine_m(lat, lon, offer.latitude, offer.longitude), i)
        for i in kind
        if (offer := index.offers[i]).latitude is not None and offer.longitude is not None
    ]
    closest = {i: distance for distance, i in sorted(located)[:CLOSEST_PLACES]}
    relations["closest"] = set(closest) - set().union(*relations.values())
    ranking.distances.update(closest)
    ranking.used_nearby = True
    return found | set(closest)


def _sort_keys(
    parsed: ParsedQuery,
    index: MapIndex,
    criteria: list[Criterion],
    names: NameMatch,
    relations: dict[str, set[int]],
    *,
    distances: dict[int, float],
) -> list[Key]:
    """What decides the order, most important first."""
    asked_tags = {t for c in criteria if c.mention is not None for t in c.mention.tags}
    named_after = index.offers_named_after(asked_tags)
    keys: list[Key] = [BySets("named", [("N", names.strong)], "-")]
    if parsed.place_kinds:
        # "buurtteam Oost" asks for buurtteam locations before anything else on the theme
        # ... first those that are one, then those whose name says they are in one
        what = _kind_set(parsed, index, by_name=False)
        keys.append(BySets("kind", [("K", what), ("k", _kind_set(parsed, index))], "-"))
    lift = not relations
    keys.append(ByLevels("main", lambda levels: relevance(levels, criteria, lift=lift)[0]))
    if relations:
        options = [(r, relations[r]) for r in RELATIONS if r in relations]
        keys.append(BySets("relation", options, "none"))
        if distances:
            # the closest places of an asked kind, nearest first
            by_distance = sorted(distances, key=distances.__getitem__)
            keys.append(BySets("distance", [(n, {i}) for n, i in enumerate(by_distance)], -1))
        keys.append(ByLevels("words", lambda levels: relevance(levels, criteria)[1]))
    else:
        # No area asked: the question's other words ("het landje playground"), then an
        # offer for the whole city before one for a part: it serves whoever asks.
        keys.append(ByLevels("words", lambda levels: relevance(levels, criteria)[1]))
        if not parsed.concepts:
            # a question of loose words: the texts that hold them best, wherever they work
            keys.append(_text_bands(criteria))
        keys.append(BySets("reach", [(n, index.reach[n]) for n in range(5)], 5))
    if parsed.concepts and not parsed.place_kinds:
        # a need ("eenzaamheid"): an initiative before a building when they fit equally well
        keys.append(BySets("initiative", [("I", index.not_places)], "-"))
    keys += [
        BySets("fresh", [(n, index.freshness[n]) for n in range(4)], 4),
        # more of the question in an offer's own text
        ByLevels("text", lambda levels: text_fit(levels, criteria)),
        # named after what was asked ("Juridisch Spreekuur" for legal aid)
        BySets("named_after", [(1, named_after)], 0),
        ByLevels("primary", lambda levels: sum(level == "P" for level in levels)),
    ]
    if not parsed.target_groups:
        # nobody said for whom: an offer for everyone before one for a narrow group
        keys.append(BySets("narrow", [(n, index.restrictions[n]) for n in range(4)], 4))
    # fewer themes: more about the one asked
    order = [*range(1, MAX_FOCUS + 1), 0]
    keys.append(BySets("focus", [(n, index.focus[n]) for n in order], MAX_FOCUS + 1))
    return keys


def _text_bands(criteria: list[Criterion]) -> Key:
    """Offers by their full-text relevance next to the best one's, in bands."""
    text = next((c.text for c in criteria if c.text is not None), None)
    scores = text.scores if text is not None else {}
    top = max(scores.values(), default=0.0) or 1.0
    bands: list[set[int]] = [set() for _ in TEXT_BANDS]
    for i, score in scores.items():
        band = next((n for n, floor in enumerate(TEXT_BANDS) if score >= floor * top), None)
        if band is not None:
            bands[band].add(i)
    return BySets("text_band", list(enumerate(bands)), len(TEXT_BANDS))


def _open(
    group: Group,
    criteria: list[Criterion],
    names: NameMatch,
    index: MapIndex,
    wanted: int,
    *,
    text: dict[int, float],
) -> list[Ranked]:
    """The best members of one group: names spelled out first, then by full-text relevance,
    then freshest."""
    members, labels = group.members, group.labels
    named = labels.get("named") == "N"
    relation = str(labels.get("relation", "none"))
    main, words = relevance(group.levels, criteria)
    rel = 1.0 if named or labels.get("kind") in ("K", "k") else 0.85 * main + 0.15 * words
    smaller, larger = sorted((names.candidates, members), key=len)
    with_name = [i for i in smaller if i in larger]
    picked = heapq.nsmallest(
        wanted, with_name, key=lambda i: (-names.fit(i), -text.get(i, 0.0), index.rank[i])
    )
    if len(picked) < wanted:
        rest = members.difference(with_name)
        picked += heapq.nsmallest(
            wanted - len(picked), rest, key=lambda i: (-text.get(i, 0.0), index.rank[i])
        )
    rows = []
    for i in picked:
        fresh = FRESH_VALUE[index.staleness[i]]
        fresh *= 0.9 if index.offers[i].last_verified is None else 1.0
        fit = names.fit(i)
        score = 100 * (0.65 * rel + 0.2 * AREA_VALUE[relation] + 0.1 * fresh + 0.05 * fit)
        rows.append(Ranked(i, score, relation, group.levels, fit, named))
    return rows


def _rounded(row: Ranked) -> Ranked:
    """The row with its own score rounded for display.

    The order comes from the sort keys, not from this score (which weighs fewer things), so
    a score can be higher than one above it in the list.
    """
    return Ranked(row.index, round(row.score, 1), row.relation, row.levels, row.name_fit, row.named)
