"""Feedback sets: editing, who may use them, groups, the trend over a series, safe closing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.feedback.jobs import close_rounds
from tests.bot.feedback_support import (
    ANNA,
    BOB,
    CARLA,
    SEND_AT,
    attach_ready_made,
    counts_in_summary,
    polls_of,
    run_jobs,
    summary,
    vote,
    wijktafel_with_people,
)
from tests.bot.test_meetings import ADMIN, GROUP
from tests.bot.test_privacy import _register
from tests.clock import FakeClock
from tests.harness import BotHarness, labels, user

OLGA = user(1050, name="Olga")


async def test_questions_are_changed_added_and_removed(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    [shown] = await harness.send(ADMIN, "/feedback 1 2 meer Wat nam je mee? | tips | contacten")
    assert "2. Wat nam je mee?" in shown["text"]
    assert "meer antwoorden mogelijk: tips / contacten" in shown["text"]
    [shown] = await harness.send(ADMIN, "/feedback 1 4 schaal Hoe was de sfeer?")
    assert "4. Hoe was de sfeer?" in shown["text"]
    [error] = await harness.send(ADMIN, "/feedback 1 6 Nog een? | ja | nee")
    assert error["text"].startswith("Welke vraag?")
    [error] = await harness.send(ADMIN, "/feedback 1 2 Alleen een vraag")
    assert error["text"].startswith("Geef 2 tot 10 antwoordopties")
    [shown] = await harness.send(ADMIN, "/feedback 1 3 -")
    assert "Kom je de volgende keer?" not in shown["text"]
    assert "3. Hoe was de sfeer?" in shown["text"]
    [shown] = await harness.send(ADMIN, "/feedback 1 open Wat wil je ons meegeven?")
    assert "Open vraag: Wat wil je ons meegeven?" in shown["text"]
    await harness.press(ADMIN, shown, "⏱ Versturen: 2 uur na afloop")
    await harness.press(ADMIN, shown, "✍️ Open vraag: aan")
    now = harness.current(ADMIN["id"], shown["message_id"])
    assert "⏱ Versturen: 4 uur na afloop" in labels(now)
    assert "✍️ Open vraag: uit" in labels(now)
    # Sent four hours after the end, as the organiser's own questions, without a remark.
    await run_jobs(harness, SEND_AT)
    assert polls_of(harness, ANNA["id"]) == []
    await run_jobs(harness, SEND_AT + timedelta(hours=2))
    polls = polls_of(harness, ANNA["id"])
    assert [p["question"] for p in polls] == [
        "Hoe nuttig was deze wijktafel?",
        "Wat nam je mee?",
        "Hoe was de sfeer?",
    ]
    assert polls[1]["allows_multiple_answers"] is True
    assert labels(harness.core.messages(ANNA["id"])[-1]) == []  # no remark button
    # Changing the set now does not change the round that was sent.
    await harness.send(ADMIN, "/feedback 1 2 -")
    await vote(harness, ANNA, polls[1], 0, 1)
    counts = counts_in_summary((await summary(harness))["text"])
    assert (counts[(2, "tips")], counts[(2, "contacten")]) == (1, 1)


async def test_only_organisers_and_coordinators_and_only_their_own_sets(
    harness: BotHarness,
) -> None:
    await wijktafel_with_people(harness)
    [refused] = await harness.send(ANNA, "/feedback")
    assert refused["text"].startswith("Sorry, /feedback is voor organisatoren")
    await attach_ready_made(harness)
    await _register(harness, OLGA)
    await harness.send(ADMIN, "/rol 1050 organisator")
    [not_hers] = await harness.send(OLGA, "/feedback 1")
    assert "bestaat niet, of is niet van jou" in not_hers["text"]
    stale = {"message_id": not_hers["message_id"], "data": "fbs:1:del"}
    [still_not] = await harness.feed({"user": OLGA, "press": stale})
    assert "is niet van jou" in still_not["text"]
    # The role alone gives no wijktafel: a coordinator makes her organiser of one.
    [granted] = await harness.send(ADMIN, "/rol 1050 organisator 1")
    assert "1050 is nu organisator van wijktafel Wijktafel Dapperbuurt" in granted["text"]
    shown = await attach_ready_made(harness, OLGA)
    assert "Vragenlijst 2" in shown["text"]
    [overview] = await harness.send(OLGA, "/feedback")
    assert "2 · hele reeks Wijktafel Dapperbuurt" in overview["text"]
    assert "1 · hele reeks Wijktafel Dapperbuurt" in overview["text"]  # the coordinator's too
    [help_text] = await harness.send(OLGA, "/help")
    assert "/feedback" in help_text["text"]
    [in_group] = await harness.send(OLGA, "/feedback", chat=GROUP)
    assert "privégesprek" in in_group["text"]
    await harness.press(OLGA, shown, "🗑 Vragenlijst verwijderen (nog niets verstuurd)")
    assert harness.current(OLGA["id"], shown["message_id"])["text"].startswith(
        "Vragenlijst 2 is verwijderd"
    )


async def _group_subscribes(harness: BotHarness) -> None:
    payload: dict[str, Any] = {
        "user": ADMIN,
        "chat": GROUP,
        "text": "/start wt_1",
        "member_status": "administrator",
    }
    await harness.feed(payload)


async def test_all_subscribers_and_an_anonymous_poll_in_the_group(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await _group_subscribes(harness)
    shown = await attach_ready_made(harness)
    await harness.press(ADMIN, shown, "👥 Naar: wie 'ik kom' zei")
    await harness.press(ADMIN, shown, "💬 Ook in groepen: nee")
    assert labels(harness.current(ADMIN["id"], shown["message_id"]))[:2] == [
        "👥 Naar: alle abonnees",
        "💬 Ook in groepen: ja",
    ]
    await run_jobs(harness, SEND_AT)
    assert len(polls_of(harness, CARLA["id"])) == 3  # everyone subscribed, also who said no
    group = harness.core.messages(GROUP["id"])[-4:]
    assert group[0]["text"].startswith("📝 Hoe was Wijktafel Dapperbuurt")
    assert "anoniem" in group[0]["text"]
    group_polls = [m["poll"] for m in group[1:]]
    assert all(p["is_anonymous"] for p in group_polls)
    for voter, option in ((BOB, 4), (CARLA, 4), (user(1077, name="Dirk"), 0)):
        await harness.feed(
            {
                "user": voter,
                "chat": GROUP,
                "poll_answer": {"poll_id": group_polls[0]["id"], "option_ids": [option]},
            }
        )
    await vote(harness, ANNA, polls_of(harness, ANNA["id"])[0], 2)
    text = (await summary(harness))["text"]
    counts = counts_in_summary(text)
    assert counts[(1, "5 – heel erg")] == 2  # noqa: RUF001
    assert counts[(1, "1 – helemaal niet")] == 1  # noqa: RUF001
    assert counts[(1, "3")] == 1
    assert "Respons: 1 van 3 (33%)" in text  # group votes count, but not as people asked
    await run_jobs(harness, SEND_AT + timedelta(hours=96))
    assert all(p["is_closed"] for p in polls_of(harness, GROUP["id"]))
    assert counts_in_summary((await summary(harness))["text"]) == counts


async def test_the_trend_follows_the_meetings_of_the_series(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    shown = await attach_ready_made(harness)
    await harness.press(ADMIN, shown, "👥 Naar: wie 'ik kom' zei")
    await run_jobs(harness, SEND_AT)
    await vote(harness, ANNA, polls_of(harness, ANNA["id"])[0], 4)
    await run_jobs(harness, SEND_AT + timedelta(days=5))
    # Six weeks on, 12 January 2027, the next meeting of the series.
    await run_jobs(harness, datetime(2027, 1, 12, 22, 0, tzinfo=UTC))
    second = polls_of(harness, ANNA["id"])[3:]
    assert len(second) == 3
    await vote(harness, ANNA, second[0], 2)
    await vote(harness, BOB, polls_of(harness, BOB["id"])[3], 1)
    text = (await summary(harness))["text"]
    assert "dinsdag 12 januari 2027" in text
    assert "Verloop (gemiddelde score): 1 dec 5,0 → 12 jan 2,5" in text


class FlakyBot:
    """Stops polls like the real bot, but Telegram says 'slow down' at the n-th call."""

    def __init__(self, harness: BotHarness, fail_at: int) -> None:
        self.bot, self.calls, self.fail_at = harness.application.bot, 0, fail_at

    async def stop_poll(self, chat_id: int, message_id: int) -> Any:
        from telegram.error import RetryAfter

        self.calls += 1
        if self.calls == self.fail_at:
            raise RetryAfter(3)
        return await self.bot.stop_poll(chat_id, message_id)


async def test_closing_continues_after_a_flood_limit_without_stopping_twice(
    harness: BotHarness,
) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, SEND_AT)
    harness.clock.now = SEND_AT + timedelta(hours=96)
    flaky: Any = FlakyBot(harness, fail_at=3)
    report = await close_rounds(flaky, harness.services)
    assert (report.closed_polls, report.closed_rounds) == (2, 0)
    report = await close_rounds(harness.application.bot, harness.services)
    assert (report.closed_polls, report.closed_rounds) == (4, 1)
    stops = [c for c in harness.core.calls() if c["method"] == "stopPoll"]
    assert len(stops) == 6
    assert all(p["is_closed"] for p in polls_of(harness, ANNA["id"]) + polls_of(harness, BOB["id"]))


async def test_a_paused_set_sends_nothing_and_a_sent_set_keeps_its_results(
    harness: BotHarness,
) -> None:
    await wijktafel_with_people(harness)
    shown = await attach_ready_made(harness)
    await harness.press(ADMIN, shown, "⏸ Pauzeren (nu: actief)")
    await run_jobs(harness, SEND_AT)
    assert polls_of(harness, ANNA["id"]) == []
    [shown] = await harness.send(ADMIN, "/feedback 1")
    await harness.press(ADMIN, shown, "▶️ Weer versturen (nu: gepauzeerd)")
    await run_jobs(harness, SEND_AT + timedelta(minutes=1))
    assert len(polls_of(harness, ANNA["id"])) == 3
    [shown] = await harness.send(ADMIN, "/feedback 1")
    assert not any(label.startswith("🗑") for label in labels(shown))
    stale = {"message_id": shown["message_id"], "data": "fbs:1:del"}
    [kept] = await harness.feed({"user": ADMIN, "press": stale})
    assert kept["text"].startswith("Vragenlijst 1 is al verstuurd; de resultaten blijven bewaard")
    assert (await summary(harness))["text"].startswith("📊 Wijktafel Dapperbuurt")


async def test_a_restart_between_starting_and_sending_repeats_nothing(
    database_url: str, clock: FakeClock
) -> None:
    from bot.feedback.jobs import start_rounds
    from sandbox import SandboxCore
    from tests.bot.test_delivery import drain, running

    core = SandboxCore(clock=lambda: clock().timestamp())
    async with running(database_url, clock, core) as first:
        await wijktafel_with_people(first)
        await attach_ready_made(first)
        clock.now = SEND_AT
        assert (await start_rounds(first.services)).rounds == 1
    # The process stops before anything was sent; the next one finds the queue and the round.
    async with running(database_url, clock, core) as again:
        clock.advance(minutes=1)
        assert (await start_rounds(again.services)).rounds == 0
        assert (await drain(again)).sent == 10  # intro, three polls, remark for Anna and Bob
        await run_jobs(again, SEND_AT + timedelta(minutes=2))
        assert len(polls_of(again, ANNA["id"])) == 3
        await vote(again, ANNA, polls_of(again, ANNA["id"])[0], 4)
        assert "Respons: 1 van 2 (50%)" in (await summary(again))["text"]
