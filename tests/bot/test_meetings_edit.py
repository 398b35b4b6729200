"""Editing meetings, the waiting list, delivery reports and reminders on short notice."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.db.models import Meeting, MeetingException, Wijktafel
from bot.delivery.sender import deliver_due
from bot.meetings.jobs_delivery_reports import send_reports
from bot.meetings.jobs_reminders import schedule_reminders
from tests.bot.test_meetings import ADMIN, ANNA, WEEK_BEFORE, plan, remind
from tests.bot.test_meetings_plan import NEW, say, tap
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user

BOB = user(1002, name="Bob")


async def _rows(harness: BotHarness) -> tuple[Meeting, Wijktafel, list[MeetingException]]:
    async with harness.services.db.transaction() as session:
        meeting = (await session.scalars(select(Meeting))).first()
        assert meeting is not None
        table = await session.get(Wijktafel, meeting.wijktafel_id)
        assert table is not None
        exceptions = list((await session.scalars(select(MeetingException))).all())
        return meeting, table, exceptions


async def test_edit_agenda_place_capacity_and_reminders(harness: BotHarness) -> None:
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    menu = await say(harness, "/bijeenkomst")
    assert labels(menu) == [NEW, "✏️ Wijktafel Dapperbuurt (1 dec)"]
    edit = await tap(harness, menu, "✏️ Wijktafel Dapperbuurt (1 dec)")
    assert "⏰ Herinneringen: 7, 1 dag(en) vooraf om 10:00" in edit["text"]
    assert "🔁 Om de 6 weken op dinsdag" in edit["text"]
    await tap(harness, edit, "Agenda")
    reply = await say(harness, "Nieuwe buurtbewoners; de winter")
    assert reply["text"].startswith("✅ Opgeslagen.")
    assert "📝 Nieuwe buurtbewoners; de winter" in reply["text"]
    await tap(harness, reply, "Capaciteit")
    reply = await say(harness, "nul")
    assert reply["text"].startswith("Typ een getal van 1 tot 10000")
    reply = await say(harness, "12")
    assert "👥 max. 12 deelnemers" in reply["text"]
    await tap(harness, reply, "Plaats")
    [reply] = await harness.feed(
        {"user": ADMIN, "location": {"latitude": 52.3625, "longitude": 4.9281}}
    )
    assert "🗺 https://www.openstreetmap.org/?mlat=52.362500&mlon=4.928100" in reply["text"]
    await tap(harness, reply, "Herinneringen")
    reply = await say(harness, "3, 0 om 9:30")
    assert "⏰ Herinneringen: 3, 0 dag(en) vooraf om 09:30" in reply["text"]

    done = await tap(harness, reply, "Klaar")
    assert done["text"].startswith("Klaar.")
    meeting, table, _ = await _rows(harness)
    assert (meeting.agenda, meeting.capacity) == ("Nieuwe buurtbewoners; de winter", 12)
    assert (table.reminder_offsets, table.reminder_time) == ("3,0", "09:30")


async def test_move_cancel_and_restore_one_date(harness: BotHarness) -> None:
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    menu = await say(harness, "/bijeenkomst")
    edit = await tap(harness, menu, "✏️ Wijktafel Dapperbuurt (1 dec)")
    dates = await tap(harness, edit, "Een datum verplaatsen of laten vervallen")
    assert labels(dates)[:2] == ["dinsdag 1 december 2026", "dinsdag 12 januari 2027"]
    choice = await tap(harness, dates, "dinsdag 12 januari 2027")
    menu = await tap(harness, choice, "Laten vervallen")
    assert menu["text"].startswith("✅ dinsdag 12 januari 2027 vervalt. 1 abonnee(s) krijgen")
    await deliver_due(harness.application.bot, harness.services)
    told = harness.core.messages(ANNA["id"])[-1]
    assert told["text"] == "❌ Wijktafel Dapperbuurt van dinsdag 12 januari gaat niet door."
    dates = await tap(harness, menu, "Een datum verplaatsen of laten vervallen")
    assert "dinsdag 12 januari 2027" not in labels(dates)
    choice = await tap(harness, dates, "↩️ dinsdag 12 januari 2027 (vervallen)")
    menu = await tap(harness, choice, "Terugzetten zoals gepland")
    assert menu["text"].startswith("✅ dinsdag 12 januari 2027 gaat weer door")
    dates = await tap(harness, menu, "Een datum verplaatsen of laten vervallen")
    choice = await tap(harness, dates, "dinsdag 1 december 2026")
    await tap(harness, choice, "Verplaatsen")
    reply = await say(harness, "di 2 dec 19:30")
    assert reply["text"].startswith("Let op: dat is woensdag 2 december 2026")
    reply = await say(harness, "wo 2 dec 19:30")
    assert reply["text"].startswith("✅ Verplaatst naar woensdag 2 december 2026 19:30")
    await deliver_due(harness.application.bot, harness.services)
    told = harness.core.messages(ANNA["id"])[-1]
    assert told["text"].startswith("📆 Let op: Wijktafel Dapperbuurt van dinsdag 1 december")
    assert "🗓 woensdag 2 december 19:30" in told["text"]
    assert labels(told)[0] == "Ik kom"
    done = await tap(harness, reply, "Klaar")
    assert done["text"].startswith("Klaar.")

    _, _, exceptions = await _rows(harness)
    assert [(e.occurrence, e.moved_to) for e in exceptions] == [
        (date(2026, 12, 1), datetime(2026, 12, 2, 18, 30, tzinfo=UTC))
    ]
    [listing] = await harness.send(ADMIN, "/agenda Dapperbuurt")
    assert "woensdag 2 december 19:30" in listing["text"]


async def _capacity_one(harness: BotHarness) -> None:
    async with harness.services.db.transaction() as session:
        meeting = (await session.scalars(select(Meeting))).one()
        meeting.capacity = 1


async def test_a_full_meeting_has_a_waiting_list_that_moves_up(harness: BotHarness) -> None:
    payload = await plan(harness)
    await _capacity_one(harness)
    for person in (ANNA, BOB):
        await harness.follow_link(person, payload)
    await remind(harness, WEEK_BEFORE)
    for_anna = harness.core.messages(ANNA["id"])[-1]
    for_bob = harness.core.messages(BOB["id"])[-1]
    [yes] = await harness.press(ANNA, for_anna, "Ik kom")
    assert yes["text"].startswith("Genoteerd: je komt")
    [full] = await harness.press(BOB, for_bob, "Ik kom")
    assert "Je staat op de wachtlijst, plek 1" in full["text"]
    [again] = await harness.press(BOB, for_bob, "Ik kom")
    assert "plek 1" in again["text"]
    [counts] = await harness.send(ADMIN, "/aanmeldingen")
    assert "Komen: Anna" in counts["text"]
    assert "Wachtlijst: Bob" in counts["text"]

    await harness.press(ANNA, for_anna, "Ik kan niet")
    await deliver_due(harness.application.bot, harness.services)
    news = harness.core.messages(BOB["id"])[-1]
    assert news["text"].startswith("🎉 Er is een plek vrijgekomen")
    assert labels(news)[:3] == ["Ik kom", "Misschien", "Ik kan niet"]
    [counts] = await harness.send(ADMIN, "/aanmeldingen")
    assert "Komen: Bob" in counts["text"]
    assert "Wachtlijst" not in counts["text"]


async def test_coordinator_gets_a_delivery_report_once_a_run_is_done(
    harness: BotHarness,
) -> None:
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    harness.clock.now = WEEK_BEFORE
    await schedule_reminders(harness.services)
    assert await send_reports(harness.services) == 0  # still being sent
    await deliver_due(harness.application.bot, harness.services)
    assert await send_reports(harness.services) == 1
    assert await send_reports(harness.services) == 0  # once
    await deliver_due(harness.application.bot, harness.services)
    report = harness.core.messages(ADMIN_ID)[-1]
    assert report["text"] == (
        "📬 Herinnering voor Wijktafel Dapperbuurt (dinsdag 1 december 19:30) verstuurd: "
        "1 verstuurd, 0 mislukt, 0 geblokkeerd."
    )

    preview = await say(harness, "/bericht 1 Andere zaal!")
    await harness.press(ADMIN, preview, "Versturen")
    await deliver_due(harness.application.bot, harness.services)
    assert await send_reports(harness.services) == 1
    await deliver_due(harness.application.bot, harness.services)
    assert harness.core.messages(ADMIN_ID)[-1]["text"] == (
        "📬 Je bericht aan Wijktafel Dapperbuurt is verstuurd: "
        "1 verstuurd, 0 mislukt, 0 geblokkeerd."
    )


async def test_a_meeting_planned_on_short_notice_gets_its_latest_reminder(
    harness: BotHarness,
) -> None:
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    # 12:00 in Amsterdam: tomorrow's meeting missed its day-before reminder (10:00) by two hours.
    harness.clock.now = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    await say(
        harness,
        "/bijeenkomst Wijktafel Dapperbuurt | Dapperbuurt | 2026-11-24 19:30 | 60 | Buurthuis",
    )
    before = harness.last_message_id(ANNA["id"])
    report = await schedule_reminders(harness.services)
    assert (report.reminders, report.skipped) == (1, 0)
    await deliver_due(harness.application.bot, harness.services)
    [reminder] = harness.core.messages(ANNA["id"], before)
    assert reminder["text"].startswith("Morgen is er weer een bijeenkomst")
    assert "dinsdag 24 november 19:30" in reminder["text"]
    assert harness.shown("reminder.late") not in reminder["text"]
    assert (await schedule_reminders(harness.services)).reminders == 0


async def test_edit_the_series_title_start_and_recurrence(harness: BotHarness) -> None:
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    menu = await say(harness, "/bijeenkomst")
    edit = await tap(harness, menu, "✏️ Wijktafel Dapperbuurt (1 dec)")
    assert "Titel" in labels(edit)
    await tap(harness, edit, "Titel")
    reply = await say(harness, "Wijktafel  Dapperbuurt en Oost")
    assert reply["text"].startswith("✅ Opgeslagen.")

    await tap(harness, reply, "Herhaling")
    refused = await say(harness, "FREQ=MONTHLY;BYDAY=1TH")  # would not start on the 1st
    assert refused["text"].startswith("Deze herhaling begrijp ik niet")
    reply = await say(harness, "FREQ=WEEKLY;INTERVAL=4;BYDAY=TU")
    assert "🔁 Om de 4 weken op dinsdag" in reply["text"]

    await tap(harness, reply, "Begintijd (hele reeks)")
    refused = await say(harness, "do 3 dec 19:30")
    assert refused["text"].startswith("Die datum past niet bij de herhaling")
    reply = await say(harness, "di 8 dec 20:00")
    assert reply["text"].startswith("✅ Verplaatst naar dinsdag 8 december 2026 20:00")
    await deliver_due(harness.application.bot, harness.services)
    told = harness.core.messages(ANNA["id"])[-1]
    assert "🗓 dinsdag 8 december 20:00" in told["text"]

    await tap(harness, reply, "Eindtijd")
    refused = await say(harness, "19:00")
    assert refused["text"].startswith("Het einde moet na het begin liggen.")
    assert "Nu: 21:30" in refused["text"]
    reply = await say(harness, "22:00")
    assert reply["text"].startswith("✅ Opgeslagen.")

    await tap(harness, reply, "Herhaling")
    reply = await say(harness, "geen")
    assert "Eenmalig" in reply["text"]
    meeting, _, _ = await _rows(harness)
    assert meeting.title == "Wijktafel Dapperbuurt en Oost"
    assert meeting.rrule is None
    assert meeting.starts_at == datetime(2026, 12, 8, 19, 0, tzinfo=UTC)
    assert meeting.duration_minutes == 120
