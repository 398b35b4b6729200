"""'Klopt dit nog?' end to end: the running bot asks an owner whose entry has aged, the owner
confirms, and the entry's confirmation date is today. The clock that drives it is the stored
date: the entry was last confirmed 100 days before the bot starts (no sleeping, no override)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.db.models import OfferOwner, User
from bot.db.session import Database
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer
from sandbox.processes import stop
from tests.e2e.conftest import Sandbox, start_bot
from tests.e2e.test_signup_process import VERA, _grows, _press

TODAY = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
ENTRY = Offer(
    "koffie-op-dinsdag",
    "Koffie op Dinsdag",
    "Elke dinsdag koffie en een praatje voor eenzame ouderen.",
    ("eenzaamheid",),
    ("Dapperbuurt",),
    last_verified=TODAY - timedelta(days=100),
)


async def _seed(url: str) -> None:
    db = Database(url)
    now = datetime.now(UTC)
    try:
        async with db.transaction() as session:
            await OfferRepository(session).upsert([ENTRY], "bot", now)
            session.add(
                User(
                    telegram_id=VERA["id"],
                    language="nl",
                    consent_at=now,
                    created_at=now,
                    last_seen_at=now,
                )
            )
            session.add(OfferOwner(offer_id=ENTRY.id, user_id=VERA["id"], since=now))
    finally:
        await db.dispose()


async def _verified(url: str) -> object:
    db = Database(url)
    try:
        async with db.transaction() as session:
            offer = await OfferRepository(session).get(ENTRY.id)
    finally:
        await db.dispose()
    return offer.last_verified if offer else None


@pytest.fixture
def aged_database(database_url: str) -> str:
    asyncio.run(_seed(database_url))
    return database_url


def test_an_aged_entry_is_asked_about_and_confirmed(
    sandbox: Sandbox, aged_database: str, tmp_path: Path
) -> None:
    # Vera has used the bot before (Telegram only lets a bot write to people who did).
    sandbox.inject({"user": VERA, "text": "/help"})
    question = _grows(sandbox, VERA["id"], "Klopt dit nog?")
    bot = start_bot(sandbox, aged_database, tmp_path, tmp_path / "bot.log")
    try:
        asked = question()
        assert "Koffie op Dinsdag" in asked["text"]
        _press(sandbox, VERA, asked, "✅ Ja, klopt", "Dank je!")
    finally:
        log = stop(bot) + (tmp_path / "bot.log").read_text()
    assert "Traceback" not in log, log
    assert asyncio.run(_verified(aged_database)) == TODAY
