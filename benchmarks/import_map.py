"""`wijkwijzer import-map` of a generated 100,000-row file into a fresh SQLite database.

Run: python -m benchmarks.import_map [--rows 100000] [--format jsonl|csv] [--db URL]

The import runs as its own process (as an operator runs it); reported are the wall time and
the process's peak resident memory, against the targets of ≤ 20 s and ≤ 600 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TARGET_SECONDS = 20.0
TARGET_MB = 600.0
AREAS = ("Indische Buurt", "Dapperbuurt", "Osdorp", "Oud-West", "Bijlmer-Centrum", "Amsterdam")
THEMES = ("eenzaamheid", "ontmoeting", "taal", "schulden", "opvoeding")
COLUMNS = ("id", "name", "description", "themes", "target_groups", "areas", "schedule")


def rows(count: int) -> Iterator[dict[str, Any]]:
    """`count` valid, distinct social-map records."""
    for n in range(count):
        yield {
            "id": f"initiatief-{n:06d}",
            "name": f"Buurtinitiatief {n}",
            "description": (
                f"Wekelijkse ontmoeting nummer {n} voor buurtgenoten: koffie, een praatje en "
                "hulp bij vragen over geld, taal of opvoeding."
            ),
            "themes": [THEMES[n % len(THEMES)], THEMES[(n + 2) % len(THEMES)]],
            "target_groups": ["ouderen"] if n % 2 else ["gezinnen"],
            "areas": [AREAS[n % len(AREAS)]],
            "schedule": "dinsdag 10:00-12:00",
        }


def write_file(path: Path, count: int) -> None:
    """The generated map as .jsonl or .csv (lists in CSV cells separated by `;`)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        if path.suffix == ".jsonl":
            for row in rows(count):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows(count):
            writer.writerow(
                ["; ".join(v) if isinstance(v, list) else v for v in (row[c] for c in COLUMNS)]
            )


def main(argv: list[str] | None = None) -> int:
    """Generate, import, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / f"map.{args.format}"
        write_file(path, args.rows)
        url = args.db or f"sqlite+aiosqlite:///{workdir}/import.db"
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "bot", "import-map", str(path), "--db", url],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    # ru_maxrss of the waited-for children, in kilobytes on Linux
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"import-map of {args.rows} rows ({args.format}): exit {done.returncode}")
    print(
        (done.stdout or done.stderr).strip().splitlines()[-1] if done.stdout or done.stderr else ""
    )
    verdict = "met" if seconds <= TARGET_SECONDS else "NOT met"
    print(f"time: {seconds:.1f} s  (target ≤ {TARGET_SECONDS:.0f} s)  {verdict}")
    verdict = "met" if peak_mb <= TARGET_MB else "NOT met"
    print(f"peak memory: {peak_mb:.0f} MB  (target ≤ {TARGET_MB:.0f} MB)  {verdict}")
    # an import that failed measured nothing: that is no result to read as one
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
