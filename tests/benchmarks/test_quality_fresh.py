"""The fresh held-out sets: declared like the other real and region sets, new questions,
labels that exist, and the region one skipped when its offers are absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.quality import DATA, REAL_OFFERS, REGION_OFFERS, main, question_sets

KINDS = {
    "name",
    "typo",
    "synonym",
    "english",
    "need",
    "need-area",
    "compound",
    "regeling",
    "situation",
    "nonsense",
}


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_fresh_sets_are_declared_beside_the_held_out_sets() -> None:
    sets = {s.name: s for s in question_sets(Path("real.jsonl"), Path("region.jsonl"))}
    real, region = sets["real-fresh"], sets["region-fresh"]
    assert real.map_path == sets["real-heldout"].map_path == Path("real.jsonl")
    assert real.targets == sets["real-heldout"].targets
    assert not real.foreign_areas
    assert real.questions == DATA / "real_questions_fresh.jsonl"
    assert region.map_path == sets["region-heldout"].map_path == Path("region.jsonl")
    assert region.targets == sets["region-heldout"].targets
    assert region.foreign_areas
    assert region.questions == DATA / "region_questions_fresh.jsonl"


REAL_SETS = ("real_questions_tune", "real_questions_heldout", "real_questions_situations")
REGION_SETS = ("region_questions_tune", "region_questions_heldout")
# Short questions the second writer typed exactly as the first did, found after the fresh
# files were committed and left in (with the same labels as the earlier sets).
SAME_TEXT = {
    "real_questions_fresh": {"nisa for nisa", "sollicitatiekleding", "parkeervergunning aanvragen"},
    "region_questions_fresh": {
        "wijkteam almelo",
        "resto van harte enschede",
        "wijkwijzer enschede",
        "walking football",
    },
}


@pytest.mark.parametrize(
    ("name", "others", "size"),
    [("real_questions_fresh", REAL_SETS, 117), ("region_questions_fresh", REGION_SETS, 71)],
)
def test_the_fresh_questions_are_new_and_shaped_like_the_others(
    name: str, others: tuple[str, ...], size: int
) -> None:
    rows = _rows(DATA / f"{name}.jsonl")
    texts = [str(r["q"]).lower() for r in rows]
    assert len(texts) == len(set(texts)) == size
    seen = {str(r["q"]).lower() for other in others for r in _rows(DATA / f"{other}.jsonl")}
    assert seen & set(texts) == SAME_TEXT[name]
    for row in rows:
        assert row["lang"] in {"nl", "en"}
        assert row["kind"] in KINDS
        expected = row["expected"]
        assert isinstance(expected, list)
        assert len(set(expected)) == len(expected)
        assert (row["kind"] == "nonsense") <= (expected == [])
    nonsense = [r for r in rows if r["expected"] == []]
    assert 0.05 <= len(nonsense) / len(rows) <= 0.12
    situations = [r for r in rows if r["kind"] == "situation"]
    assert 0.18 <= len(situations) / len(rows) <= 0.3
    assert {r["lang"] for r in situations} == {"nl", "en"}


@pytest.mark.parametrize(
    ("offers", "name"),
    [(REAL_OFFERS, "real_questions_fresh"), (REGION_OFFERS, "region_questions_fresh")],
)
def test_every_fresh_label_is_an_offer_of_its_map(offers: Path, name: str) -> None:
    if not offers.exists():
        pytest.skip(f"the offers are not here: {offers}")
    known = {json.loads(line)["id"] for line in offers.read_text(encoding="utf-8").splitlines()}
    rows = _rows(DATA / f"{name}.jsonl")
    labels = {str(i) for r in rows if isinstance(r["expected"], list) for i in r["expected"]}
    assert labels
    assert labels <= known


def test_a_missing_region_map_skips_the_fresh_region_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "absent.jsonl"
    assert main(["--only", "region-fresh", "--quiet", "--region-offers", str(absent)]) == 0
    out = capsys.readouterr().out
    assert f"skipping region-fresh: missing {absent}" in out
    assert not [line for line in out.splitlines() if line.startswith("region-fresh")]
