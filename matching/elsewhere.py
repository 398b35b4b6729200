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
    """The area names, in order and once each, that the gazetteer cannot resolve."""
    found: dict[str, None] = {}
    for name in names:
        cleaned = " ".join(name.split())
        if cleaned and cleaned not in found and gazetteer.resolve(cleaned) is None:
            found[cleaned] = None
    return list(found)


def gazetteer_for(names: Iterable[str], gazetteer: Gazetteer) -> Gazetteer:
    """The gazetteer with a place of its own for every name in `names` it lacks (itself
    when it lacks none)."""
    elsewhere = names_elsewhere(names, gazetteer)
    return gazetteer.with_places(elsewhere) if elsewhere else gazetteer
