"""`wijkwijzer web` as a process of its own, started in an empty folder (a fresh install)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def fresh_web(folder: Path) -> Iterator[str]:
    """Run `wijkwijzer web --port 0` in `folder` (no settings, no database yet) and give its
    base URL once it serves; stop it afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKWIJZER_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--port", "0"],
        cwd=folder,  # an empty folder: the database is made there on first use
        env={**env, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        lines = []
        for line in iter(process.stderr.readline, ""):
            lines.append(line)
            if "serving the open API on" in line:
                break
        address = re.search(r"http://[\d.]+:(\d+)/", lines[-1] if lines else "")
        assert address, "".join(lines)
        yield f"http://127.0.0.1:{address[1]}"
    finally:
        process.terminate()
        process.wait(timeout=30)
