"""/bijeenkomst step by step: plan, validate each step, go back, stop, preview and save."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import Meeting, MeetingDraft, Wijktafel
from bot.meetings.jobs_drafts import remove_old_drafts
from tests.bot.test_moderation import _submitted
from tests.bot.test_privacy import _register, _rows_mentioning
from tests.bot.test_signup import VERA, last
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user

ADMIN = user(ADMIN_ID, name="Cor")
ANNA = user()
NEW = "\N{HEAVY PLUS SIGN} Nieuwe bijeenkomst"
LATER = "Later \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"
EARLIER = "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK} Eerder"


async def tap(harness: BotHarness, message: dict[str, Any], label: str) -> dict[str, Any]:
    """Press a button; the bot's answer is a new message or the same message edited."""
    sender = user(message["chat"]["id"]) if "chat" in message else ADMIN
    new = await harness.press(sender, message, label)
    return new[-1] if new else harness.current(ADMIN_ID, message["message_id"])


async def say(harness: BotHarness, text: str) -> dict[str, Any]:
    """The coordinator types; the bot answers with one message."""
    [reply] = await harness.send(ADMIN, text)
    return reply


async def _meeting(harness: BotHarness) -> tuple[Meeting, Wijktafel]:
    async with harness.services.db.transaction() as session:
        meeting = (await session.scalars(select(Meeting))).one()
        table = await session.get(Wijktafel, meeting.wijktafel_id)
        assert table is not None
        return meeting, table


async def start_new(harness: BotHarness) -> dict[str, Any]:
    """/bijeenkomst → new meeting: the question which wijktafel."""
    menu = await say(harness, "/bijeenkomst")
    assert labels(menu)[0] == NEW
    return await tap(harness, menu, NEW)


async def test_plan_a_recurring_meeting_step_by_step(harness: BotHarness) -> None:
    question = await start_new(harness)
    assert question["text"].startswith("Voor welke wijktafel is het?")
    reply = await say(harness, "Wijktafel Indische Buurt")
    assert reply["text"].startswith("In welk gebied is Wijktafel Indische Buurt?")
    reply = await say(harness, "Indishe Buurt")  # a typo is forgiven
    assert reply["text"].startswith("Wat is de titel")
    reply = await tap(harness, reply, "Zelfde als de wijktafel: Wijktafel Indische Buurt")
    assert reply["text"].startswith("Wanneer begint het?")
    reply = await say(harness, "di 1 dec 19:30")
    assert "dinsdag 1 december 2026 19:30" in reply["text"]
    reply = await say(harness, "21:00")
    assert reply["text"].startswith("Waar is het?")
    reply = await say(harness, "Buurthuis De Meevaart, Balk in 't Oogstraat 1")
    assert labels(reply) == ["Overslaan"]
    [reply] = await harness.feed(
        {"user": ADMIN, "location": {"latitude": 52.3601, "longitude": 4.9392}}
    )
    assert reply["text"].startswith("Wat staat er op de agenda?")
    reply = await say(harness, "Kennismaken; eenzaamheid in de winter")
    assert reply["text"].startswith("Is er een online link")
    reply = await tap(harness, reply, "Overslaan")
    assert reply["text"].startswith("Is er een maximum")
    reply = await say(harness, "2")
    assert labels(reply) == [
        "Eenmalig",
        "Elke week op dinsdag",
        "Om de … weken op dinsdag",
        "Elke eerste dinsdag van de maand",
        "Anders (RRULE)…",
    ]
    reply = await tap(harness, reply, "Om de … weken op dinsdag")
    reply = await say(harness, "6")
    assert reply["text"].startswith("Klopt dit?")
    assert "🔁 Om de 6 weken op dinsdag" in reply["text"]
    assert "👥 max. 2 deelnemers" in reply["text"]
    assert "📝 Kennismaken; eenzaamheid in de winter" in reply["text"]
    saved = await tap(harness, reply, "Opslaan")
    assert saved["text"].startswith("Bijeenkomst opgeslagen:")
    assert "https://t.me/wijkwijzer_bot?start=wt_1" in saved["text"]

    meeting, table = await _meeting(harness)
    assert (table.name, table.area) == ("Wijktafel Indische Buurt", "Indische Buurt")
    assert meeting.rrule == "FREQ=WEEKLY;INTERVAL=6;BYDAY=TU"
    assert (meeting.duration_minutes, meeting.capacity) == (90, 2)
    assert (meeting.latitude, meeting.longitude) == (52.3601, 4.9392)
    assert meeting.online_url is None
    async with harness.services.db.transaction() as session:
        assert (await session.scalars(select(MeetingDraft))).all() == []


async def test_each_step_checks_what_was_typed(harness: BotHarness) -> None:
    await start_new(harness)
    await say(harness, "Broodje Casus Oost")
    reply = await say(harness, "Nergensland")
    assert reply["text"].startswith("Dit gebied ken ik niet: Nergensland")
    await say(harness, "Oost")
    reply = await say(harness, "Lunch")
    assert reply["text"].startswith("Wanneer begint het?")
    reply = await say(harness, "ooit")
    assert reply["text"].startswith("Deze datum en tijd begrijp ik niet: ooit")
    reply = await say(harness, "wo 1 dec 12:00")
    assert reply["text"].startswith("Let op: dat is dinsdag 1 december 2026")
    reply = await say(harness, "2025-12-01 12:00")
    assert reply["text"].startswith("Dat moment is al voorbij")
    reply = await say(harness, "do 3 dec 12:00")
    assert reply["text"].startswith("Het begint donderdag 3 december 2026 12:00")
    reply = await say(harness, "11:00")
    assert reply["text"].startswith("Het einde moet na het begin liggen")
    await say(harness, "13:30")
    await say(harness, "Huis van de Wijk")
    reply = await say(harness, "hier")
    assert reply["text"].startswith("Deel een locatie")
    reply = await tap(harness, reply, "Overslaan")
    reply = await tap(harness, reply, "Overslaan")
    reply = await say(harness, "zoom.us/j/1")
    assert reply["text"].startswith("Een link begint met https://")
    await say(harness, "https://zoom.us/j/1")
    reply = await say(harness, "veel")
    assert reply["text"].startswith("Typ een getal van 1 tot 10000")
    reply = await tap(harness, reply, "Overslaan")
    assert "Elke eerste donderdag van de maand" in labels(reply)
    reply = await tap(harness, reply, "Anders (RRULE)…")
    reply = await say(harness, "FREQ=WEEKLY;BYDAY=MO")  # never on the chosen Thursday
    assert reply["text"].startswith("Deze herhaling begrijp ik niet")
    reply = await say(harness, "/terug")
    assert reply["text"].startswith("Komt de bijeenkomst terug?")
    reply = await tap(harness, reply, "Elke eerste donderdag van de maand")
    assert "🔁 Elke eerste donderdag van de maand" in reply["text"]
    assert "💻 https://zoom.us/j/1" in reply["text"]
    await tap(harness, reply, "Opslaan")
    meeting, _ = await _meeting(harness)
    assert meeting.rrule == "FREQ=MONTHLY;BYDAY=1TH"
    assert meeting.online_url == "https://zoom.us/j/1"


async def test_back_stop_resume_and_stale_buttons(harness: BotHarness) -> None:
    question = await start_new(harness)
    await say(harness, "Wijktafel Dapperbuurt")
    reply = await say(harness, "/terug")
    assert reply["text"].startswith("Voor welke wijktafel is het?")
    await say(harness, "Wijktafel Dapperbuurt")
    reply = await say(harness, "/bijeenkomst")  # continues where the coordinator was
    assert reply["text"].startswith("Je was hier gebleven:")
    press = {"message_id": question["message_id"], "data": "mt:menu:new"}
    [stale] = await harness.feed({"user": ADMIN, "press": press})
    assert stale["text"].startswith("Die knop hoort bij een eerdere stap")
    assert "In welk gebied is Wijktafel Dapperbuurt?" in stale["text"]
    reply = await say(harness, "/stop")
    assert reply["text"] == "Gestopt: er is niets gepland."
    # Without a meeting draft, /stop is the sign-up's again.
    reply = await say(harness, "/stop")
    assert reply["text"].startswith("Je bent niets aan het aanmelden")


async def test_only_coordinators_plan_and_press(harness: BotHarness) -> None:
    [refused] = await harness.send(ANNA, "/bijeenkomst")
    assert "coördinator" in refused["text"]
    question = await start_new(harness)
    press = {"message_id": question["message_id"], "data": "mt:table:pick:1"}
    [refused] = await harness.feed({"user": ANNA, "press": press})
    assert "coördinator" in refused["text"]


async def test_my_data_lists_and_forget_erases_a_meeting_draft(harness: BotHarness) -> None:
    await _register(harness, ADMIN)
    await start_new(harness)
    mine = await say(harness, "/mijngegevens")
    assert "Je bent een bijeenkomst aan het plannen" in mine["text"]
    confirm = await say(harness, "/vergeetmij")
    await harness.press(ADMIN, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, ADMIN_ID) == []


async def test_a_later_moderation_request_gets_the_typed_text(harness: BotHarness) -> None:
    await start_new(harness)
    harness.clock.advance(minutes=1)
    note = await _submitted(harness)
    await harness.press(ADMIN, note, "⛔ Afwijzen")
    await harness.send(ADMIN, "Dit is een commercieel bedrijf.")
    assert (
        "De coördinator schrijft: Dit is een commercieel bedrijf." in (last(harness, VERA)["text"])
    )
    reply = await say(harness, "Wijktafel Dapperbuurt")  # the planning continues
    assert reply["text"].startswith("In welk gebied is Wijktafel Dapperbuurt?")


async def test_many_meetings_and_wijktafels_are_paged(harness: BotHarness) -> None:
    for day in range(1, 9):
        form = f"/bijeenkomst Tafel {day} | Oost | 2026-12-{day:02d} 19:30 | 60 | Buurthuis"
        await say(harness, form)
    menu = await say(harness, "/bijeenkomst")
    assert labels(menu)[1:] == [f"✏️ Tafel {d} ({d} dec)" for d in range(1, 7)] + [LATER]
    second = await tap(harness, menu, LATER)
    assert labels(second)[1:] == ["✏️ Tafel 7 (7 dec)", "✏️ Tafel 8 (8 dec)", EARLIER]
    tables = await tap(harness, second, NEW)
    assert labels(tables)[-1] == LATER
    tables = await tap(harness, tables, LATER)
    title = await tap(harness, tables, "Tafel 8 (Oost)")
    assert title["text"].startswith("Wat is de titel")


async def test_a_menu_lets_questions_through_and_old_drafts_go(harness: BotHarness) -> None:
    await say(harness, "/bijeenkomst")
    answer = await say(harness, "taalcafé Osdorp")
    assert "knoppen" not in answer["text"]
    await start_new(harness)
    harness.clock.advance(days=6)
    assert await remove_old_drafts(harness.services) == 0
    harness.clock.advance(days=2)
    assert await remove_old_drafts(harness.services) == 1
    reply = await say(harness, "/stop")
    assert not reply["text"].startswith("Gestopt")
