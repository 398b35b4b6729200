"""Wijktafels end to end: `wijkwijzer run` against the sandbox, on the real clock.

The coordinator plans a recurring wijktafel through the conversation, Anna subscribes with
the deep link, and the coordinator sets the series' reminder to a time that has just passed
(a reminder on short notice goes out at once). Anna answers, downloads the .ics file and
unsubscribes with the button under the reminder.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar

from bot.meetings.recurrence import AMSTERDAM
from tests.e2e.conftest import ADMIN_ID, Sandbox
from tests.e2e.test_signup_process import _grows, _press, _say

COR: dict[str, Any] = {"id": ADMIN_ID, "first_name": "Cor", "language_code": "nl"}
ANNA: dict[str, Any] = {"id": 1001, "first_name": "Anna", "language_code": "nl"}
NAME = "Wijktafel Dapperbuurt"
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _plan(sandbox: Sandbox, start: datetime) -> str:
    """The coordinator plans the series step by step; returns the deep-link payload."""
    menu = _say(sandbox, COR, "/bijeenkomst", "nieuwe bijeenkomst plannen")
    _press(sandbox, COR, menu, "\N{HEAVY PLUS SIGN} Nieuwe bijeenkomst", "Voor welke wijktafel")
    _say(sandbox, COR, NAME, "In welk gebied is")
    title = _say(sandbox, COR, "Dapperbuurt", "Wat is de titel")
    _press(sandbox, COR, title, f"Zelfde als de wijktafel: {NAME}", "Wanneer begint het?")
    _say(sandbox, COR, f"{start:%Y-%m-%d %H:%M}", "Hoe laat is het afgelopen?")
    _say(sandbox, COR, "21:00", "Waar is het?")
    where = _say(sandbox, COR, "Buurthuis De Meevaart", "op de kaart zetten")
    _press(sandbox, COR, where, "Overslaan", "Wat staat er op de agenda?")
    link = _say(sandbox, COR, "Kennismaken en de winterplannen", "online link")
    _press(sandbox, COR, link, "Overslaan", "maximum aantal")
    repeat = _say(sandbox, COR, "20", "Komt de bijeenkomst terug?")
    day = DAYS[start.weekday()]
    _press(sandbox, COR, repeat, f"Om de … weken op {day}", "Om de hoeveel weken")
    preview = _say(sandbox, COR, "6", "Klopt dit?")
    assert f"Om de 6 weken op {day}" in preview["text"]
    assert "👥 max. 20 deelnemers" in preview["text"]
    saved = _press(sandbox, COR, preview, "Opslaan", "Bijeenkomst opgeslagen")
    assert "?start=wt_1" in saved["text"]
    return "wt_1"


def _remind_now(sandbox: Sandbox, start: datetime, now: datetime) -> None:
    """Set the series' reminder to an hour ago: on short notice it goes out at once."""
    due = (now - timedelta(hours=1)).replace(second=0, microsecond=0)
    days = (start.date() - due.date()).days
    menu = _say(sandbox, COR, "/bijeenkomst", "nieuwe bijeenkomst plannen")
    [button] = [
        b["text"]
        for row in menu["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"].startswith(f"✏️ {NAME} (")
    ]
    edit = _press(sandbox, COR, menu, button, "Wat wil je aanpassen?")
    _press(sandbox, COR, edit, "Herinneringen", "hoeveel dagen vooraf")
    _say(sandbox, COR, f"{days} om {due:%H:%M}", f"{days} dag(en) vooraf om {due:%H:%M}")


def test_plan_subscribe_remind_rsvp_ics_unsubscribe(sandbox: Sandbox, bot_process: str) -> None:
    now = datetime.now(UTC).astimezone(AMSTERDAM)
    start = (now + timedelta(days=3)).replace(hour=19, minute=30, second=0, microsecond=0)
    payload = _plan(sandbox, start)
    # someone new chooses a language first (the consent); the link goes on from that press
    greeting = _say(sandbox, ANNA, f"/start {payload}", f"Daarna meld ik je aan voor {NAME}")
    _press(sandbox, ANNA, greeting, "Nederlands", f"Je bent aangemeld voor {NAME}")

    wait_reminder = _grows(sandbox, ANNA["id"], "is er weer een bijeenkomst")
    _remind_now(sandbox, start, now)
    reminder = wait_reminder()
    assert "Buurthuis De Meevaart" in reminder["text"]
    _press(sandbox, ANNA, reminder, "Ik kom", "Genoteerd: je komt")

    listing = _say(sandbox, ANNA, "/agenda", "Komende bijeenkomsten")
    wait_file = _grows(sandbox, ANNA["id"], "in je agenda te zetten")
    sandbox.inject(
        {
            "user": ANNA,
            "press": {"message_id": listing["message_id"], "button": f"📅 Hele reeks · {NAME}"},
        }
    )
    wait_file()
    document = sandbox.messages(ANNA["id"])[-1]["document"]
    assert document["file_name"] == "wijktafel-1.ics"
    response = sandbox.http.get(f"/_sandbox/files/{document['file_id']}")
    response.raise_for_status()
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event.get("SUMMARY")) == NAME
    assert event.get("RRULE")["INTERVAL"] == [6]
    assert event.decoded("DTSTART") == start

    _press(
        sandbox,
        ANNA,
        reminder,
        f"Geen herinneringen meer van {NAME}",
        f"Je krijgt geen herinneringen meer van {NAME}",
    )
    _say(sandbox, ANNA, "/agenda", "Je volgt nu geen wijktafel")
