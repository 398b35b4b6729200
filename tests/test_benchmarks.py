"""What benchmarks/README.md says of the benchmarks' exit codes."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from benchmarks import broadcast, import_map, web


@pytest.mark.parametrize(
    ("lost", "duplicated", "code"), [(0, 0, 0), (1, 0, 1), (0, 2, 1)], ids=["ok", "lost", "twice"]
)
def test_the_broadcast_benchmark_exits_1_on_a_lost_or_doubled_message(
    monkeypatch: pytest.MonkeyPatch, lost: int, duplicated: int, code: int
) -> None:
    async def run(recipients: int, database_url: str) -> dict[str, Any]:
        return {"recipients": recipients, "lost": lost, "duplicated": duplicated}

    monkeypatch.setattr(broadcast, "run", run)
    assert broadcast.main(["--recipients", "3"]) == code


@pytest.mark.parametrize(("returncode", "code"), [(0, 0), (1, 1)], ids=["imported", "failed"])
def test_the_import_benchmark_exits_1_when_the_import_failed(
    monkeypatch: pytest.MonkeyPatch, returncode: int, code: int
) -> None:
    def run(command: list[str], **_options: Any) -> subprocess.CompletedProcess[str]:
        assert command[1:4] == ["-m", "bot", "import-map"]
        return subprocess.CompletedProcess(command, returncode, "", "a reason\n")

    monkeypatch.setattr(subprocess, "run", run)
    assert import_map.main(["--rows", "3"]) == code


def _timings(search_ms: float) -> web.Timings:
    timings = web.Timings()
    for kind in web.SEARCH_KINDS:
        timings.ms[kind] = [10.0] * 19 + [search_ms] * 2
    return timings


@pytest.mark.parametrize(
    ("search_ms", "transferred", "met"),
    [(40.0, 150_000, True), (60.0, 1_000, False), (40.0, 150_001, False)],
    ids=["ok", "slow search", "heavy page"],
)
def test_the_web_benchmark_misses_a_slow_search_or_a_heavy_page(
    search_ms: float, transferred: int, met: bool
) -> None:
    ways = {"in-process": _timings(search_ms), "socket": _timings(10.0)}
    weights = [web.Weight("area", 2, 400_000, transferred)]
    assert all(ok for ok, _ in web.verdicts(ways, weights)) is met


def test_the_web_benchmark_weighs_what_a_page_loads() -> None:
    found = web.links(
        '<link rel="stylesheet" href="/static/site.css"><script src="/static/map.js"></script>'
        '<a href="/aanbod/x">x</a><a rel="next" href="/?q=a&amp;page=2">more</a>'
    )
    assert found.assets == ["/static/site.css", "/static/map.js"]
    assert found.offers == ["/aanbod/x"]
    assert found.next == "/?q=a&page=2"
