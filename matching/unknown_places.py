"""Places named in a question that are not in Amsterdam ("eenzaamheid in Utrecht").

The matcher reads only Amsterdam's areas, so "Utrecht" would silently drop out of the
question (or worse, be read as a look-alike such as "Haarlem" → Haarlemmerbuurt). A name
after "in", "nabij", "near" or "around" that starts with a capital, is no Amsterdam area
(nor a typing error of one) and is no word the bot understands otherwise is such a place:
the bot says it does not know it, and answers the rest of the question. "bij" is left out:
"hulp bij Schulden" asks for help with something, not somewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from matching.common_words import COMMON_WORDS
from matching.gazetteer import Gazetteer
from matching.normalise import fold
from matching.stopwords import STOP_WORDS
from matching.suggestions import is_close

_NAME_WORD = r"[A-Z\u00c0-\u00de][\w'\u2019.]*"
_MENTION = re.compile(
    rf"\b(?i:in|nabij|near|around)\s+"
    rf"(?P<name>{_NAME_WORD}(?:[ -]{_NAME_WORD}){{0,2}})"
)


@dataclass(frozen=True)
class UnknownPlace:
    """A place name the gazetteer does not know, and where it stands in the question."""

    name: str
    start: int
    end: int


def _is_amsterdam(gazetteer: Gazetteer, name: str) -> bool:
    folded = fold(name)
    if gazetteer.resolve(name, fuzzy=False) is not None:
        return True
    place = gazetteer.resolve(name)
    # A typing error of an Amsterdam name ("Osdrop") is Amsterdam; a look-alike of a
    # different length ("Haarlem" for Haarlemmerbuurt) is not.
    return place is not None and is_close(folded, fold(place.name))


def find_unknown_place(
    text: str, gazetteer: Gazetteer, understood: Callable[[str], bool]
) -> UnknownPlace | None:
    """The first place named in the text that is not in Amsterdam, if any.

    `understood` tells whether the bot reads the name as something else it knows (a
    theme, an offer's name, a kind of place, a language).
    """
    for match in _MENTION.finditer(text):
        name = match.group("name").rstrip(".")
        words = fold(name).split()
        if not words or all(word in STOP_WORDS or word in COMMON_WORDS for word in words):
            continue
        if _is_amsterdam(gazetteer, name) or understood(name):
            continue
        return UnknownPlace(name, match.start(), match.start("name") + len(name))
    return None


def without_place(text: str, place: UnknownPlace) -> str:
    """The question with the unknown place (and its "in") left out."""
    return " ".join((text[: place.start] + " " + text[place.end :]).split())
