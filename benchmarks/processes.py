"""Processes for the multi-process benchmark: a throwaway PostgreSQL, the sandbox, the bot."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from sandbox.postgres import throwaway_postgres

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL on a free port (fsync off); yields its asyncpg URL."""
    try:
        with throwaway_postgres() as server:
            yield server.url
    except FileNotFoundError as err:
        raise SystemExit(f"{err}: pass --database-url postgresql+asyncpg://…") from err


def environment(**extra: str) -> dict[str, str]:
    """This environment without WIJKWIJZER_ settings, plus these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKWIJZER_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    """`python -m bot ARGS` in its own process, its stderr to a log file."""
    return subprocess.Popen(  # noqa: S603 - this interpreter running this project
        [sys.executable, "-m", "bot", *args],
        stdout=subprocess.PIPE,
        stderr=log.open("a"),
        text=True,
        env=env,
        cwd=log.parent,
    )
