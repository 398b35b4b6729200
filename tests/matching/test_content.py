"""Smoke tests of the bundled content, and the purity of the matching package."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from matching.lexicon import Lexicon
from matching.matcher import Matcher
from matching.resources import (
    content_file,
    default_gazetteer,
    default_linguistics,
    default_thesaurus,
    lexicon_path,
    places_path,
    starter_map_path,
    thesaurus_path,
)
from matching.socialmap import load_map


def test_the_bundled_gazetteer_loads_without_problems() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.problems == []
    levels = [area.level for area in gazetteer.areas]
    assert levels.count("stadsdeel") == 9
    assert levels.count("gebied") == 25
    assert levels.count("wijk") == 110
    assert levels.count("buurt") == 518
    assert content_file("areas", "SOURCES.md").is_file()


# Every file the matcher reads from the content package: a file lost in packaging fails here
# (and the loaders of the areas, thesaurus and lexicon refuse to start without theirs).
BUNDLED = [
    ("areas", "amsterdam_areas.csv"),
    ("areas", "amsterdam_areas_legacy.csv"),
    ("areas", "aliases.json"),
    ("areas", "buurten_2022_wgs84.geojson"),
    ("thesaurus.json",),
    ("lexicon.json",),
    ("place_services.json",),
    ("social_map", "starter.jsonl"),
    ("places", "welfare_facilities.jsonl"),
    ("locales", "nl", "LC_MESSAGES", "wijkwijzer.po"),
    ("locales", "en", "LC_MESSAGES", "wijkwijzer.po"),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("parts", BUNDLED, ids="/".join)
def test_every_bundled_file_is_there(parts: tuple[str, ...]) -> None:
    assert content_file(*parts).is_file(), f"content/{'/'.join(parts)} is missing"


def test_a_lost_thesaurus_or_lexicon_is_an_error_not_an_empty_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from matching import resources

    monkeypatch.setattr(resources, "_path", lambda *_parts: None)
    for loader in (resources.default_thesaurus, resources.default_linguistics):
        loader.cache_clear()
        with pytest.raises(FileNotFoundError, match="is missing: reinstall"):
            loader()
        loader.cache_clear()


def test_every_bundled_file_goes_into_the_package() -> None:
    # The tests run on the source tree; an installed copy holds only what package-data names.
    with (ROOT / "pyproject.toml").open("rb") as handle:
        patterns = tomllib.load(handle)["tool"]["setuptools"]["package-data"]["content"]
    packaged = {path for pattern in patterns for path in (ROOT / "content").glob(pattern)}
    missing = [parts for parts in BUNDLED if ROOT.joinpath("content", *parts) not in packaged]
    assert missing == []


def test_the_bundled_thesaurus_loads_without_problems() -> None:
    assert thesaurus_path() is not None, "content/thesaurus.json is missing"
    thesaurus = default_thesaurus()
    assert thesaurus.problems == []
    assert thesaurus.lookup("eenzaamheid")


def test_the_bundled_lexicon_and_place_services_load() -> None:
    path = lexicon_path()
    assert path is not None, "content/lexicon.json is missing"
    assert len(Lexicon.load(path)) > 100
    linguistics = default_linguistics()
    assert len(linguistics.lexicon) == len(Lexicon.load(path))
    assert linguistics.services.services, "content/place_services.json read as empty"


def test_the_starter_map_and_the_places_are_valid() -> None:
    for path in (starter_map_path(), places_path()):
        assert path is not None, "a bundled map file is missing"
        loaded = load_map(path, default_gazetteer())
        assert loaded.ok, loaded.errors[:5]
        assert loaded.offers


def test_the_starter_map_answers() -> None:
    path = starter_map_path()
    assert path is not None, "content/social_map/starter.jsonl is missing"
    matcher = Matcher.from_file(path)
    result = matcher.search("eenzaamheid indische buurt")
    assert result.results
    assert all(hit.area_match in {"exact", "within", "nearby"} for hit in result.results)


def test_matching_imports_nothing_from_the_bot() -> None:
    code = (
        "import sys, matching.matcher, matching.socialmap;"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'bot', 'sqlalchemy', 'telegram'}];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
