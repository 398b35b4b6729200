"""Why an offer is in the answer, in words, in Dutch or English."""

from __future__ import annotations

from matching.area_names import CITY_CODE, LEVEL_RANK
from matching.criteria import Criterion
from matching.derived import opening_sentence
from matching.index import MapIndex
from matching.normalise import tokens
from matching.query import ParsedQuery
from matching.ranking import Ranked
from matching.thesaurus import Tag

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "name": "naam komt overeen met je vraag",
        "theme": "thema {label}",
        "mentions": "noemt '{word}'",
        "related": "verwant thema {label}",
        "group": "voor {label}",
        "keyword": "noemt '{word}'",
        "described": "beschrijving noemt '{word}'",
        "titled": "naam noemt '{word}'",
        "text": "gevonden in de tekst: {words}",
        "exact": "werkt in {area}",
        "site": "zit in {area}",
        "within": "werkt in heel {area}",
        "city": "werkt in heel Amsterdam",
        "nearby": "in de buurt: werkt in {area}, naast {asked}",
        "where": "werkt in {area}",
        "stale": "niet bevestigd sinds {when}",
        "kind": "is een {label}",
        "closest": "geen in {asked}; deze is het dichtstbij ({distance} vanaf het midden)",
    },
    "en": {
        "name": "name matches your question",
        "theme": "theme {label}",
        "mentions": "mentions '{word}'",
        "related": "related theme {label}",
        "group": "for {label}",
        "keyword": "mentions '{word}'",
        "described": "description mentions '{word}'",
        "titled": "name says '{word}'",
        "text": "found in its text: {words}",
        "exact": "works in {area}",
        "site": "located in {area}",
        "within": "works across {area}",
        "city": "works city-wide",
        "nearby": "nearby: works in {area}, next to {asked}",
        "where": "works in {area}",
        "stale": "not confirmed since {when}",
        "kind": "is a {label}",
        "closest": "none in {asked}; this is the closest ({distance} from its centre)",
    },
}
MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def _text(lang: str, key: str, **values: str) -> str:
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**values)


def _month(lang: str, month: int, year: int) -> str:
    return f"{MONTHS.get(lang, MONTHS['nl']).split()[month - 1]} {year}"


def _derived_reason(
    tags: frozenset[Tag], offer: int, index: MapIndex, lang: str, named: set[Tag]
) -> str | None:
    """Which word of an offer's own name or description names an asked theme or group."""
    record = index.offers[offer]
    title = tokens(record.name)
    described = tokens(record.description)
    found = index.tag_reader.read(title, described, phrases=described)
    for tag, word in index.tag_reader.lead_tags(opening_sentence(record.description)).items():
        found.setdefault(tag, word)
    for tag in sorted(tags & set(found)):
        named.add(tag)
        word = found[tag]
        in_title = all(w in title for w in word.split())
        return _text(lang, "titled" if in_title else "described", word=word)
    return None


def _text_reason(criterion: Criterion, offer: int, lang: str) -> str | None:
    """The question's words an offer's text holds, for an offer found by its text only."""
    scores = criterion.text
    words = scores.matched(offer) if scores is not None else None
    if not words:
        return None
    shown = ", ".join(f"'{w}'" for w in dict.fromkeys(words))
    return _text(lang, "text", words=shown)


def _concept_reason(
    criterion: Criterion,
    level: str,
    *,
    offer: int,
    offer_tags: frozenset[Tag],
    index: MapIndex,
    lang: str,
    named: set[Tag],
) -> str | None:
    """Why one criterion is met; `named` holds the tags already given as reasons."""
    thesaurus = index.thesaurus
    mention = criterion.mention
    if criterion.kind == "keyword":
        return _text(lang, "keyword", word=criterion.word) if level == "D" else None
    if mention is None:
        return None
    if level in ("N", "T"):
        return _derived_reason(mention.tags, offer, index, lang, named)
    if level in ("P", "D"):
        # a theme's label before a target group's, when a word names both
        tag = min(mention.tags & offer_tags or mention.tags, key=lambda t: (t.kind != "theme", t))
        named.add(tag)
        return _text(
            lang, "theme" if tag.kind == "theme" else "group", label=thesaurus.label(tag, lang)
        )
    if level == "X":
        return _text(lang, "mentions", word=mention.key)
    return _related_reason(mention.tags, offer_tags, index, lang, named) if level == "R" else None


def _related_reason(
    tags: frozenset[Tag], offer_tags: frozenset[Tag], index: MapIndex, lang: str, named: set[Tag]
) -> str | None:
    """The related theme an offer declares, once per answer line."""
    thesaurus = index.thesaurus
    related = {r for t in tags for r in thesaurus.related(t)} & offer_tags - named
    if not related:
        return None
    tag = min(related)
    named.add(tag)
    return _text(lang, "related", label=thesaurus.label(tag, lang))


def distance_text(metres: float, lang: str) -> str:
    """A distance as people say it: "350 m", "1,2 km" ("1.2 km" in English)."""
    if metres < 1000:
        return f"{round(metres, -1):.0f} m"
    km = f"{metres / 1000:.1f}"
    return f"{km.replace('.', ',') if lang != 'en' else km} km"


def _area_reason(
    row: Ranked, parsed: ParsedQuery, index: MapIndex, lang: str, distance: float | None
) -> str | None:
    gazetteer = index.gazetteer
    units = index.units[row.index]
    asked = parsed.area_codes
    asked_name = ", ".join(m.place.name for m in parsed.areas)

    def name(code: str) -> str:
        area = gazetteer.area(code)
        return area.name if area else code

    def smallest(codes: list[str]) -> str:
        return name(max(codes, key=lambda c: (LEVEL_RANK[gazetteer.place_of(c).level], c)))

    key, area = "where", ", ".join(index.area_names[row.index][:3])
    if row.relation == "city" or (row.relation == "none" and units == (CITY_CODE,)):
        key = "city"
    elif row.relation == "exact":
        inside = [u for u in units if any(gazetteer.contains(a, u) for a in asked)]
        site = index.sites[row.index]
        if inside:
            key, area = "exact", asked_name if asked <= set(units) else smallest(inside)
        elif site is not None:
            key, area = "site", name(site)
    elif row.relation == "within":
        larger = [u for u in units if any(gazetteer.contains(u, a) for a in asked)]
        key, area = "within", smallest(larger) if larger else area
    elif row.relation == "closest" and distance is not None:
        return _text(lang, "closest", asked=asked_name, distance=distance_text(distance, lang))
    elif row.relation in ("adjacent", "sibling"):
        near = gazetteer.nearby(asked)
        close = [u for u in units if any(gazetteer.contains(n, u) for n in near)]
        key, area = "nearby", smallest(close) if close else area
    if not area and key != "city":
        return None
    return _text(lang, key, area=area, asked=asked_name)


def reasons(
    row: Ranked,
    criteria: list[Criterion],
    parsed: ParsedQuery,
    index: MapIndex,
    lang: str,
    *,
    distance: float | None = None,
) -> tuple[str, ...]:
    """Short human-readable reasons for one ranked offer (`distance` for a closest place)."""
    found: list[str] = [_text(lang, "name")] if row.named else []
    kinds = [
        k
        for k in parsed.place_kinds
        if row.index in index.kind_postings.get(k, ()) or row.index in index.kind_named.get(k, ())
    ]
    if kinds:
        found.append(_text(lang, "kind", label=index.place_kinds.label(kinds[0], lang)))
    offer_tags = index.tags[row.index]
    named: set[Tag] = set()
    # Direct matches first, so that a related theme already named directly is left out.
    order = sorted(
        zip(criteria, row.levels, strict=True),
        key=lambda pair: (pair[1] not in "PD", pair[0].kind != "theme"),
    )
    for criterion, level in order:
        text = _concept_reason(
            criterion,
            level,
            offer=row.index,
            offer_tags=offer_tags,
            index=index,
            lang=lang,
            named=named,
        )
        if text and text not in found:
            found.append(text)
    concept_met = any(c.is_concept and lv != "-" for c, lv in order)
    if not concept_met and not row.named:
        for criterion, level in order:
            if criterion.kind == "text" and level != "-":
                text = _text_reason(criterion, row.index, lang)
                if text:
                    found.append(text)
    area = _area_reason(row, parsed, index, lang, distance)
    if area:
        found.append(area)
    verified = index.offers[row.index].last_verified
    if verified is not None and index.staleness[row.index]:
        found.append(_text(lang, "stale", when=_month(lang, verified.month, verified.year)))
    return tuple(found)
