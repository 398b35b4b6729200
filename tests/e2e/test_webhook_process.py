"""Webhook mode end to end: the sandbox posts updates to `wijkwijzer run`'s web app."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.sandbox.processes import free_port, stop
from tests.e2e.conftest import TOKEN, Sandbox, _env, bot_env

ANNA = {"id": 1001, "first_name": "Anna", "language_code": "nl"}


@pytest.fixture
def web_process(sandbox: Sandbox, database_url: str, tmp_path: Path) -> Iterator[str]:
    """`wijkwijzer run` in webhook mode; yields its base URL once /healthz answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=bot_env(
            sandbox,
            database_url,
            WIJKWIJZER_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            WIJKWIJZER_PORT=str(port),
        ),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(stop(process))
        time.sleep(0.1)
    yield base
    log = stop(process)
    assert "Traceback" not in log, log
    assert TOKEN not in log  # the token never reaches the log


def test_updates_arrive_by_webhook_and_strangers_are_refused(
    sandbox: Sandbox, web_process: str
) -> None:
    sandbox.inject({"user": ANNA, "text": "/start"})
    sandbox.wait_for(1001, lambda ms: any("Hoi Anna!" in (m.get("text") or "") for m in ms))

    chat = {"id": 1001, "type": "private"}
    forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": chat, "text": "x"}}
    refused = httpx.post(f"{web_process}/telegram", json=forged, timeout=5)
    assert refused.status_code == 403

    metrics = httpx.get(f"{web_process}/metrics", timeout=5).text
    assert 'wijkwijzer_updates_total{kind="message"} 1.0' in metrics


def test_a_worker_starts_and_stops_cleanly(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "worker"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=_env(
            WIJKWIJZER_TELEGRAM_TOKEN=TOKEN,
            WIJKWIJZER_TELEGRAM_BASE_URL=f"{sandbox.url}/bot",
            WIJKWIJZER_DATABASE_URL=database_url,
        ),
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    seen = ""
    while "worker started" not in seen:
        line = process.stderr.readline()
        seen += line
        assert line or process.poll() is None, seen
        assert time.monotonic() < deadline, seen
    log = seen + stop(process)
    assert process.returncode == 0, log
    assert "Traceback" not in log
