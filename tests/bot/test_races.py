"""Concurrent presses: a limit holds and a double press gets one result and one "al gedaan".

The presses are handled at the same time, as a webhook process handles simultaneous calls;
each test runs on SQLite and, with WIJKWIJZER_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select
from telegram import Update

from bot.db.models import Broadcast, Delivery, OfferOwner
from tests.bot.test_meetings import ADMIN, ANNA, plan
from tests.bot.test_signup import COR, complete_signup
from tests.harness import BotHarness

SORRY = "Oeps"


async def press_at_once(
    harness: BotHarness, presser: dict[str, Any], presses: list[tuple[int, str]]
) -> list[str]:
    """Press these buttons (message id, callback data) all at once; the texts the presser got
    (new messages and edits) afterwards."""
    chat_id = presser["id"]
    before = harness.last_message_id(chat_id)
    updates = [
        Update.de_json(
            harness.core.inject(
                {"user": presser, "press": {"message_id": message_id, "data": data}},
                queue=False,
            ),
            harness.application.bot,
        )
        for message_id, data in presses
    ]
    await asyncio.gather(*(harness.application.process_update(u) for u in updates))
    pressed = {message_id for message_id, _data in presses}
    new = [m["text"] for m in harness.core.messages(chat_id, before)]
    edited = [harness.current(chat_id, m)["text"] for m in pressed]
    return new + edited


async def _count(harness: BotHarness, query: Any) -> int:
    async with harness.services.db.transaction() as session:
        return int(await session.scalar(query) or 0)


async def test_concurrent_sends_of_many_drafts_keep_the_daily_cap(harness: BotHarness) -> None:
    await plan(harness)
    await harness.follow_link(ANNA, "wt_1")
    limit = harness.services.settings.broadcasts_per_day
    previews = [(await harness.send(ADMIN, f"/bericht 1 bericht {n}"))[0] for n in range(9)]
    texts = await press_at_once(
        harness, ADMIN, [(p["message_id"], f"bc:{n + 1}:send") for n, p in enumerate(previews)]
    )
    queued = select(func.count(Broadcast.id)).where(Broadcast.state == "queued")
    assert await _count(harness, queued) == limit
    assert sum(t.startswith("Het bericht gaat") for t in texts) == limit
    assert sum(t.startswith(f"Je hebt vandaag al {limit}") for t in texts) == 9 - limit
    assert not [t for t in texts if SORRY in t]


async def test_a_draft_pressed_six_times_at_once_goes_out_once(harness: BotHarness) -> None:
    await plan(harness)
    await harness.follow_link(ANNA, "wt_1")
    [preview] = await harness.send(ADMIN, "/bericht 1 hallo allemaal")
    texts = await press_at_once(harness, ADMIN, [(preview["message_id"], "bc:1:send")] * 6)
    assert not [t for t in texts if SORRY in t]
    assert [t for t in texts if t.startswith("Het bericht gaat")] != []
    assert sum(t.startswith("Dit bericht is al verstuurd") for t in texts) == 5
    to_anna = select(func.count(Delivery.id)).where(Delivery.chat_id == ANNA["id"])
    assert await _count(harness, to_anna) == 1


async def test_a_sign_up_approved_four_times_at_once_is_approved_once(
    harness: BotHarness,
) -> None:
    await harness.send(COR, "/start")
    before = harness.last_message_id(COR["id"])
    await complete_signup(harness)
    [note] = harness.core.messages(COR["id"], before)
    texts = await press_at_once(harness, COR, [(note["message_id"], "mod:ok:1")] * 4)
    assert not [t for t in texts if SORRY in t]
    assert sum(t.startswith("✅ Aanmelding #1 goedgekeurd") for t in texts) == 1
    assert texts.count("Aanmelding #1 is al afgehandeld.") == 3
    assert await _count(harness, select(func.count()).select_from(OfferOwner)) == 1
