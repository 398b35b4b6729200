"""Making imported offers exact: a coarse area becomes the buurt of the coordinates.

Open data often names only a stadsdeel ("Oost") while giving the exact coordinates of the
place. `place_offer` swaps such coarse areas for the buurt the point lies in, found by
point-in-polygon on the bundled buurt outlines (`Gazetteer.locate`, an exact ray-casting
test). A point outside every buurt keeps the areas it had.

`repair_text` puts back letters that an export lost as `?` (`Hygi?astraat`), but only when
exactly one known word fits; anything else is left as it is (fuzzy matching still finds it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from matching.gazetteer import Gazetteer
from matching.offer import Offer

# Areas at these levels say too little about where a place with coordinates really is.
COARSE_LEVELS = frozenset({"gemeente", "stadsdeel"})

# Words with a non-ASCII letter that Amsterdam's data uses (street names, loan words).
KNOWN_WORDS = (
    "Allebé",
    "café",
    "Carré",
    "coöp",
    "Haëzer",
    "Hygiëa",
    "Israël",
    "Paré",
    "Thomée",
    "Vättern",
)

_LOST_WORD = re.compile(r"[^\W\d_]*\?[^\W\d_?]*(?:\?[^\W\d_?]*)*")


def _masked(word: str) -> str:
    """The word as an export that lost its non-ASCII letters writes it."""
    return "".join(c if c.isascii() else "?" for c in word).casefold()


def _fits(lost: str, word: str) -> str | None:
    """`lost` with `word` put back, when `word` (maybe inside a compound) explains every `?`."""
    masked = _masked(word)
    if "?" not in masked:
        return None
    folded = lost.casefold()
    found: set[str] = set()
    start = folded.find(masked)
    while start >= 0:
        end = start + len(masked)
        if "?" not in folded[:start] + folded[end:]:
            inner = word if lost[start : start + 1].isupper() else word[:1].lower() + word[1:]
            if start == 0 and lost[:1].isupper():
                inner = word[:1].upper() + word[1:]
            found.add(lost[:start] + inner + lost[end:])
        start = folded.find(masked, start + 1)
    return found.pop() if len(found) == 1 else None


def repair_text(text: str, known: Iterable[str] = KNOWN_WORDS) -> str:
    """`text` with every `?`-word that fits exactly one known word spelled as that word."""
    if "?" not in text:
        return text
    words = tuple(known)

    def fix(match: re.Match[str]) -> str:
        lost = match.group(0)
        if not lost.strip("?"):
            return lost  # a question mark on its own is punctuation
        fits = {fixed for w in words if (fixed := _fits(lost, w)) is not None}
        return fits.pop() if len(fits) == 1 else lost

    return _LOST_WORD.sub(fix, text)


def is_coarse(areas: Iterable[str], gazetteer: Gazetteer) -> bool:
    """True when every area is the city or a stadsdeel (or there are none)."""
    for name in areas:
        place = gazetteer.resolve(name, fuzzy=False)
        if place is None or place.level not in COARSE_LEVELS:
            return False
    return True


def _area_name(code: str, gazetteer: Gazetteer) -> str:
    """The buurt's name when that name means exactly this buurt, else its code."""
    area = gazetteer.area(code)
    if area is None:
        return code
    place = gazetteer.resolve(area.name, fuzzy=False)
    return area.name if place is not None and place.codes == (code,) else code


def place_offer(offer: Offer, gazetteer: Gazetteer, known: Iterable[str] = KNOWN_WORDS) -> Offer:
    """The offer with its coarse areas replaced by its buurt and lost letters put back."""
    changed: dict[str, object] = {}
    for field in ("name", "description", "address"):
        value = getattr(offer, field)
        if isinstance(value, str) and (fixed := repair_text(value, known)) != value:
            changed[field] = fixed
    lat, lon = offer.latitude, offer.longitude
    if lat is not None and lon is not None and is_coarse(offer.areas, gazetteer):
        buurt = gazetteer.locate(lat, lon)
        if buurt is not None:
            changed["areas"] = (_area_name(buurt.code, gazetteer),)
    return replace(offer, **changed) if changed else offer  # type: ignore[arg-type]


def place_offers(
    offers: Iterable[Offer], gazetteer: Gazetteer, known: Iterable[str] = KNOWN_WORDS
) -> tuple[Offer, ...]:
    """`place_offer` for every offer, in order."""
    words = tuple(known)
    return tuple(place_offer(offer, gazetteer, words) for offer in offers)
