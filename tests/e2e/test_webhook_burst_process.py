"""Sixty people ask at the same moment in webhook mode: sixty answers, no apology, none lost.

Runs on the test database (SQLite by default, where one writer at a time takes the burst;
PostgreSQL with WIJKWIJZER_TEST_DATABASE_URL).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.e2e.conftest import Sandbox
from tests.e2e.test_webhook_process import web_process  # noqa: F401 - the fixture

PEOPLE = 60
QUESTION = "wie doet iets tegen eenzaamheid in de Indische Buurt?"


def _ask(sandbox_url: str, user_id: int) -> None:
    person = {"id": user_id, "first_name": f"Vraag{user_id}", "language_code": "nl"}
    response = httpx.post(
        f"{sandbox_url}/_sandbox/updates", json={"user": person, "text": QUESTION}, timeout=10
    )
    response.raise_for_status()


def _answered(sandbox: Sandbox, user_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    return {user_id: sandbox.messages(user_id) for user_id in user_ids}


def test_sixty_simultaneous_questions_get_sixty_answers(
    sandbox: Sandbox,
    web_process: str,  # noqa: F811 - the fixture imported above
) -> None:
    user_ids = list(range(5001, 5001 + PEOPLE))
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        list(pool.map(lambda user_id: _ask(sandbox.url, user_id), user_ids))
    for user_id in user_ids:
        sandbox.wait_for(user_id, bool, timeout=120)
    replies = _answered(sandbox, user_ids)
    apologies = [u for u, ms in replies.items() if any("Oeps" in (m["text"] or "") for m in ms)]
    assert apologies == []
    assert all(len(ms) == 1 and "1. " in ms[0]["text"] for ms in replies.values()), replies
    metrics = httpx.get(f"{web_process}/metrics", timeout=5).text
    assert f'wijkwijzer_updates_total{{kind="message"}} {PEOPLE}.0' in metrics
    assert sandbox.get("/_sandbox/pending_updates") == []  # every call answered 200
