"""What benchmarks/README.md says of the benchmarks' exit codes."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import broadcast


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
