"""The webhook web app: secret token, updates handled before answering, health, metrics."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from bot.db.session import Database
from bot.web.app import MAX_BODY, SECRET_HEADER, create_web_app
from bot.web.health import check_health
from bot.web.metrics import Metrics
from tests.harness import BotHarness, user

SECRET = "s3cret-token_for-tests"
ANNA = user(1001)


@pytest.fixture
async def client(harness: BotHarness) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(webhook_secret=SECRET)
    web = create_web_app(harness.application, settings, Metrics(), "/telegram/hook")
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        yield http


def _update(harness: BotHarness, text: str) -> bytes:
    return json.dumps(harness.core.inject({"user": ANNA, "text": text}, queue=False)).encode()


async def test_a_call_without_the_secret_is_refused_and_not_handled(
    harness: BotHarness, client: httpx.AsyncClient
) -> None:
    body = _update(harness, "/start")
    missing = await client.post("/telegram/hook", content=body)
    wrong = await client.post("/telegram/hook", content=body, headers={SECRET_HEADER: "nope"})
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert harness.core.messages(ANNA["id"], 0) == []


async def test_an_update_is_answered_before_the_call_returns(
    harness: BotHarness, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        "/telegram/hook", content=_update(harness, "/start"), headers={SECRET_HEADER: SECRET}
    )
    assert response.status_code == 200
    [greeting] = harness.core.messages(ANNA["id"], 0)
    assert greeting["text"].startswith("Hoi Anna!")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        (b'{"update_id": "7"}', 400),
        (b"[" * 100_000 + b"]" * 100_000, 400),  # nested too deep for json.loads
        (b"x" * MAX_BODY, 400),  # the largest body still read, and no update
        (b"x" * (MAX_BODY + 1), 413),  # too large to be from Telegram: not even read
    ],
    ids=["not-json", "a-list", "update-id-not-a-number", "nested", "largest", "too-large"],
)
async def test_a_body_that_is_no_update_gets_its_status(
    client: httpx.AsyncClient, body: bytes, status: int
) -> None:
    response = await client.post("/telegram/hook", content=body, headers={SECRET_HEADER: SECRET})
    assert response.status_code == status


async def test_health_and_metrics(harness: BotHarness, client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {
        "ok": True,
        "database": True,
        "migrations_current": True,
        "detail": "",
    }
    await client.post(
        "/telegram/hook",
        content=_update(harness, "eenzaamheid indische buurt"),
        headers={SECRET_HEADER: SECRET},
    )
    page = (await client.get("/metrics")).text
    assert 'wijkwijzer_updates_total{kind="message"} 1.0' in page
    assert "wijkwijzer_reply_seconds_count 1.0" in page
    assert "wijkwijzer_questions 1.0" in page
    assert "# TYPE wijkwijzer_deliveries gauge" in page


async def test_an_unmigrated_or_missing_database_is_unhealthy(tmp_path: Path) -> None:
    empty = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    try:
        health = await check_health(empty)
    finally:
        await empty.dispose()
    assert health.database
    assert not health.migrations_current
    assert not health.ok
    gone = Database(f"sqlite+aiosqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    try:
        assert not (await check_health(gone)).database
    finally:
        await gone.dispose()


def test_the_secret_is_derived_from_the_token_unless_set() -> None:
    one = Settings(telegram_token="1:a").webhook_secret_token
    assert one == Settings(telegram_token="1:a").webhook_secret_token
    assert one != Settings(telegram_token="1:b").webhook_secret_token
    assert Settings(telegram_token="1:a", webhook_secret="own").webhook_secret_token == "own"
