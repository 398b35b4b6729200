"""/agenda: by subscription or by area (typos, buurt→wijk→gebied→stadsdeel), pages, .ics files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import icalendar

from bot.meetings.recurrence import AMSTERDAM
from tests.bot.test_meetings import ADMIN, ANNA
from tests.harness import BotHarness, labels

LATER = "Later \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"
TABLES = (
    "Wijktafel Oost | Oost | 2026-12-01 19:30 | 90 | De Meevaart | FREQ=WEEKLY;BYDAY=TU",
    "Wijktafel Dapperbuurt | Dapperbuurt | 2026-12-03 15:00 | 60 | Dappermarkt",
    "Wijktafel Osdorp | Osdorp | 2026-12-02 10:00 | 60 | Tuinen van West",
)


async def _plan_all(harness: BotHarness) -> None:
    for form in TABLES:
        await harness.send(ADMIN, f"/bijeenkomst {form}")


def _calendar(harness: BotHarness, message: dict[str, Any]) -> icalendar.Calendar:
    data = harness.core.file_bytes(message["document"]["file_id"]) or b""
    return icalendar.Calendar.from_ical(data)


async def test_area_listing_follows_the_area_hierarchy(harness: BotHarness) -> None:
    await _plan_all(harness)
    [around] = await harness.send(ANNA, "/agenda Indishe Buurt")  # typo forgiven
    assert around["text"].startswith("Wijktafels in en rond Indische Buurt")
    assert "Wijktafel Oost" in around["text"]  # the stadsdeel's table
    assert "Dapperbuurt" not in around["text"]
    assert "Osdorp" not in around["text"]
    [whole] = await harness.send(ANNA, "/agenda Oost")
    assert "Wijktafel Dapperbuurt" in whole["text"]  # a wijk inside the stadsdeel
    assert "Osdorp" not in whole["text"]
    assert "🔔 Aanmelden voor Wijktafel Dapperbuurt" in labels(whole)
    [unknown] = await harness.send(ANNA, "/agenda Nergenshuizen")
    assert unknown["text"].startswith("Dit gebied ken ik niet: Nergenshuizen")
    [none] = await harness.send(ANNA, "/agenda Westpoort")
    assert none["text"].startswith("Er is (nog) geen wijktafel in of rond")


async def test_pages_single_dates_series_and_subscribing(harness: BotHarness) -> None:
    await _plan_all(harness)
    [listing] = await harness.send(ANNA, "/agenda Indische Buurt")
    assert "Pagina 1 van 2" in listing["text"]  # eight Tuesdays in two months, four a page
    assert labels(listing)[:2] == [
        "📅 1 dec · Wijktafel Oost: zet in agenda",
        "📅 Hele reeks · Wijktafel Oost",
    ]
    assert await harness.press(ANNA, listing, LATER) == []
    second = harness.current(ANNA["id"], listing["message_id"])
    assert "Pagina 2 van 2" in second["text"]
    assert "dinsdag 29 december 19:30" in second["text"]

    [single] = await harness.press(ANNA, second, "📅 29 dec · Wijktafel Oost: zet in agenda")
    assert single["document"]["file_name"] == "wijktafel-1-20261229.ics"
    [event] = _calendar(harness, single).walk("VEVENT")
    assert event.get("RRULE") is None
    assert event.decoded("DTSTART") == datetime(2026, 12, 29, 19, 30, tzinfo=AMSTERDAM)
    assert str(event.get("SUMMARY")) == "Wijktafel Oost"

    [series] = await harness.press(ANNA, second, "📅 Hele reeks · Wijktafel Oost")
    [event] = _calendar(harness, series).walk("VEVENT")
    assert event.get("RRULE")["FREQ"] == ["WEEKLY"]

    [done] = await harness.press(ANNA, second, "🔔 Aanmelden voor Wijktafel Oost")
    assert done["text"].startswith("Je bent aangemeld voor Wijktafel Oost")
    [mine] = await harness.send(ANNA, "/agenda")
    assert mine["text"].startswith("Komende bijeenkomsten")
    assert "Wijktafel Oost" in mine["text"]


async def test_a_series_far_ahead_still_shows_its_next_date(harness: BotHarness) -> None:
    quarterly = "FREQ=MONTHLY;INTERVAL=3"
    form = f"Wijktafel Noord | Noord | 2027-03-04 19:30 | 90 | Buurthuis | {quarterly}"
    await harness.send(ADMIN, f"/bijeenkomst {form}")
    [listing] = await harness.send(ANNA, "/agenda Noord")
    assert "donderdag 4 maart" in listing["text"]
    await harness.press(ANNA, listing, "🔔 Aanmelden voor Wijktafel Noord")
    [mine] = await harness.send(ANNA, "/agenda")
    assert mine["text"].startswith("Komende bijeenkomsten")
    assert "donderdag 4 maart" in mine["text"]
    assert "3 juni" not in mine["text"]  # only the next one, not a year of them
    assert "geen bijeenkomsten gepland" not in mine["text"]
