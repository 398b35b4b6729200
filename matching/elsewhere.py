"""Social maps from outside Amsterdam: their own place names as places of their own.

A municipality's list, or another region's sociale kaart, names areas the Amsterdam
gazetteer does not hold ("Enschede", "Hof van Twente"). An import into the Amsterdam bot
rejects them (social-map-format: an unknown area is an error), but a search over such a
file (`wijkwijzer search --map`) should still answer as it would for Amsterdam: a question
naming "Enschede" asks for what works there. Each name the gazetteer cannot resolve, not
even as a typing error of an Amsterdam name, becomes a place beside Amsterdam: no parent,
no neighbours, and Amsterdam-wide offers do not serve it. A town such a map's addresses name
("Dokter Beensweg 21, Nijverdal"), whose offers all work in one of its places, is a name of
that place: "bijzondere bijstand nijverdal" asks for what works in Hellendoorn.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from matching.gazetteer import Gazetteer
from matching.offer import Offer

# "7441 AB Nijverdal": a Dutch postcode before the town
_POSTCODE = re.compile(r"^\d{4}\s?[a-z]{2}\s+", re.IGNORECASE)


def names_elsewhere(names: Iterable[str], gazetteer: Gazetteer) -> list[str]:
    """The area names, in order and once each, that the gazetteer cannot resolve. On such a
    map, a name that is no Amsterdam name exactly is a town of its own too: "Borne" beside
    "Almelo" is no typing error of the buurt Borneo."""
    cleaned = list(dict.fromkeys(" ".join(name.split()) for name in names))
    if all(gazetteer.resolve(name) is not None for name in cleaned if name):
        return []
    return [name for name in cleaned if name and gazetteer.resolve(name, fuzzy=False) is None]


def address_towns(offers: Iterable[Offer]) -> dict[str, str]:
    """Towns the offers' addresses end in, each with the one area all its offers work in
    (a town whose offers work in several areas, or named as an area itself, is left out)."""
    areas: dict[str, set[str]] = defaultdict(set)
    for offer in offers:
        if not offer.address or "," not in offer.address:
            continue
        town = " ".join(_POSTCODE.sub("", offer.address.rsplit(",", 1)[1].strip()).split())
        if town and not any(c.isdigit() for c in town):
            areas[town].update(offer.areas)
    return {
        town: next(iter(named))
        for town, named in areas.items()
        if len(named) == 1 and town.casefold() != next(iter(named)).casefold()
    }


def gazetteer_for(
    names: Iterable[str], gazetteer: Gazetteer, towns: Mapping[str, str] | None = None
) -> Gazetteer:
    """The gazetteer with a place of its own for every name in `names` it lacks, and the
    `towns` (see address_towns) that lie in one of those as names of it (itself when it
    lacks none)."""
    elsewhere = names_elsewhere(names, gazetteer)
    if not elsewhere:
        return gazetteer
    inside = {
        town: area
        for town, area in (towns or {}).items()
        if area in elsewhere and gazetteer.resolve(town, fuzzy=False) is None
    }
    return gazetteer.with_places(elsewhere, inside)
