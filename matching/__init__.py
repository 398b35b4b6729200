"""The pure-Python matcher: from a question in Dutch or English to the right local offers.

Nothing here knows about Telegram or the database. The bot builds a `Matcher` from the
offers it stores and asks it questions; files are read and written with `load_map` and
`dump_map`.
"""

from matching.gazetteer import Area, Gazetteer
from matching.matcher import InvalidMapError, Matcher
from matching.offer import Offer
from matching.resources import default_gazetteer, default_thesaurus, starter_map_path
from matching.results import AreaRef, Hit, NearbyOffer, SearchResult
from matching.socialmap import MapError, MapLoad, dump_map, dumps_map, load_map, parse_map
from matching.thesaurus import Tag, Thesaurus

__all__ = [
    "Area",
    "AreaRef",
    "Gazetteer",
    "Hit",
    "InvalidMapError",
    "MapError",
    "MapLoad",
    "Matcher",
    "NearbyOffer",
    "Offer",
    "SearchResult",
    "Tag",
    "Thesaurus",
    "default_gazetteer",
    "default_thesaurus",
    "dump_map",
    "dumps_map",
    "load_map",
    "parse_map",
    "starter_map_path",
]
