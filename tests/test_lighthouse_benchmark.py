"""benchmarks.lighthouse: the median run is reported, and --check fails on accessibility."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks import lighthouse


def _report(performance: float, accessibility: float) -> dict[str, Any]:
    return {
        "lighthouseVersion": "12",
        "userAgent": "HeadlessChrome",
        "categories": {
            "performance": {
                "id": "performance",
                "score": performance,
                "auditRefs": [{"id": "speed-index", "weight": 10}],
            },
            "accessibility": {
                "id": "accessibility",
                "score": accessibility,
                "auditRefs": [{"id": "color-contrast", "weight": 7}],
            },
        },
        "audits": {
            "speed-index": {"score": performance, "displayValue": "1.0 s"},
            "color-contrast": {"score": 1 if accessibility == 1 else 0},
        },
    }


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """Lighthouse's reports in the order the benchmark asks for them; no npm, no server."""
    queued: list[dict[str, Any]] = []

    @contextlib.contextmanager
    def server() -> Iterator[str]:
        yield "http://web.test"

    monkeypatch.setattr(lighthouse, "lighthouse_bin", lambda cache: tmp_path / "lighthouse")
    monkeypatch.setattr(lighthouse, "web_server", server)
    monkeypatch.setattr(lighthouse, "first_offer", lambda base: "assadaaka")
    monkeypatch.setattr(lighthouse, "audit", lambda binary, chromium, url: queued.pop(0))
    return queued


def test_the_median_run_is_reported(
    runs: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    runs += [_report(0.80, 1), _report(0.99, 1), _report(0.96, 1)] * 2
    assert lighthouse.main(["--chromium", "/bin/sh", "--check"]) == 0
    out = capsys.readouterr().out
    assert "performance of each run: 80, 99, 96" in out
    assert "performance: 96  (target ≥ 95)  met" in out


def test_check_fails_when_a_page_is_not_fully_accessible(runs: list[dict[str, Any]]) -> None:
    runs += [_report(1, 1), _report(1, 0.93)]
    assert lighthouse.main(["--chromium", "/bin/sh", "--runs", "1"]) == 0
    runs += [_report(1, 1), _report(1, 0.93)]
    assert lighthouse.main(["--chromium", "/bin/sh", "--runs", "1", "--check"]) == 1
    assert lighthouse.shortfalls(_report(1, 0.93)) == ["accessibility: color-contrast 0.00"]
