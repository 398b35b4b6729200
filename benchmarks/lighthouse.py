"""Lighthouse (npm) with Debian's Chromium on the search page and an offer page.

Starts `wijkwijzer web` on a fresh install (the bundled map) in a temporary folder, installs
Lighthouse with npm into a cache folder on first use (nothing is committed), runs it on
both pages and prints the accessibility and performance scores beside their targets
(accessibility 100, performance ≥ 95) of the median of three runs per page (the
performance score varies with the machine's load), and the audits that cost points.
Exits 0 whether or not the targets are met (with `--check`, as in `.ci/run`: 1 when a
page's accessibility is under 100); non-zero when it cannot run (no npm, no Chromium).

    .venv/bin/python -m benchmarks.lighthouse [--runs 3] [--check] [--chromium PATH] [--cache DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.processes import environment

LIGHTHOUSE = "lighthouse@12.8.2"
QUESTION = "eenzaamheid indische buurt"
TARGETS = {"accessibility": 100, "performance": 95}
# Chromium on a closed, shared machine: headless, no sandbox (root), none of its own traffic.
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wijkwijzer"


def lighthouse_bin(cache: Path) -> Path:
    """Lighthouse's command, installed with npm into `cache` if it is not there yet."""
    binary = cache / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not installed: Lighthouse comes from npm (apt-get install npm)")
    cache.mkdir(parents=True, exist_ok=True)
    print(f"installing {LIGHTHOUSE} into {cache}", file=sys.stderr)
    subprocess.run(  # noqa: S603 - npm with fixed arguments
        [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", LIGHTHOUSE],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return binary


@contextlib.contextmanager
def web_server() -> Iterator[str]:
    """`wijkwijzer web --port 0` on a fresh install in a temporary folder; its base URL."""
    with tempfile.TemporaryDirectory(prefix="wijkwijzer-lighthouse-") as folder:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "web", "--port", "0"],
            cwd=folder,
            env=environment(),
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            log = process.stderr
            if log is None:  # pragma: no cover - stderr is a pipe above
                raise SystemExit("no log from wijkwijzer web")
            lines = []
            for line in iter(log.readline, ""):
                lines.append(line)
                if "serving the open API on" in line:
                    break
            address = re.search(r"http://[\d.]+:(\d+)/", lines[-1] if lines else "")
            if not address:
                raise SystemExit("wijkwijzer web did not start:\n" + "".join(lines))
            # keep reading its log, so a full pipe never blocks the server
            threading.Thread(target=log.read, daemon=True).start()
            yield f"http://127.0.0.1:{address[1]}"
        finally:
            process.terminate()
            process.wait(timeout=30)


def first_offer(base: str) -> str:
    """The first answer's id for the question, from the open API."""
    url = f"{base}/api/v1/search?" + urllib.parse.urlencode({"q": QUESTION})
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        answer: dict[str, Any] = json.load(response)
    offer_id: str = answer["results"][0]["id"]
    return offer_id


def audit(binary: Path, chromium: str, url: str) -> dict[str, Any]:
    """Lighthouse's report (JSON) on one page: performance and accessibility only."""
    done = subprocess.run(  # noqa: S603 - the Lighthouse installed above
        [
            str(binary),
            url,
            "--only-categories=accessibility,performance",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": chromium},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def median_report(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median performance score (Lighthouse's own advice for variance)."""
    ranked = sorted(reports, key=lambda report: report["categories"]["performance"]["score"])
    return ranked[len(ranked) // 2]


def scores(report: dict[str, Any]) -> dict[str, int]:
    """Each category's score out of 100."""
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


def shortfalls(report: dict[str, Any]) -> list[str]:
    """The audits that cost points, with Lighthouse's own value where it gives one."""
    found = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                value = result.get("displayValue") or ""
                line = f"{category['id']}: {ref['id']} {result['score']:.2f} {value}"
                found.append(line.rstrip())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse")
    parser.add_argument("--chromium", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE / "lighthouse")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is shown")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a page's accessibility is under 100 (for CI; performance, which "
        "depends on the machine's load, is only printed)",
    )
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        raise SystemExit(f"no Chromium at {args.chromium} (apt-get install chromium)")
    binary = lighthouse_bin(args.cache)
    with web_server() as base:
        pages = {
            "search": f"{base}/?" + urllib.parse.urlencode({"q": QUESTION}),
            "offer": f"{base}/aanbod/{first_offer(base)}",
        }
        short_of_accessible = []
        for name, url in pages.items():
            runs = [audit(binary, args.chromium, url) for _ in range(max(1, args.runs))]
            report = median_report(runs)
            every = ", ".join(str(scores(run)["performance"]) for run in runs)
            print(f"{name} page: Lighthouse {report['lighthouseVersion']}, {report['userAgent']}")
            print(f"  performance of each run: {every}; the median run:")
            for category, score in scores(report).items():
                target = TARGETS[category]
                verdict = "met" if score >= target else "NOT met"
                print(f"  {category}: {score}  (target ≥ {target})  {verdict}")
            for line in shortfalls(report):
                print(f"  - {line}")
            if scores(report)["accessibility"] < TARGETS["accessibility"]:
                short_of_accessible.append(name)
    if args.check and short_of_accessible:
        print(f"accessibility under 100: {', '.join(short_of_accessible)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
