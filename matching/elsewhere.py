"""Social maps from outside Amsterdam: their own place names as places of their own.

A municipality's list, or another region's sociale kaart, names areas the Amsterdam
gazetteer does not hold ("Enschede", "Hof van Twente"). An import into the Amsterdam bot
rejects them (social-map-format: an unknown area is an error), but a search over such a
file (`wijkwijzer search --map`) should still answer as it would for Amsterdam: a question
naming "Enschede" asks for what works there. Each name the gazetteer cannot resolve, not
even as a typing error of an Amsterdam name, becomes a place beside Amsterdam: no parent,
no neighbours, and Amsterdam-wide offers do not serve it.
"""

from __future__ import annotations

from collections.abc import Iterable

from matching.gazetteer import Gazetteer


def names_elsewhere(names: Iterable[str], gazetteer: Gazetteer) -> list[str]:
    """The area names, in order and once each, that the gazetteer cannot resolve. On such a
    map, a name that is no Amsterdam name exactly is a town of its own too: "Borne" beside
    "Almelo" is no typing error of the buurt Borneo."""
    cleaned = list(dict.fromkeys(" ".join(name.split()) for name in names))
    if all(gazetteer.resolve(name) is not None for name in cleaned if name):
        return []
    return [name for name in cleaned if name and gazetteer.resolve(name, fuzzy=False) is None]


def gazetteer_for(names: Iterable[str], gazetteer: Gazetteer) -> Gazetteer:
    """The gazetteer with a place of its own for every name in `names` it lacks (itself
    when it lacks none)."""
    elsewhere = names_elsewhere(names, gazetteer)
    return gazetteer.with_places(elsewhere) if elsewhere else gazetteer
