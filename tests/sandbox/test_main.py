"""`main()` announces its address once it listens, and serves from then on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def test_main_prints_ready_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", "from sandbox.server import main; main(0)"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.fullmatch(r"READY (http://127\.0\.0\.1:(\d+))\n", line)
        assert match, line
        me = httpx.get(f"{match.group(1)}/bot123:ABC/getMe", timeout=5).json()
        assert me["result"]["username"] == "wijkwijzer_bot"
    finally:
        process.terminate()
        process.wait(timeout=5)
    assert process.returncode is not None
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()
