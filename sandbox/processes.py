"""Local processes of the bot, for demos, benchmarks and tests: a free port to give them,
waiting until a web process is healthy, and stopping one cleanly."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now (once this returns, nothing does
    until someone binds it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(base_url: str, process: subprocess.Popen[str], timeout: float = 60) -> None:
    """Poll GET /healthz until the web process answers 200; RuntimeError when it ended or
    `timeout` seconds went by first."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{base_url} did not become healthy (exit {process.poll()})")
        time.sleep(0.05)


def stop(process: subprocess.Popen[str], timeout: float = 15) -> str:
    """SIGINT (the bot's clean shutdown), then a kill if it has not ended in `timeout`
    seconds; returns what it wrote to a piped stderr ("" otherwise)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stderr.read() if process.stderr else ""
