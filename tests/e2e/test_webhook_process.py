"""Webhook mode end to end: the sandbox posts updates to `wijkwijzer run`'s web app."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sandbox.processes import free_port, stop
from tests.e2e.conftest import (
    TOKEN,
    Sandbox,
    _env,
    assert_no_traceback,
    bot_env,
    logged_process,
)

ANNA = {"id": 1001, "first_name": "Anna", "language_code": "nl"}


@pytest.fixture
def web_process(
    request: pytest.FixtureRequest, sandbox: Sandbox, database_url: str, tmp_path: Path
) -> Iterator[str]:
    """`wijkwijzer run` in webhook mode; yields its base URL once /healthz answers. Its
    output goes to web.log (an unread pipe would block it once full)."""
    port = free_port()
    log = tmp_path / "web.log"
    env = bot_env(
        sandbox,
        database_url,
        WIJKWIJZER_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        WIJKWIJZER_PORT=str(port),
    )
    process = logged_process(request, log, "run", env, tmp_path)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise AssertionError(f"{base} did not become healthy; see web.log below")
        time.sleep(0.1)
    yield base
    stop(process)
    assert_no_traceback(log)
    assert TOKEN not in log.read_text(encoding="utf-8")  # the token never reaches the log


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
    request: pytest.FixtureRequest, sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    env = _env(
        WIJKWIJZER_TELEGRAM_TOKEN=TOKEN,
        WIJKWIJZER_TELEGRAM_BASE_URL=f"{sandbox.url}/bot",
        WIJKWIJZER_DATABASE_URL=database_url,
    )
    process = logged_process(request, log, "worker", env, tmp_path)
    deadline = time.monotonic() + 60
    while "worker started" not in log.read_text(encoding="utf-8"):
        assert process.poll() is None, "the worker ended before it started"
        assert time.monotonic() < deadline, "the worker did not start in 60 s"
        time.sleep(0.05)
    stop(process)
    assert process.returncode == 0
    assert_no_traceback(log)
