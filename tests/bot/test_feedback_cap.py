"""A feedback round to all subscribers is a broadcast: it counts against the same daily cap as
/bericht, checked and counted in one step, and its texts keep a broadcast's bounds
(issue 15, item 15)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.db.models import Broadcast, FeedbackRound
from bot.feedback.jobs import start_rounds
from tests.bot.feedback_support import (
    ANNA,
    CARLA,
    SEND_AT,
    attach_ready_made,
    polls_of,
    run_jobs,
    wijktafel_with_people,
)
from tests.bot.test_meetings import ADMIN
from tests.bot.test_organisers import OLGA, _organiser_of_first
from tests.bot.test_privacy import _rows_mentioning
from tests.bot.test_races import SORRY, press_at_once
from tests.harness import BotHarness, labels

TO_YES = "👥 Naar: wie 'ik kom' zei"
# Local midnight after SEND_AT (23:00 in Amsterdam on Tuesday 1 December).
MIDNIGHT = SEND_AT + timedelta(hours=1)
AGAIN = "woensdag 2 december 00:00"


async def _set_for_everyone(harness: BotHarness, sender: dict[str, Any]) -> list[dict[str, Any]]:
    """Attach a ready-made set to the whole series and switch it to all subscribers; what the
    sender got besides the edited set."""
    shown = await attach_ready_made(harness, sender)
    replies = await harness.press(sender, shown, TO_YES)
    now = harness.current(sender["id"], shown["message_id"])
    assert "👥 Naar: alle abonnees" in labels(now)
    assert _nl(harness, "feedback.set.counts_as_broadcast") in now["text"]
    return replies


async def _rounds_sent_by(harness: BotHarness, user_id: int) -> int:
    async with harness.services.db.transaction() as session:
        query = select(func.count(FeedbackRound.id)).where(FeedbackRound.sent_by == user_id)
        return int(await session.scalar(query) or 0)


def _nl(harness: BotHarness, key: str, **values: Any) -> str:
    return harness.services.catalogues.translator("nl")(key, **values)


async def test_rounds_to_all_subscribers_keep_the_organisers_daily_cap(
    harness: BotHarness,
) -> None:
    await _organiser_of_first(harness)
    limit = harness.services.settings.broadcasts_per_day
    for _ in range(limit):
        assert await _set_for_everyone(harness, OLGA) == []
    await run_jobs(harness, SEND_AT)
    assert await _rounds_sent_by(harness, OLGA["id"]) == limit
    # Carla said she would not come: only the sets for everyone reach her.
    assert len(polls_of(harness, CARLA["id"])) == 3 * limit

    # One more set for everyone: the organiser hears at once that she is at the cap, and when
    # she can send again.
    [capped] = await _set_for_everyone(harness, OLGA)
    assert capped["text"] == _nl(harness, "feedback.cap.reached", limit=limit, again=AGAIN)

    # Its round waits (the organiser is told once), and goes after midnight.
    await run_jobs(harness, SEND_AT + timedelta(minutes=5))
    await run_jobs(harness, SEND_AT + timedelta(minutes=10))
    assert await _rounds_sent_by(harness, OLGA["id"]) == limit
    assert len(polls_of(harness, CARLA["id"])) == 3 * limit
    held = [
        m["text"]
        for m in harness.core.messages(OLGA["id"], capped["message_id"])
        if m["text"].startswith("Je vragenlijst na")
    ]
    assert held == [
        _nl(
            harness,
            "feedback.held",
            title="Wijktafel Dapperbuurt",
            when="dinsdag 1 december",
            limit=limit,
            again=AGAIN,
        )
    ]
    await run_jobs(harness, MIDNIGHT + timedelta(minutes=1))
    assert await _rounds_sent_by(harness, OLGA["id"]) == limit + 1
    assert len(polls_of(harness, CARLA["id"])) == 3 * (limit + 1)


async def test_broadcasts_and_rounds_to_everyone_share_one_cap(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    harness.clock.now = SEND_AT - timedelta(hours=1)
    limit = harness.services.settings.broadcasts_per_day
    for n in range(limit - 1):
        [preview] = await harness.send(ADMIN, f"/bericht 1 bericht {n}")
        await harness.press(ADMIN, preview, "Versturen")
        queued = harness.current(ADMIN["id"], preview["message_id"])
        assert queued["text"].startswith("Het bericht gaat")
    await _set_for_everyone(harness, ADMIN)
    await _set_for_everyone(harness, ADMIN)
    await run_jobs(harness, SEND_AT)
    assert await _rounds_sent_by(harness, ADMIN["id"]) == 1  # the other one waits
    [preview] = await harness.send(ADMIN, "/bericht 1 nog eentje")
    [refused] = await harness.press(ADMIN, preview, "Versturen")
    assert refused["text"] == "\n".join(
        [
            _nl(harness, "broadcast.cap", limit=limit),
            _nl(harness, "broadcast.cap.rounds", count=1),
        ]
    )


async def test_a_round_and_broadcasts_sent_at_once_keep_the_cap(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    limit = harness.services.settings.broadcasts_per_day
    for _ in range(3):
        await _set_for_everyone(harness, ADMIN)
    harness.clock.now = SEND_AT
    previews = [(await harness.send(ADMIN, f"/bericht 1 bericht {n}"))[0] for n in range(limit)]
    presses = [(p["message_id"], f"bc:{n + 1}:send") for n, p in enumerate(previews)]
    texts, _report = await asyncio.gather(
        press_at_once(harness, ADMIN, presses), start_rounds(harness.services)
    )
    async with harness.services.db.transaction() as session:
        queued = await session.scalar(
            select(func.count(Broadcast.id)).where(Broadcast.state == "queued")
        )
    assert int(queued or 0) + await _rounds_sent_by(harness, ADMIN["id"]) == limit
    assert not [t for t in texts if SORRY in t]


async def test_whoever_last_changed_a_set_for_everyone_sends_its_rounds(
    harness: BotHarness,
) -> None:
    await _organiser_of_first(harness)
    await _set_for_everyone(harness, ADMIN)
    await harness.send(OLGA, "/feedback 1 2 Wat nam je mee? | tips | contacten")
    await run_jobs(harness, SEND_AT)
    assert await _rounds_sent_by(harness, OLGA["id"]) == 1
    assert await _rounds_sent_by(harness, ADMIN["id"]) == 0
    # forgotten, she leaves no id on the set or on the round
    [confirm] = await harness.send(OLGA, "/vergeetmij")
    await harness.press(OLGA, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, OLGA["id"]) == []


async def test_a_set_for_everyone_whose_sender_was_forgotten_asks_who_said_yes(
    harness: BotHarness,
) -> None:
    await _organiser_of_first(harness)
    await _set_for_everyone(harness, OLGA)
    [confirm] = await harness.send(OLGA, "/vergeetmij")
    await harness.press(OLGA, confirm, "Ja, wis alles")
    await run_jobs(harness, SEND_AT)
    assert len(polls_of(harness, ANNA["id"])) == 3
    assert polls_of(harness, CARLA["id"]) == []  # she said no; no cap to count this against


async def test_poll_texts_keep_the_bounds_of_a_broadcast(harness: BotHarness) -> None:
    await _organiser_of_first(harness)
    await attach_ready_made(harness, OLGA)
    [error] = await harness.send(OLGA, "/feedback 1 2 Kom je? | ja")
    assert error["text"].startswith(_nl(harness, "feedback.error.option_count"))
    options = " | ".join(f"optie {n}" for n in range(11))
    [error] = await harness.send(OLGA, f"/feedback 1 2 Welke? | {options}")
    assert error["text"].startswith(_nl(harness, "feedback.error.option_count"))
    [error] = await harness.send(OLGA, "/feedback 1 2 Kom je? | ja | Ja\u200b")
    assert error["text"].startswith(_nl(harness, "feedback.error.duplicate"))
    # 300 characters once the invisible ones are out: a poll question Telegram takes
    question = "\u202e" + "x" * 299 + "?"
    [shown] = await harness.send(OLGA, f"/feedback 1 2 {question} | ja | nee")
    assert "\u202e" not in shown["text"]
    [shown] = await harness.send(OLGA, "/feedback 1 open \u2066Wat kan beter?\u2069")
    assert "Open vraag: Wat kan beter?" in shown["text"]
    await run_jobs(harness, SEND_AT)
    [_scale, asked, _next] = polls_of(harness, ANNA["id"])
    assert asked["question"] == "x" * 299 + "?"
    assert [o["text"] for o in asked["options"]] == ["ja", "nee"]
