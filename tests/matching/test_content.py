"""Smoke tests of the bundled content, and the purity of the matching package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from matching.resources import (
    content_file,
    default_gazetteer,
    default_thesaurus,
    starter_map_path,
)


def test_the_bundled_gazetteer_loads_without_problems() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.problems == []
    levels = [area.level for area in gazetteer.areas]
    assert levels.count("stadsdeel") == 9
    assert levels.count("gebied") == 25
    assert levels.count("wijk") == 110
    assert levels.count("buurt") == 518
    assert content_file("areas", "SOURCES.md").is_file()


def test_the_bundled_thesaurus_loads_without_problems() -> None:
    if not content_file("thesaurus.json").is_file():
        pytest.skip("content/thesaurus.json is not there yet")
    assert default_thesaurus().problems == []


def test_the_starter_map_is_valid_and_answers() -> None:
    path = starter_map_path()
    if path is None:
        pytest.skip("content/social_map/starter.jsonl is not there yet")
    from matching.matcher import Matcher

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
