"""The ask journey end to end: `wijkwijzer run` answers through the Bot API sandbox."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.db.session import Database
from bot.socialmap.repository import OfferRepository
from tests.e2e.conftest import Sandbox
from tests.sample_map import MAP

ANNA = {"id": 1001, "first_name": "Anna", "language_code": "nl"}


async def _seed(url: str) -> None:
    db = Database(url)
    try:
        async with db.transaction() as session:
            await OfferRepository(session).upsert(MAP, "map", datetime(2026, 11, 1, tzinfo=UTC))
    finally:
        await db.dispose()


@pytest.fixture
def database_url(database_url: str) -> str:
    """This test's database, holding the small sample map before the bot starts."""
    asyncio.run(_seed(database_url))
    return database_url


def _has(fragment: str) -> Any:
    return lambda messages: any(fragment in (m.get("text") or "") for m in messages)


def _buttons(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def _press(sandbox: Sandbox, message: dict[str, Any], label: str) -> None:
    sandbox.inject({"user": ANNA, "press": {"message_id": message["message_id"], "button": label}})


def test_question_more_details_and_not_what_i_looked_for(
    sandbox: Sandbox, bot_process: str
) -> None:
    sandbox.inject({"user": ANNA, "text": "wie doet iets tegen eenzaamheid in de Indische Buurt?"})
    answer = sandbox.wait_for(1001, _has("1. Koffiekwartier"))[-1]
    assert "Meer ▸" in _buttons(answer)

    _press(sandbox, answer, "Meer ▸")
    sandbox.wait_for(1001, lambda ms: any("4. " in (m.get("text") or "") for m in ms))

    page = next(m for m in sandbox.messages(1001) if m["message_id"] == answer["message_id"])
    assert page["edited"]
    _press(sandbox, page, "🔎 4")
    sandbox.wait_for(1001, lambda ms: ms[-1]["text"].startswith("Buurtkamer Oost"))

    _press(sandbox, page, "Niet wat ik zocht")
    sandbox.wait_for(1001, _has("Wat zocht je?"))
    sandbox.inject({"user": ANNA, "text": "fietsles"})
    sandbox.wait_for(1001, _has("Dank je!"))


def test_inline_query_and_location(sandbox: Sandbox, bot_process: str) -> None:
    sandbox.inject({"user": ANNA, "inline_query": "taalcafe osdorp"})
    results: list[Any] = []
    deadline = time.monotonic() + 20
    while not results and time.monotonic() < deadline:
        time.sleep(0.05)
        results = sandbox.get("/_sandbox/inline_answers", user_id=1001).get("results", [])
    assert results[0]["title"] == "Taalcafé Osdorp"

    sandbox.inject({"user": ANNA, "location": {"latitude": 52.3626, "longitude": 4.9384}})
    answer = sandbox.wait_for(1001, _has("Je bent in"))[-1]
    assert "Indische Buurt" in answer["text"]
    assert "1. Koffiekwartier" in answer["text"]


def test_greeting_then_a_topic_asked_back_for_its_area(sandbox: Sandbox, bot_process: str) -> None:
    sandbox.inject({"user": ANNA, "text": "hallo"})
    sandbox.wait_for(1001, _has("Hallo Anna!"))
    sandbox.inject({"user": ANNA, "text": "schulden Oost"})
    sandbox.wait_for(1001, _has("Geldmaatjes Oost"))

    sandbox.inject({"user": ANNA, "text": "taalles"})
    asked = sandbox.wait_for(1001, _has("In welk gebied zoek je taalles?"))[-1]
    assert _buttons(asked) == ["Oost", "heel Amsterdam"]
    _press(sandbox, asked, "heel Amsterdam")
    answer = sandbox.wait_for(1001, _has("Dit vond ik voor taal · Amsterdam"))[-1]
    assert "1. Taalcafé Osdorp" in answer["text"]
    assert "🔎 1" in _buttons(answer)

    # typing the area instead of pressing works too
    sandbox.inject({"user": ANNA, "text": "taalles"})
    sandbox.wait_for(1001, lambda ms: ms[-1]["text"].startswith("In welk gebied"))
    sandbox.inject({"user": ANNA, "text": "Osdorp"})
    sandbox.wait_for(1001, _has("Dit vond ik voor taal · Osdorp"))
