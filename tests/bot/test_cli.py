"""The `wijkwijzer` command as people use it, run as a separate process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKWIJZER_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _wijkwijzer(
    tmp_path: Path, *args: str, stdin: str = "", **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path, **extra),
        timeout=60,
        check=False,
    )


def test_run_without_token_explains_in_one_line(tmp_path: Path) -> None:
    result = _wijkwijzer(tmp_path, "run")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "WIJKWIJZER_TELEGRAM_TOKEN" in lines[0]
    assert "wijkwijzer chat" in lines[0]


def test_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    result = _wijkwijzer(tmp_path, "chat", WIJKWIJZER_ADMIN_IDS="abc")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "wijkwijzer: WIJKWIJZER_ADMIN_IDS must be comma-separated Telegram user ids, got 'abc'."
    )


def test_piped_local_chat_greets_switches_language_and_helps(tmp_path: Path) -> None:
    result = _wijkwijzer(tmp_path, "chat", stdin="/start\n2\n/help\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Hoi Jij! Ik ben Wijkwijzer" in out
    assert "[1] Nederlands  [2] English" in out
    assert "From now on I'll speak English with you." in out
    assert "What do you mostly do?" in out
    assert "Your role: professional" in out
    assert out.index("Hoi Jij") < out.index("From now on") < out.index("Your role")
    assert (tmp_path / "wijkwijzer.db").exists()


def test_db_upgrade_creates_the_database(tmp_path: Path) -> None:
    result = _wijkwijzer(tmp_path, "db", "upgrade", WIJKWIJZER_DATABASE_URL="sqlite:///x.db")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.db").stat().st_size > 0
    # the release phase also loads the bundled map (so parallel web processes need not)
    with sqlite3.connect(tmp_path / "x.db") as connection:
        [(offers,)] = connection.execute("SELECT count(*) FROM offers").fetchall()
    assert offers > 800


@pytest.mark.parametrize("args", [["--help"], ["chat", "--help"]])
def test_help_is_available(tmp_path: Path, args: list[str]) -> None:
    result = _wijkwijzer(tmp_path, *args)
    assert result.returncode == 0
    assert "wijkwijzer" in result.stdout
