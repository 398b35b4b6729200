"""The region question sets: offers from outside Amsterdam load, and a missing map is skipped."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from benchmarks.quality import DATA, foreign_map, main, question_sets
from matching.matcher import Matcher

OFFER: dict[str, object] = {
    "id": "repair-hengelo",
    "name": "Repair Café Hengelo · De Tempel",
    "description": "Laagdrempelige reparatiehulp door vrijwilligers.",
    "themes": ["basis"],
    "areas": ["Hengelo"],
}


def _write(path: Path, *records: Mapping[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_an_offer_from_another_town_keeps_its_area_and_is_found(tmp_path: Path) -> None:
    amsterdam = {**OFFER, "id": "repair-oost", "areas": ["Oost"]}
    offers = foreign_map(_write(tmp_path / "map.jsonl", OFFER, amsterdam))
    assert [o.areas for o in offers] == [("Hengelo",), ("Oost",)]
    matcher = Matcher(offers)
    assert matcher.where(offers[0]) == []
    assert "repair-hengelo" in [hit.id for hit in matcher.search("repair cafe").results]


def test_other_errors_are_still_errors(tmp_path: Path) -> None:
    broken = {k: v for k, v in OFFER.items() if k != "description"}
    with pytest.raises(ValueError, match="description"):
        foreign_map(_write(tmp_path / "map.jsonl", broken))


def test_a_missing_region_map_is_skipped_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "absent.jsonl"
    assert main(["--only", "region-heldout", "--quiet", "--region-offers", str(absent)]) == 0
    out = capsys.readouterr().out
    assert f"skipping region-heldout: missing {absent}" in out
    assert not [line for line in out.splitlines() if line.startswith("region-heldout")]


def test_the_region_sets_are_split_and_labelled() -> None:
    sets = {s.name: s for s in question_sets(Path("real.jsonl"), Path("region.jsonl"))}
    tune, held = (sets[name] for name in ("region-tune", "region-heldout"))
    rows = {}
    for question_set in (tune, held):
        assert question_set.foreign_areas
        lines = question_set.questions.read_text(encoding="utf-8").splitlines()
        rows[question_set.name] = [json.loads(line) for line in lines]
    texts = [r["q"] for group in rows.values() for r in group]
    assert len(texts) == len(set(texts))
    assert len(rows["region-tune"]) / len(texts) == pytest.approx(0.6, abs=0.02)
    for row in (r for group in rows.values() for r in group):
        assert row["lang"] in {"nl", "en"}
        assert len(set(row["expected"])) == len(row["expected"])
    assert tune.questions.parent == DATA
