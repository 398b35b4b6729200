"""Recurrence in Amsterdam wall-clock time, across the DST changes, with exceptions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.meetings.recurrence import (
    AMSTERDAM,
    occurrences,
    parse_offsets,
    parse_rule,
    reminder_time,
)

HOUR = timedelta(hours=2)


def ams(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def test_weekly_meeting_keeps_its_local_time_across_the_last_sunday_of_march() -> None:
    start = ams(2027, 3, 14, 19, 30)  # a Sunday, winter time
    found = occurrences(
        start, HOUR, "FREQ=WEEKLY", {}, (ams(2027, 3, 1, 0, 0), ams(2027, 4, 5, 0, 0))
    )
    assert [o.start.strftime("%d %H:%M %z") for o in found] == [
        "14 19:30 +0100",
        "21 19:30 +0100",
        "28 19:30 +0200",  # last Sunday of March: summer time from 02:00
        "04 19:30 +0200",
    ]
    assert found[2].start.astimezone(UTC).hour == 17


def test_six_weekly_tuesday_stays_at_half_past_seven_across_october() -> None:
    start = ams(2027, 9, 7, 19, 30)
    found = occurrences(
        start,
        HOUR,
        "RRULE:FREQ=WEEKLY;INTERVAL=6;BYDAY=TU",
        {},
        (ams(2027, 9, 1, 0, 0), ams(2027, 12, 31, 0, 0)),
    )
    assert [o.key for o in found] == [date(2027, 9, 7), date(2027, 10, 19), date(2027, 11, 30)]
    assert {o.start.time() for o in found} == {time(19, 30)}
    assert [o.start.utcoffset() for o in found] == [
        timedelta(hours=2),
        timedelta(hours=2),
        timedelta(hours=1),
    ]


def test_sunday_series_on_the_last_sunday_of_october() -> None:
    start = ams(2027, 10, 17, 10, 0)
    found = occurrences(
        start, HOUR, "FREQ=WEEKLY;COUNT=3", {}, (ams(2027, 10, 1, 0, 0), ams(2027, 12, 1, 0, 0))
    )
    assert [o.start.isoformat() for o in found] == [
        "2027-10-17T10:00:00+02:00",
        "2027-10-24T10:00:00+02:00",
        "2027-10-31T10:00:00+01:00",
    ]


def test_first_thursday_of_the_month() -> None:
    found = occurrences(
        ams(2026, 12, 3, 12, 0),
        HOUR,
        "FREQ=MONTHLY;BYDAY=1TH",
        {},
        (ams(2026, 12, 1, 0, 0), ams(2027, 3, 1, 0, 0)),
    )
    assert [o.key.isoformat() for o in found] == ["2026-12-03", "2027-01-07", "2027-02-04"]


def test_exceptions_cancel_and_move_single_dates() -> None:
    start = ams(2027, 3, 14, 19, 30)
    moved = ams(2027, 3, 29, 20, 0)
    exceptions = {date(2027, 3, 21): None, date(2027, 3, 28): moved}
    found = occurrences(
        start, HOUR, "FREQ=WEEKLY", exceptions, (ams(2027, 3, 1, 0, 0), ams(2027, 4, 5, 0, 0))
    )
    assert [(o.key.day, o.start.day, o.moved) for o in found] == [
        (14, 14, False),
        (28, 29, True),
        (4, 4, False),
    ]


def test_a_date_moved_into_the_window_is_found() -> None:
    start = ams(2027, 3, 1, 19, 0)
    exceptions = {date(2027, 3, 29): ams(2027, 4, 2, 19, 0)}
    found = occurrences(
        start, HOUR, "FREQ=WEEKLY", exceptions, (ams(2027, 4, 1, 0, 0), ams(2027, 4, 3, 0, 0))
    )
    assert [(o.key, o.start) for o in found] == [(date(2027, 3, 29), ams(2027, 4, 2, 19, 0))]


def test_single_meeting_without_rule() -> None:
    start = ams(2026, 12, 1, 19, 30)
    assert len(occurrences(start, HOUR, None, {}, (ams(2026, 11, 1, 0, 0), ams(2027, 1, 1, 0, 0))))
    assert occurrences(start, HOUR, None, {}, (ams(2026, 12, 2, 0, 0), ams(2027, 1, 1, 0, 0))) == []


def test_reminders_are_at_ten_local_also_on_the_day_of_the_change() -> None:
    [occ] = occurrences(
        ams(2027, 4, 4, 19, 30), HOUR, None, {}, (ams(2027, 4, 1, 0, 0), ams(2027, 4, 5, 0, 0))
    )
    week, day = reminder_time(occ, 7), reminder_time(occ, 1)
    assert week == ams(2027, 3, 28, 10, 0)
    assert week.astimezone(UTC).hour == 8  # summer time already
    assert day.astimezone(UTC) == datetime(2027, 4, 3, 8, 0, tzinfo=UTC)
    winter = occurrences(
        ams(2027, 11, 2, 19, 30), HOUR, None, {}, (ams(2027, 10, 1, 0, 0), ams(2027, 12, 1, 0, 0))
    )
    assert reminder_time(winter[0], 7).astimezone(UTC).hour == 8  # 26 Oct: summer time
    assert reminder_time(winter[0], 1).astimezone(UTC).hour == 9  # 1 Nov, winter: 10:00 = 09 UTC


def test_invalid_rules_and_offsets_are_refused() -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        parse_rule("FREQ=SOMETIMES", ams(2027, 1, 1, 0, 0))
    with pytest.raises(ValueError):  # noqa: PT011
        parse_offsets("7,99")
    assert parse_offsets("1, 7") == (7, 1)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        occurrences(
            datetime(2027, 1, 1, 19, 0),  # noqa: DTZ001
            HOUR,
            None,
            {},
            (ams(2027, 1, 1, 0, 0), ams(2027, 2, 1, 0, 0)),
        )
