"""Typed dates and times (Dutch and English), recurrence buttons as RRULEs, reminder offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.meetings.recurrence import AMSTERDAM
from bot.meetings.rules import check_rule, monthly, nth_of_month, weekly
from bot.meetings.when import WrongWeekday, parse_moment, parse_reminders, parse_time

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("di 12 jan 19:30", datetime(2027, 1, 12, 19, 30, tzinfo=AMSTERDAM)),
        ("2026-12-01 19:30", datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)),
        ("2026-12-01T19:30", datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)),
        ("14 januari 2027 om 19.30", datetime(2027, 1, 14, 19, 30, tzinfo=AMSTERDAM)),
        ("1-12 19u30", datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)),
        ("1/12/2026 19:30", datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)),
        ("morgen 19:30", datetime(2026, 11, 24, 19, 30, tzinfo=AMSTERDAM)),
        ("tuesday 1 december 7:30", datetime(2026, 12, 1, 7, 30, tzinfo=AMSTERDAM)),
        ("dec 1 19:30", datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)),
        ("1 dec 19u", datetime(2026, 12, 1, 19, 0, tzinfo=AMSTERDAM)),
        # Without a year: the next one.
        ("20 nov 10:00", datetime(2027, 11, 20, 10, 0, tzinfo=AMSTERDAM)),
        # A time in the spring gap moves on.
        ("29 maart 2026 02:30", datetime(2026, 3, 29, 3, 30, tzinfo=AMSTERDAM)),
    ],
)
def test_dates_and_times_as_typed(text: str, expected: datetime) -> None:
    moment = parse_moment(text, NOW)
    assert isinstance(moment, datetime)
    assert moment.tzinfo is not None
    assert moment == expected


@pytest.mark.parametrize("text", ["morgen", "19:30", "31-02 19:00", "ooit 19:30", "1 dec", ""])
def test_what_is_not_a_date_and_time(text: str) -> None:
    assert parse_moment(text, NOW) is None


def test_a_weekday_that_does_not_fit_the_date_is_pointed_out() -> None:
    assert parse_moment("wo 1 dec 19:30", NOW) == WrongWeekday(date(2026, 12, 1))


def test_times() -> None:
    assert parse_time("21:00") == time(21, 0)
    assert parse_time("9u") == time(9, 0)
    assert parse_time("25:00") is None


def test_recurrence_buttons_give_rules_that_start_on_the_date() -> None:
    first_thursday = datetime(2026, 12, 3, 19, 30, tzinfo=AMSTERDAM)
    assert weekly(first_thursday, 6) == "FREQ=WEEKLY;INTERVAL=6;BYDAY=TH"
    assert weekly(first_thursday, 1) == "FREQ=WEEKLY;BYDAY=TH"
    assert monthly(first_thursday) == "FREQ=MONTHLY;BYDAY=1TH"
    assert nth_of_month(datetime(2026, 12, 29, 19, 0, tzinfo=AMSTERDAM)) == -1
    assert check_rule("rrule:freq=weekly;interval=2", first_thursday) == "FREQ=WEEKLY;INTERVAL=2"
    assert check_rule("FREQ=WEEKLY;BYDAY=MO", first_thursday) is None
    assert check_rule("FREQ=OOIT", first_thursday) is None


def test_reminder_offsets_as_typed() -> None:
    assert parse_reminders("7, 1") == ((7, 1), None)
    assert parse_reminders("3 0 om 9:30") == ((3, 0), "09:30")
    assert parse_reminders("61") is None
    assert parse_reminders("soms") is None
    assert parse_reminders("") is None
