"""The real-situations set: declared beside real-tune, new questions, labels that exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.quality import DATA, REAL_OFFERS, question_sets


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_situation_set_is_a_real_set_over_the_real_offers() -> None:
    sets = {s.name: s for s in question_sets(Path("real.jsonl"), Path("region.jsonl"))}
    situations, tune = sets["real-situations"], sets["real-tune"]
    assert situations.map_path == tune.map_path == Path("real.jsonl")
    assert situations.targets == tune.targets
    assert not situations.foreign_areas
    assert situations.questions == DATA / "real_questions_situations.jsonl"


def test_the_situation_questions_are_new_and_shaped_as_asked() -> None:
    rows = _rows(DATA / "real_questions_situations.jsonl")
    tune = {str(r["q"]).lower() for r in _rows(DATA / "real_questions_tune.jsonl")}
    texts = [str(r["q"]) for r in rows]
    assert len(texts) == len(set(texts)) == 90
    assert not tune & {t.lower() for t in texts}
    situations = [t for r, t in zip(rows, texts, strict=True) if r["kind"] == "situation"]
    needs = [t for r, t in zip(rows, texts, strict=True) if r["kind"] in {"need", "need-area"}]
    assert len(situations) == 50
    assert len(needs) == 40
    assert all(12 <= len(t.split()) <= 45 for t in situations)
    assert all(2 <= len(t.split()) <= 7 for t in needs)
    dutch = [r for r in rows if r["lang"] == "nl" and r["kind"] == "situation"]
    assert 0.6 <= len(dutch) / len(situations) <= 0.7
    for row in rows:
        assert row["lang"] in {"nl", "en"}
        expected = row["expected"]
        assert isinstance(expected, list)
        assert len(set(expected)) == len(expected)


def test_every_label_is_a_real_offer() -> None:
    if not REAL_OFFERS.exists():
        pytest.skip(f"the real offers are not here: {REAL_OFFERS}")
    known = {
        json.loads(line)["id"] for line in REAL_OFFERS.read_text(encoding="utf-8").splitlines()
    }
    rows = _rows(DATA / "real_questions_situations.jsonl")
    labels = {str(i) for r in rows if isinstance(r["expected"], list) for i in r["expected"]}
    assert labels
    assert labels <= known
