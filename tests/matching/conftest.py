"""Fixtures: the real gazetteer with test aliases, and a small test thesaurus and map."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from matching.gazetteer import Gazetteer
from matching.matcher import Matcher
from matching.resources import areas_dir
from matching.socialmap import load_map
from matching.thesaurus import Thesaurus

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The bundled areas with the test aliases (not the shipped alias file)."""
    folder = areas_dir()
    return Gazetteer.load(
        folder / "amsterdam_areas.csv",
        legacy_csv=folder / "amsterdam_areas_legacy.csv",
        aliases_json=DATA / "aliases.json",
        buurt_polygons=folder / "buurten_2022_wgs84.geojson",
    )


@pytest.fixture(scope="session")
def thesaurus() -> Thesaurus:
    """A small bilingual thesaurus written for these tests."""
    return Thesaurus.load(DATA / "thesaurus.json")


@pytest.fixture(scope="session")
def matcher(gazetteer: Gazetteer, thesaurus: Thesaurus) -> Matcher:
    """The test map, searched as on 23 November 2026."""
    loaded = load_map(DATA / "map.jsonl", gazetteer)
    assert loaded.ok, loaded.errors
    return Matcher(loaded.offers, gazetteer, thesaurus, today=TODAY)
