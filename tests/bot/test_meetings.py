"""Wijktafels through the real Application: plan, subscribe, remind, RSVP, .ics, unsubscribe."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.delivery.sender import deliver_due
from bot.meetings.jobs_reminders import schedule_reminders
from tests.bot.test_privacy import _register, _rows_mentioning
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user

FORM = (
    "/bijeenkomst Wijktafel Dapperbuurt | Dapperbuurt | 2026-12-01 19:30 | 90 | "
    "Buurthuis De Meevaart | FREQ=WEEKLY;INTERVAL=6;BYDAY=TU"
)
WEEK_BEFORE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
DAY_BEFORE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GROUP: dict[str, Any] = {"id": -2001, "type": "supergroup", "title": "Buurtnetwerk Oost"}
ADMIN = user(ADMIN_ID, name="Cor")
ANNA = user()


async def plan(harness: BotHarness) -> str:
    """The coordinator plans a recurring meeting; returns the shared deep-link payload."""
    [reply] = await harness.send(ADMIN, FORM)
    assert "dinsdag 1 december 19:30" in reply["text"]
    assert "https://t.me/wijkwijzer_bot?start=wt_1" in reply["text"]
    assert "https://t.me/wijkwijzer_bot?startgroup=wt_1" in reply["text"]
    return "wt_1"


async def remind(harness: BotHarness, when: datetime) -> None:
    """Let the scheduler and the sender run at this moment."""
    harness.clock.now = when
    await schedule_reminders(harness.services)
    await deliver_due(harness.application.bot, harness.services)


async def test_form_usage_and_validation(harness: BotHarness) -> None:
    [reply] = await harness.send(ADMIN, "/bijeenkomst a | b")
    assert "/bijeenkomst wijktafel | wijk" in reply["text"]
    [reply] = await harness.send(ADMIN, "/bijeenkomst a | b | morgen | 90 | c")
    assert reply["text"].startswith("Deze datum en tijd begrijp ik niet: morgen")
    [reply] = await harness.send(
        ADMIN, "/bijeenkomst a | b | 2026-12-01 19:30 | 90 | c | FREQ=OOIT"
    )
    assert reply["text"].startswith("Deze herhaling begrijp ik niet")
    [reply] = await harness.send(ADMIN, "/bijeenkomst a | b | 2025-12-01 19:30 | 90 | c")
    assert reply["text"].startswith("Die datum ligt in het verleden")
    [reply] = await harness.send(ADMIN, "/bijeenkomst a | b | 2026-12-01 19:30 | lang | c")
    assert reply["text"].startswith("De duur is een aantal minuten")


async def test_only_coordinators_plan_meetings(harness: BotHarness) -> None:
    [reply] = await harness.send(ANNA, FORM)
    assert "coördinator" in reply["text"]


async def test_subscribe_remind_rsvp_agenda_ics_unsubscribe(harness: BotHarness) -> None:
    payload = await plan(harness)
    [welcome] = await harness.follow_link(ANNA, payload)
    assert welcome["text"].startswith("Je bent aangemeld voor Wijktafel Dapperbuurt")
    [again] = await harness.send(ANNA, f"/start {payload}")
    assert again["text"].startswith("Je was al aangemeld")

    before = harness.last_message_id(ANNA["id"])
    await remind(harness, WEEK_BEFORE)
    [reminder] = harness.core.messages(ANNA["id"], before)
    assert reminder["text"].startswith("Over een week")
    assert labels(reminder) == [
        "Ik kom",
        "Misschien",
        "Ik kan niet",
        "Geen herinneringen meer van Wijktafel Dapperbuurt",
    ]
    [noted] = await harness.press(ANNA, reminder, "Ik kom")
    assert noted["text"].startswith("Genoteerd: je komt naar Wijktafel Dapperbuurt")

    [counts] = await harness.send(ADMIN, "/aanmeldingen")
    assert "1 komen, 0 misschien, 0 kunnen niet" in counts["text"]
    assert "Komen: Anna" in counts["text"]
    assert "Herinneringen: 1 verstuurd, 0 mislukt, 0 geblokkeerd" in counts["text"]

    [listing] = await harness.send(ANNA, "/agenda")
    assert "dinsdag 1 december 19:30" in listing["text"]
    assert "dinsdag 12 januari 19:30" in listing["text"]  # six weeks on
    [document] = await harness.press(ANNA, listing, "📅 Hele reeks · Wijktafel Dapperbuurt")
    assert document["document"]["file_name"] == "wijktafel-1.ics"
    ics = harness.core.file_bytes(document["document"]["file_id"]) or b""
    assert b"RRULE:FREQ=WEEKLY;INTERVAL=6;BYDAY=TU\r\n" in ics
    assert b"DTSTART;TZID=Europe/Amsterdam:20261201T193000\r\n" in ics

    [bye] = await harness.press(ANNA, reminder, "Geen herinneringen meer van Wijktafel Dapperbuurt")
    assert bye["text"] == "Je krijgt geen herinneringen meer van Wijktafel Dapperbuurt."
    before = harness.last_message_id(ANNA["id"])
    await remind(harness, DAY_BEFORE)
    assert harness.core.messages(ANNA["id"], before) == []
    [empty] = await harness.send(ANNA, "/agenda")
    # Right after unsubscribing: "not now", never "not yet" as if they never were.
    assert empty["text"].startswith("Je volgt nu geen wijktafel")
    assert "nog niet" not in empty["text"]


async def _in_group(
    harness: BotHarness, sender: dict[str, Any], text: str, status: str
) -> list[dict[str, Any]]:
    return await harness.feed(
        {"user": sender, "chat": GROUP, "text": text, "member_status": status}
    )


async def test_only_a_group_admin_subscribes_the_group(harness: BotHarness) -> None:
    payload = await plan(harness)
    [refused] = await _in_group(harness, ANNA, f"/start {payload}", "member")
    assert refused["text"] == "Alleen een beheerder van deze groep kan dat doen."
    [done] = await _in_group(harness, ANNA, f"/start {payload}", "administrator")
    assert done["text"].startswith("Deze groep krijgt nu de herinneringen")
    await remind(harness, WEEK_BEFORE)
    reminder = harness.core.messages(GROUP["id"])[-1]
    assert reminder["text"].startswith("Over een week")
    bob = user(1002, name="Bob")
    await _in_group(harness, bob, "hallo", "member")  # Bob is in the group
    press = {"message_id": reminder["message_id"], "button": "Ik kom"}
    [answer] = await harness.feed({"user": bob, "chat": GROUP, "press": press})
    assert answer["text"].startswith("Genoteerd")
    unsub = {
        "message_id": reminder["message_id"],
        "button": "Geen herinneringen meer van Wijktafel Dapperbuurt",
    }
    [refused] = await harness.feed({"user": bob, "chat": GROUP, "press": unsub})
    assert refused["text"] == "Alleen een beheerder van deze groep kan dat doen."


async def test_unknown_link_is_explained(harness: BotHarness) -> None:
    [reply] = await harness.send(ANNA, "/start wt_99")
    assert "bestaat niet" in reply["text"]


async def test_my_data_lists_and_forget_erases_meeting_rows(harness: BotHarness) -> None:
    await _register(harness, ADMIN)
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    await remind(harness, WEEK_BEFORE)
    reminder = harness.core.messages(ANNA["id"])[-1]
    await harness.press(ANNA, reminder, "Misschien")
    [mine] = await harness.send(ANNA, "/mijngegevens")
    assert "Je krijgt herinneringen van: Wijktafel Dapperbuurt" in mine["text"]
    assert "Je antwoorden op uitnodigingen: 1" in mine["text"]
    [confirm] = await harness.send(ANNA, "/vergeetmij")
    await harness.press(ANNA, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, ANNA["id"]) == []
    [confirm] = await harness.send(ADMIN, "/vergeetmij")
    await harness.press(ADMIN, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, ADMIN_ID) == []


async def test_broadcast_preview_confirm_queue_and_report(harness: BotHarness) -> None:
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    [overview] = await harness.send(ADMIN, "/bericht", chat=GROUP)
    assert "1 · Wijktafel Dapperbuurt (Dapperbuurt): 1 abonnees" in overview["text"]
    [preview] = await harness.send(ADMIN, "/bericht 1 Let op: <b>andere</b> zaal!")
    assert "de 1 abonnees van Wijktafel Dapperbuurt" in preview["text"]
    assert "Let op: <b>andere</b> zaal!" in preview["text"]  # escaped, so shown as typed
    await harness.press(ADMIN, preview, "Versturen")
    assert harness.current(ADMIN_ID, preview["message_id"])["text"].startswith(
        "Het bericht gaat naar 1 ontvangers"
    )
    # A second (stale) press sends nothing more.
    again = {"message_id": preview["message_id"], "data": "bc:1:send"}
    [stale] = await harness.feed({"user": ADMIN, "press": again})
    assert stale["text"].startswith("Dit bericht is al")
    await deliver_due(harness.application.bot, harness.services)
    received = harness.core.messages(ANNA["id"])[-1]
    assert received["text"].startswith("Bericht van Wijktafel Dapperbuurt")
    assert "Let op: <b>andere</b> zaal!" in received["text"]  # shown as typed, not as bold
    assert labels(received) == ["Geen herinneringen meer van Wijktafel Dapperbuurt"]
    [report] = await harness.send(ADMIN, "/bericht")
    assert "1 verstuurd, 0 mislukt, 0 geblokkeerd, 0 wachtend" in report["text"]
    assert [m["text"] for m in harness.core.messages(ANNA["id"])].count(received["text"]) == 1


async def test_broadcast_can_be_cancelled_and_is_for_coordinators(harness: BotHarness) -> None:
    await plan(harness)
    [refused] = await harness.send(ANNA, "/bericht 1 hallo")
    assert "coördinator" in refused["text"]
    [preview] = await harness.send(ADMIN, "/bericht 1 hallo")
    await harness.press(ADMIN, preview, "Annuleren")
    assert harness.current(ADMIN_ID, preview["message_id"])["text"] == (
        "Het bericht is niet verstuurd."
    )


async def test_broadcasts_have_a_daily_cap(harness: BotHarness) -> None:
    await plan(harness)
    limit = harness.services.settings.broadcasts_per_day
    for n in range(limit):
        [preview] = await harness.send(ADMIN, f"/bericht 1 bericht {n}")
        await harness.press(ADMIN, preview, "Versturen")
    [preview] = await harness.send(ADMIN, "/bericht 1 nog een")
    [capped] = await harness.press(ADMIN, preview, "Versturen")
    assert capped["text"].startswith(f"Je hebt vandaag al {limit} berichten verstuurd")
    harness.clock.advance(days=1)
    await harness.press(ADMIN, preview, "Versturen")
    assert harness.current(ADMIN_ID, preview["message_id"])["text"].startswith("Het bericht gaat")
