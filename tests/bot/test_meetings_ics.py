"""The .ics files: valid structure, CRLF, folding at 75 octets, RRULE and exceptions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dateutil.rrule import rrulestr

from bot.meetings.ics import CalendarEvent, calendar, escape, fold
from bot.meetings.recurrence import AMSTERDAM

STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)


def unfold(data: bytes) -> list[str]:
    text = data.decode()
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_a_single_event() -> None:
    event = CalendarEvent(
        "meeting-1@wijkwijzer", "Wijktafel", "De Meevaart", "", START, timedelta(minutes=90)
    )
    lines = unfold(calendar(event, STAMP))
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "BEGIN:VTIMEZONE" in lines
    assert "TZID:Europe/Amsterdam" in lines
    assert "UID:meeting-1@wijkwijzer" in lines
    assert "DTSTAMP:20261123T090000Z" in lines
    assert "DTSTART;TZID=Europe/Amsterdam:20261201T193000" in lines
    assert "DTEND;TZID=Europe/Amsterdam:20261201T210000" in lines
    assert not any(line.startswith("RRULE:FREQ=WEEKLY") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


def test_a_series_with_a_cancelled_and_a_moved_date() -> None:
    event = CalendarEvent(
        "meeting-2@wijkwijzer",
        "Wijktafel Dapperbuurt",
        "Buurthuis De Meevaart, Balk in 't Oogstraat 1",
        "Agenda: kennismaken; casussen",
        START,
        timedelta(minutes=90),
        "FREQ=WEEKLY;INTERVAL=6;BYDAY=TU",
        {
            date(2027, 1, 12): None,
            date(2027, 2, 23): datetime(2027, 2, 25, 19, 30, tzinfo=AMSTERDAM),
        },
    )
    lines = unfold(calendar(event, STAMP))
    assert "RRULE:FREQ=WEEKLY;INTERVAL=6;BYDAY=TU" in lines
    assert "EXDATE;TZID=Europe/Amsterdam:20270112T193000" in lines
    assert "RECURRENCE-ID;TZID=Europe/Amsterdam:20270223T193000" in lines
    assert "DTSTART;TZID=Europe/Amsterdam:20270225T193000" in lines
    assert "LOCATION:Buurthuis De Meevaart\\, Balk in 't Oogstraat 1" in lines
    assert "DESCRIPTION:Agenda: kennismaken\\; casussen" in lines
    assert lines.count("BEGIN:VEVENT") == 2
    rule = rrulestr("FREQ=WEEKLY;INTERVAL=6;BYDAY=TU", dtstart=START.replace(tzinfo=None))
    assert rule[1] == datetime(2027, 1, 12, 19, 30)  # noqa: DTZ001


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + escape("Wijktafel café Oost ü ") * 10
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line
    data = calendar(CalendarEvent("u", "é" * 100, "p", "", START, timedelta(hours=1)), STAMP)
    assert all(len(raw) <= 75 for raw in data.split(b"\r\n"))
    data.decode()  # every piece is whole UTF-8
