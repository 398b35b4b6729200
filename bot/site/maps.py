"""The map on the offer and area pages, and the language of the map's own texts.

The map is an enhancement: every page lists its offers as text, and each list item that has
a place carries it (`data-lat`, `data-lon`, `data-name`). `static/map.js` draws those
places with Leaflet, shipped in `static/leaflet/` (see its SOURCE), on OpenStreetMap's
tiles; without JavaScript the page is complete. Only pages with at least one place load
Leaflet.

The tiles are the one thing a page loads from elsewhere: the Content-Security-Policy
(bot/site/pages.py) allows images from `TILE_SERVER` and nothing else new. The pages send no
Referer (`Referrer-Policy: no-referrer`); the tile images alone send the site's origin
(`TILE_REFERRER`, no path and so no question), as OpenStreetMap's tile policy asks. No
cookies, no trackers: the tile server sees an address and the origin, as with any image.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.i18n import Translator
from bot.socialmap.facilities import fields_of
from matching.offer import Offer

TILE_SERVER = "https://tile.openstreetmap.org"
TILE_URL = TILE_SERVER + "/{z}/{x}/{y}.png"
TILE_REFERRER = "strict-origin"
COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"
# The social map is written in Dutch; the format has no field for a text's language
# (`languages` are the languages spoken there).
MAP_LANGUAGE = "nl"


@dataclass(frozen=True)
class MapView:
    """What map.js needs besides the places: the container's name and the tiles' credit."""

    label: str
    attribution: str
    zoom_in: str
    zoom_out: str
    tiles: str = TILE_URL
    copyright_url: str = COPYRIGHT_URL
    referrer: str = TILE_REFERRER


def has_place(offer: Offer) -> bool:
    """Whether the map knows where the offer is."""
    return offer.latitude is not None and offer.longitude is not None


def map_view(t: Translator, offers: Iterable[Offer], label: str) -> MapView | None:
    """The map for these offers, or None when none of them has a place (then the page loads
    no Leaflet at all)."""
    if not any(has_place(offer) for offer in offers):
        return None
    return MapView(
        label=label,
        attribution=t("web.map.attribution"),
        zoom_in=t("web.map.zoom_in"),
        zoom_out=t("web.map.zoom_out"),
    )


def text_language(page_language: str) -> str | None:
    """The `lang` of the map's own texts (names, schedules) on a page in this language: None
    where it is the page's language already."""
    return None if page_language == MAP_LANGUAGE else MAP_LANGUAGE


def description_language(page_language: str, offer: Offer) -> str | None:
    """The `lang` of an offer's description: generated ones are in the reader's language,
    written ones in the map's."""
    if fields_of(offer) is not None:
        return None
    return text_language(page_language)
