"""A warm introduction end to end: requested, accepted, and followed up two weeks later.

`wijkwijzer run` has no clock override, so "two weeks later" is made by moving the stored
moment of acceptance back 15 days while the bot is stopped; the restarted bot's own job then
asks both sides (no sleeping for two weeks, and the restart shows the schedule lives in the
database). The exact timing (not before 14 days, once only) is tested in tests/bot/test_intro.py.
"""

from __future__ import annotations

import asyncio
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.repository_users import UserRepository
from bot.db.models import IntroRequest, OfferSubmission
from bot.db.session import Database
from bot.signup.repository_submissions import SubmissionRepository
from bot.socialmap.repository import OfferRepository
from tests.bot.intro_setup import MESSAGE, QUESTION, VIA_BOT
from tests.e2e.conftest import ADMIN_ID, Sandbox, start_bot
from tests.sample_map import MAP

ANNA: dict[str, Any] = {"id": 1001, "first_name": "Anna", "language_code": "nl"}
VERA: dict[str, Any] = {
    "id": 1010,
    "first_name": "Vera",
    "username": "vera_buurt",
    "language_code": "nl",
}
COR: dict[str, Any] = {"id": ADMIN_ID, "first_name": "Cor", "language_code": "nl"}
FOLLOW_UP = "Is er contact geweest?"


async def _seed(url: str) -> None:
    now = datetime.now(UTC)
    db = Database(url)
    try:
        async with db.transaction() as session:
            await OfferRepository(session).upsert([*MAP, VIA_BOT], "map", now)
            await UserRepository(session).register(VERA["id"], "nl", now)
            await SubmissionRepository(session).add_owner(VIA_BOT.id, VERA["id"], now)
            session.add(
                OfferSubmission(
                    offer_id=VIA_BOT.id,
                    data={"name": VIA_BOT.name, "via_bot": True},
                    owner_id=VERA["id"],
                    state="approved",
                    created_at=now,
                    decided_at=now,
                )
            )
    finally:
        await db.dispose()


async def _two_weeks_pass(url: str) -> None:
    db = Database(url)
    try:
        async with db.transaction() as session:
            for row in (await session.scalars(select(IntroRequest))).all():
                for name in ("created_at", "requested_at", "decided_at"):
                    moment = getattr(row, name)
                    if moment is not None:
                        setattr(row, name, moment - timedelta(days=15))
    finally:
        await db.dispose()


async def _answers(url: str) -> list[tuple[str, str | None, str | None]]:
    db = Database(url)
    try:
        async with db.transaction() as session:
            rows = (await session.scalars(select(IntroRequest))).all()
            return [(r.state, r.professional_answer, r.owner_answer) for r in rows]
    finally:
        await db.dispose()


@pytest.fixture
def database_url(database_url: str) -> str:
    """This test's database with the sample map and Vera's entry, reachable via the bot."""
    asyncio.run(_seed(database_url))
    return database_url


def _stop_bot(bot: subprocess.Popen[str]) -> None:
    if bot.poll() is None:
        bot.terminate()
        bot.wait(timeout=15)


def _labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def _newest(sandbox: Sandbox, who: dict[str, Any], fragment: str, **wait: float) -> dict[str, Any]:
    """Wait for a bot message containing the fragment in the person's chat; the newest such."""

    def found(messages: list[dict[str, Any]]) -> bool:
        return any(fragment in (m.get("text") or "") for m in messages)

    messages = sandbox.wait_for(who["id"], found, **wait)
    return [m for m in messages if fragment in (m.get("text") or "")][-1]


def _press(sandbox: Sandbox, who: dict[str, Any], message: dict[str, Any], label: str) -> None:
    sandbox.inject({"user": who, "press": {"message_id": message["message_id"], "button": label}})


def test_an_introduction_is_accepted_and_followed_up(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    bot = start_bot(sandbox, database_url, tmp_path, log)
    try:
        sandbox.inject({"user": VERA, "text": "/start"})
        _newest(sandbox, VERA, "Vera")
        sandbox.inject({"user": ANNA, "text": QUESTION})
        answer = _newest(sandbox, ANNA, "1. Buurtmaatjes")
        assert "💬 via de bot" in answer["text"]
        _press(sandbox, ANNA, answer, "🤝 1: breng me in contact")
        prompt = _newest(sandbox, ANNA, "Noem geen namen")
        assert _labels(prompt) == ["Annuleren"]
        sandbox.inject({"user": ANNA, "text": MESSAGE})
        _newest(sandbox, ANNA, "Verstuurd naar Buurtmaatjes")

        request = _newest(sandbox, VERA, MESSAGE)
        _press(sandbox, VERA, request, "✅ Ja, breng ons in contact")
        news = _newest(sandbox, ANNA, "Buurtmaatjes wil graag contact")
        assert "Vera (@vera_buurt)" in news["text"]
        _newest(sandbox, VERA, "berichtje:\nAnna")
        assert FOLLOW_UP not in str(sandbox.messages(ANNA["id"]))
    finally:
        _stop_bot(bot)

    asyncio.run(_two_weeks_pass(database_url))
    bot = start_bot(sandbox, database_url, tmp_path, log)
    try:
        # The job's first run comes about five seconds after the start.
        question_anna = _newest(sandbox, ANNA, FOLLOW_UP, timeout=60)
        question_vera = _newest(sandbox, VERA, FOLLOW_UP, timeout=60)
        assert _labels(question_anna) == ["Ja", "Nee", "Nog niet"]
        _press(sandbox, ANNA, question_anna, "Ja")
        _newest(sandbox, ANNA, "Fijn om te horen")
        _press(sandbox, VERA, question_vera, "Ja")
        _newest(sandbox, VERA, "Fijn om te horen")
        sandbox.inject({"user": COR, "text": "/introducties"})
        stats = _newest(sandbox, COR, "Introducties per gebied")
        assert "Indische Buurt: 1 gevraagd · 1 geaccepteerd · contact: 1 ja" in stats["text"]
        assert MESSAGE not in stats["text"]
    finally:
        _stop_bot(bot)
    assert asyncio.run(_answers(database_url)) == [("accepted", "yes", "yes")]
    # Asked once: the one question was answered in place, and no second one came.
    texts = [m.get("text") or "" for m in sandbox.messages(ANNA["id"])]
    assert (sum(FOLLOW_UP in t for t in texts), sum("Fijn om te horen" in t for t in texts)) == (
        0,
        1,
    )
    assert "Traceback" not in log.read_text()
