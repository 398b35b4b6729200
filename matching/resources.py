"""Where the data shipped in the `content` package lives, and the defaults built from it."""

from __future__ import annotations

import math
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from matching.gazetteer import Gazetteer
from matching.lexicon import Lexicon
from matching.linguistics import Linguistics
from matching.normalise import fold
from matching.services import PlaceServices
from matching.thesaurus import Thesaurus
from matching.wordforms import WordForms

# English words this common (wordfreq's Zipf scale) are real words, never typos to correct.
ENGLISH_WORD_ZIPF = 4.0


def content_file(*parts: str) -> Traversable:
    """A file inside the installed `content` package."""
    node = files("content")
    for part in parts:
        node = node.joinpath(part)
    return node


def _path(*parts: str) -> Path | None:
    node = content_file(*parts)
    if not node.is_file():
        return None
    # Installed as a directory tree (also when editable), so this path stays valid.
    with as_file(node) as path:
        return Path(path)


def _required(*parts: str) -> Path:
    """A content file the matcher cannot work without: a broken install says so, rather
    than answering every question with nothing."""
    path = _path(*parts)
    if path is None:
        raise FileNotFoundError(f"content/{'/'.join(parts)} is missing: reinstall Wijkwijzer")
    return path


def areas_dir() -> Path:
    """The folder with the gazetteer files."""
    return _required("areas", "amsterdam_areas.csv").parent


def thesaurus_path() -> Path | None:
    """The bundled thesaurus, if present."""
    return _path("thesaurus.json")


def starter_map_path() -> Path | None:
    """The bundled starter social map, if present."""
    return _path("social_map", "starter.jsonl")


@cache
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer with aliases, legacy names and buurt outlines (built once)."""
    folder = areas_dir()
    return Gazetteer.load(
        folder / "amsterdam_areas.csv",
        legacy_csv=folder / "amsterdam_areas_legacy.csv",
        aliases_json=folder / "aliases.json",
        buurt_polygons=folder / "buurten_2022_wgs84.geojson",
    )


@cache
def default_thesaurus() -> Thesaurus:
    """The bundled thesaurus (built once)."""
    return Thesaurus.load(_required("thesaurus.json"))


def places_path() -> Path | None:
    """The bundled municipal facilities (Gemeente Amsterdam open data), if present."""
    return _path("places", "welfare_facilities.jsonl")


def lexicon_path() -> Path | None:
    """The bundled English ↔ Dutch welfare lexicon, if present."""
    return _path("lexicon.json")


@cache
def default_linguistics() -> Linguistics:
    """Snowball stems (the original Dutch algorithm), compound parts from wordfreq's Dutch
    word frequencies, and the bundled lexicon (built once)."""
    import Stemmer  # noqa: PLC0415 - C extension, loaded only when a matcher is built
    import wordfreq  # noqa: PLC0415 - reads its word lists on first use

    frequencies: dict[str, float] = {}
    for word, share in wordfreq.get_frequency_dict("nl", wordlist="small").items():
        folded = fold(word)
        if folded and " " not in folded:
            zipf = math.log10(share) + 9 if share > 0 else 0.0
            frequencies[folded] = max(frequencies.get(folded, 0.0), zipf)
    lexicon = Lexicon.load(_required("lexicon.json"))
    thesaurus_words = {w for w in default_thesaurus().words if w.isalpha()}
    forms = WordForms(frequencies, Stemmer.Stemmer("dutch_porter"), extra_words=thesaurus_words)
    services_path = _path("place_services.json")
    services = PlaceServices.load(services_path) if services_path else PlaceServices()
    english = frozenset(
        folded
        for word, share in wordfreq.get_frequency_dict("en", wordlist="small").items()
        if share > 0
        and math.log10(share) + 9 >= ENGLISH_WORD_ZIPF
        and (folded := fold(word)).isalpha()
    )
    return Linguistics(forms, lexicon, services, english)
