"""A throwaway PostgreSQL server of its own, for fault tests and benchmarks.

It lives in a temporary folder on a free port of 127.0.0.1 (trust authentication, fsync off)
and can be stopped, started and restarted while the bot runs on it, as a failover or a
maintenance restart would. Needs PostgreSQL's server binaries (`initdb`, `pg_ctl`); as root
they run as the `postgres` user, since initdb refuses to run as root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sandbox.processes import free_port

USER = "wijkwijzer"


def server_binaries() -> Path | None:
    """The folder with initdb and pg_ctl (the newest Debian-packaged version first)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: [int(part) for part in path.parts[-3].split(".") if part.isdigit()],
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class ThrowawayPostgres:
    """One PostgreSQL cluster in `folder`, listening on `port`."""

    def __init__(self, binaries: Path, folder: Path, port: int) -> None:
        self.binaries = binaries
        self.folder = folder
        self.port = port
        self.data = folder / "data"
        self.log = folder / "log"

    @property
    def url(self) -> str:
        """The asyncpg URL of its `postgres` database."""
        return f"postgresql+asyncpg://{USER}@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools from a known folder
            _as_postgres(list(command)),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def create(self) -> None:
        """initdb: a new, empty cluster."""
        initdb = str(self.binaries / "initdb")
        self._run(initdb, "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.binaries / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start"),
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: "fast" ends every session at once (their connections drop)."""
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-w", "-m", mode, "stop")

    def restart(self) -> None:
        """Stop (fast) and start again, as a maintenance restart does."""
        self.stop()
        self.start()


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    """A started throwaway cluster, stopped and deleted when the block ends."""
    binaries = server_binaries()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="wijkwijzer-pg."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = ThrowawayPostgres(binaries, folder, free_port())
    try:
        server.create()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
