"""Processes for the multi-process benchmark: a throwaway PostgreSQL, the sandbox, the bot."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _initdb() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root; the Debian package's user runs it instead
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL on a free port (fsync off); yields its asyncpg URL."""
    binaries = _initdb()
    if binaries is None:
        raise SystemExit("PostgreSQL is not installed: pass --database-url postgresql+asyncpg://…")
    folder = Path(tempfile.mkdtemp(prefix="wijkwijzer-load-pg."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    data = str(folder / "data")
    subprocess.run(  # noqa: S603 - PostgreSQL's own tools, paths found above
        _as_postgres([str(binaries / "initdb"), "-D", data, "-U", "wijkwijzer", "--auth=trust"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    control = str(binaries / "pg_ctl")
    subprocess.run(  # noqa: S603 - as above
        _as_postgres(
            [control, "-D", data, "-l", str(folder / "log"), "-w", "-o", options, "start"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql+asyncpg://wijkwijzer@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(  # noqa: S603 - as above
            _as_postgres([control, "-D", data, "-m", "fast", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


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


def stop(process: subprocess.Popen[str]) -> None:
    """SIGINT, then a kill if it does not end."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(url: str, process: subprocess.Popen[str], seconds: float = 90) -> None:
    """Wait until a web process answers /healthz with 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a web process ended early ({url})")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become healthy")
