"""Feedback after meetings: sending after the end, answers that change, summary, CSV, chart."""

from __future__ import annotations

from datetime import timedelta

from tests.bot.feedback_support import (
    ANNA,
    BOB,
    CARLA,
    ENDED,
    SEND_AT,
    attach_ready_made,
    counts_in_csv,
    counts_in_summary,
    polls_of,
    run_jobs,
    summary,
    vote,
    wijktafel_with_people,
)
from tests.bot.test_meetings import ADMIN
from tests.harness import BotHarness, labels


async def test_a_ready_made_set_is_attached_and_shown(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    shown = await attach_ready_made(harness)
    text = shown["text"]
    assert "Vragenlijst 1 voor hele reeks Wijktafel Dapperbuurt" in text
    assert "1. Hoe nuttig was deze wijktafel?" in text
    assert "schaal: 1 – helemaal niet / 2 / 3 / 4 / 5 – heel erg" in text  # noqa: RUF001
    assert "2. Heb je iemand nieuws leren kennen?" in text
    assert "3. Kom je de volgende keer?" in text
    assert "Open vraag: Wat kan beter?" in text
    assert labels(shown)[:4] == [
        "👥 Naar: wie 'ik kom' zei",
        "💬 Ook in groepen: nee",
        "✍️ Open vraag: aan",
        "⏱ Versturen: 2 uur na afloop",
    ]


async def test_sent_two_hours_after_the_end_to_who_said_yes_once(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, ENDED + timedelta(hours=1, minutes=59))
    assert polls_of(harness, ANNA["id"]) == []
    await run_jobs(harness, SEND_AT)
    messages = harness.core.messages(ANNA["id"])[-5:]
    intro, polls, remark = messages[0], messages[1:4], messages[4]
    assert intro["text"].startswith("📝 Hoe was Wijktafel Dapperbuurt op dinsdag 1 december?")
    assert "ziet alleen totalen, nooit wie wat antwoordde" in intro["text"]
    assert "zonder naam" in intro["text"]
    assert [p["poll"]["question"] for p in polls] == [
        "Hoe nuttig was deze wijktafel?",
        "Heb je iemand nieuws leren kennen?",
        "Kom je de volgende keer?",
    ]
    assert all(p["poll"]["is_anonymous"] is False for p in polls)
    assert [o["text"] for o in polls[2]["poll"]["options"]] == ["Ja", "Misschien", "Nee"]
    assert labels(remark) == ["✍️ Schrijf iets"]
    assert len(polls_of(harness, BOB["id"])) == 3
    assert polls_of(harness, CARLA["id"]) == []  # said she would not come
    await run_jobs(harness, SEND_AT + timedelta(minutes=5))
    assert len(polls_of(harness, ANNA["id"])) == 3  # never twice


async def test_answers_that_change_are_counted_and_match_the_csv(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, SEND_AT)
    anna, bob = polls_of(harness, ANNA["id"]), polls_of(harness, BOB["id"])
    await vote(harness, ANNA, anna[0], 4)
    await vote(harness, ANNA, anna[1], 0)
    await vote(harness, ANNA, anna[2], 1)
    await vote(harness, BOB, bob[0], 2)
    await vote(harness, BOB, bob[1], 1)
    [overview] = await harness.send(ADMIN, "/feedback")
    assert "📊 Wijktafel Dapperbuurt, 1 dec 2026 · 2/2 antwoordden" in labels(overview)
    shown = await summary(harness)
    assert "Respons: 2 van 2 (100%)" in shown["text"]
    assert "(2 antwoorden, gemiddeld 4,0)" in shown["text"]
    # Bob changes his mind on the scale and takes back his second answer.
    await vote(harness, BOB, bob[0], 3)
    await vote(harness, BOB, bob[1])
    assert await harness.press(ADMIN, shown, "🔄 Vernieuwen") == []  # edited in place
    refreshed = harness.current(ADMIN["id"], shown["message_id"])
    text = refreshed["text"]
    assert "(2 antwoorden, gemiddeld 4,5)" in text
    counts = counts_in_summary(text)
    assert counts[(1, "4")] == 1
    assert counts[(1, "5 – heel erg")] == 1  # noqa: RUF001
    assert counts[(1, "3")] == 0
    assert (counts[(2, "Ja")], counts[(2, "Nee")]) == (1, 0)
    assert (counts[(3, "Misschien")], counts[(3, "Ja")]) == (1, 0)
    [document] = await harness.press(ADMIN, refreshed, "📄 CSV")
    assert document["document"]["file_name"] == "feedback-1-2026-12-01.csv"
    data = harness.core.file_bytes(document["document"]["file_id"]) or b""
    rows_per_option, rows = counts_in_csv(data)
    assert {k: v for k, v in counts.items() if v} == dict(rows_per_option)
    assert all("Anna" not in str(r) and "1001" not in str(r) for r in rows)
    assert {r["value"] for r in rows if r["question_no"] == "1"} == {"4", "5"}


async def test_a_remark_is_taken_from_the_next_message_and_shown_without_name(
    harness: BotHarness,
) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, SEND_AT)
    remark = harness.core.messages(ANNA["id"])[-1]
    [go] = await harness.press(ANNA, remark, "✍️ Schrijf iets")
    assert go["text"].startswith("Typ je opmerking")
    [too_long] = await harness.send(ANNA, "x" * 501)
    assert "hoogstens 500" in too_long["text"]
    [thanks] = await harness.send(ANNA, "Meer tijd voor <kennismaking> graag")
    assert thanks["text"] == "Dank je! Je opmerking is genoteerd, zonder naam."
    # The next message is an ordinary question again.
    [answer] = await harness.send(ANNA, "taalcafé Osdorp")
    assert "opmerking" not in answer["text"]
    text = (await summary(harness))["text"]
    assert "• Meer tijd voor <kennismaking> graag" in text
    assert "Anna" not in text
    assert "Respons: 1 van 2 (50%)" in text


async def test_one_reminder_to_who_did_not_answer_then_polls_close(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, SEND_AT)
    await vote(harness, ANNA, polls_of(harness, ANNA["id"])[0], 3)
    before_anna, before_bob = (harness.last_message_id(c) for c in (ANNA["id"], BOB["id"]))
    await run_jobs(harness, SEND_AT + timedelta(hours=47, minutes=59))
    assert harness.core.messages(BOB["id"], before_bob) == []
    await run_jobs(harness, SEND_AT + timedelta(hours=48))
    [reminder] = harness.core.messages(BOB["id"], before_bob)
    assert reminder["text"].startswith("Nog even over Wijktafel Dapperbuurt")
    assert harness.core.messages(ANNA["id"], before_anna) == []
    await run_jobs(harness, SEND_AT + timedelta(hours=50))
    assert len(harness.core.messages(BOB["id"], before_bob)) == 1  # one reminder only
    await run_jobs(harness, SEND_AT + timedelta(hours=95, minutes=59))
    assert not any(p["is_closed"] for p in polls_of(harness, BOB["id"]))
    await run_jobs(harness, SEND_AT + timedelta(hours=96))
    assert all(p["is_closed"] for p in polls_of(harness, ANNA["id"]) + polls_of(harness, BOB["id"]))
    stops = [c for c in harness.core.calls() if c["method"] == "stopPoll"]
    assert len(stops) == 6
    await run_jobs(harness, SEND_AT + timedelta(hours=97))
    assert len([c for c in harness.core.calls() if c["method"] == "stopPoll"]) == 6
    remark = next(m for m in harness.core.messages(BOB["id"]) if labels(m) == ["✍️ Schrijf iets"])
    [closed] = await harness.press(BOB, remark, "✍️ Schrijf iets")
    assert closed["text"].startswith("Deze vragen zijn gesloten")
    text = (await summary(harness))["text"]
    assert "Gesloten." in text
    assert "Respons: 1 van 2 (50%)" in text


async def test_forget_detaches_answers_and_keeps_the_counts(harness: BotHarness) -> None:
    from sqlalchemy import select

    from bot.db.models import FeedbackInvite, FeedbackPoll
    from tests.bot.test_privacy import _rows_mentioning

    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, SEND_AT)
    anna = polls_of(harness, ANNA["id"])
    await vote(harness, ANNA, anna[0], 4)
    await vote(harness, ANNA, anna[1], 0)
    [mine] = await harness.send(ANNA, "/mijngegevens")
    assert "Terugkoppeling: gevraagd na 1 bijeenkomsten, 2 vragen beantwoord" in mine["text"]
    before = counts_in_summary((await summary(harness))["text"])
    [confirm] = await harness.send(ANNA, "/vergeetmij")
    await harness.press(ANNA, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, ANNA["id"]) == []
    after_text = (await summary(harness))["text"]
    assert counts_in_summary(after_text) == before
    assert "Respons: 1 van 2 (50%)" in after_text
    async with harness.services.db.transaction() as session:
        invites = (await session.scalars(select(FeedbackInvite))).all()
        assert sorted(i.chat_id or 0 for i in invites) == [0, BOB["id"]]
        detached = (
            await session.scalars(select(FeedbackPoll).where(FeedbackPoll.chat_id.is_(None)))
        ).all()
        assert len(detached) == 3
    # A vote arriving later on a forgotten person's poll no longer counts.
    await vote(harness, ANNA, anna[2], 0)
    assert counts_in_summary((await summary(harness))["text"]) == before


async def test_the_chart_is_a_png_in_the_organisers_language(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, SEND_AT)
    await vote(harness, ANNA, polls_of(harness, ANNA["id"])[0], 4)
    await vote(harness, BOB, polls_of(harness, BOB["id"])[0], 2)
    shown = await summary(harness)
    [photo] = await harness.press(ADMIN, shown, "📈 Grafiek")
    assert photo["text"] == "Resultaten van Wijktafel Dapperbuurt"
    png = harness.core.file_bytes(photo["photo"][-1]["file_id"]) or b""
    assert png.startswith(b"\x89PNG")
