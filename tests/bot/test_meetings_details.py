"""The small things of planning: dated examples, links, the saved card, headers, reminders,
/aanmeldingen without empty dates and /agenda after unsubscribing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.meetings.when import examples, parse_moment
from tests.bot.test_meetings import ADMIN, ANNA, WEEK_BEFORE, plan, remind
from tests.bot.test_meetings_plan import say, start_new, tap
from tests.harness import BotHarness


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "day", [datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2031, 2, 28, 23, tzinfo=UTC)]
)
def test_examples_are_ahead_and_parse(language: str, day: datetime) -> None:
    found = examples(day, language)
    for text in found.values():
        moment = parse_moment(text, day)
        assert isinstance(moment, datetime)
        assert moment > day
    assert parse_moment(found["example_short"], day) == parse_moment(found["example_iso"], day)


async def _to_start(harness: BotHarness) -> dict[str, object]:
    await start_new(harness)
    await say(harness, "Wijktafel Indische Buurt")
    reply = await say(harness, "Indische Buurt")
    return await tap(harness, reply, "Zelfde als de wijktafel: Wijktafel Indische Buurt")


async def test_the_start_example_is_dated_from_today(harness: BotHarness) -> None:
    reply = await _to_start(harness)
    assert "di 8 dec 19:30" in str(reply["text"])
    assert "2026-12-08 19:30" in str(reply["text"])
    assert "2026-12-01" not in str(reply["text"])
    wrong = await say(harness, "ooit")
    assert "2026-12-08 19:30" in wrong["text"]
    [usage] = await harness.send(ADMIN, "/bijeenkomst a | b")
    assert "| 2026-12-08 19:30 |" in usage["text"]
    harness.clock.now = datetime(2027, 6, 1, 9, tzinfo=UTC)
    [later] = await harness.send(ADMIN, "/bijeenkomst a | b")
    assert "| 2027-06-15 19:30 |" in later["text"]


async def _to_link(harness: BotHarness) -> dict[str, object]:
    await _to_start(harness)
    await say(harness, "do 3 dec 12:00")
    await say(harness, "13:30")
    reply = await say(harness, "Huis van de Wijk")
    reply = await tap(harness, reply, "Overslaan")
    return await tap(harness, reply, "Overslaan")


async def test_a_link_without_https_is_refused_not_completed(harness: BotHarness) -> None:
    question = await _to_link(harness)
    assert str(question["text"]).startswith("Is er een online link")
    for typed in ("meet.jit.si/x", "http://meet.jit.si/x", "https://"):
        reply = await say(harness, typed)
        assert reply["text"].startswith("Een link begint met https://"), typed
    reply = await say(harness, "https://meet.jit.si/x")
    assert reply["text"].startswith("Is er een maximum")


async def test_editing_the_link_refuses_one_without_https(harness: BotHarness) -> None:
    await plan(harness)
    menu = await say(harness, "/bijeenkomst")
    edit = await tap(harness, menu, "✏️ Wijktafel Dapperbuurt (1 dec)")
    await tap(harness, edit, "Online link")
    reply = await say(harness, "meet.jit.si/x")
    assert reply["text"].startswith("Een link begint met https://")


async def test_the_saved_card_keeps_the_recurrence_and_no_repeated_names(
    harness: BotHarness,
) -> None:
    [saved] = await harness.send(
        ADMIN,
        "/bijeenkomst Wijktafel Dapperbuurt | Dapperbuurt | 2026-12-01 19:30 | 90 | "
        "Buurthuis | FREQ=WEEKLY;INTERVAL=6;BYDAY=TU",
    )
    text = saved["text"]
    assert text.startswith("Bijeenkomst opgeslagen:\n\nWijktafel Dapperbuurt\n🗓 dinsdag 1 december")
    assert "🔁 Om de 6 weken op dinsdag" in text
    assert text.count("Dapperbuurt") == 1
    [other] = await harness.send(
        ADMIN, "/bijeenkomst Buurtoverleg | Osdorp | 2026-12-02 10:00 | 60 | Tuinen van West"
    )
    assert "Buurtoverleg (Osdorp)\n🗓" in other["text"]
    assert "🔁" not in other["text"]


async def test_the_reminder_setting_reads_as_words(harness: BotHarness) -> None:
    await plan(harness)
    menu = await say(harness, "/bijeenkomst")
    edit = await tap(harness, menu, "✏️ Wijktafel Dapperbuurt (1 dec)")
    ask = await tap(harness, edit, "Herinneringen")
    assert ask["text"].startswith("Nu: 7, 1 dagen vooraf om 10:00")
    reply = await say(harness, "2 om 10:30")
    ask = await tap(harness, reply, "Herinneringen")
    assert ask["text"].startswith("Nu: 2 dagen vooraf om 10:30")
    reply = await say(harness, "1")
    ask = await tap(harness, reply, "Herinneringen")
    assert ask["text"].startswith("Nu: 1 dag vooraf om 10:30")


async def test_rsvps_leave_out_dates_nobody_answered_for(harness: BotHarness) -> None:
    payload = await plan(harness)
    [nobody] = await harness.send(ADMIN, "/aanmeldingen")
    assert nobody["text"] == "Voor de komende bijeenkomsten heeft nog niemand gereageerd."
    await harness.follow_link(ANNA, payload)
    before = harness.last_message_id(ANNA["id"])
    await remind(harness, WEEK_BEFORE)
    [reminder] = harness.core.messages(ANNA["id"], before)
    await harness.press(ANNA, reminder, "Ik kom")
    [counts] = await harness.send(ADMIN, "/aanmeldingen")
    assert "dinsdag 1 december" in counts["text"]
    assert "dinsdag 12 januari" not in counts["text"]  # the next date: nobody yet
    assert counts["text"].count("kunnen niet") == 1
