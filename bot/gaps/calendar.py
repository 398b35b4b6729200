"""Working days in the Netherlands, for the monthly digest: Monday to Friday, not a public
holiday.

The holidays kept are those most employers give off: New Year's Day, Easter Monday, King's
Day (27 April, the 26th when the 27th is a Sunday), Ascension Day, Whit Monday and both
Christmas days. Good Friday and Liberation Day (5 May) are days off only for some, so they
count as working days. Of these, New Year's Day, Easter Monday, Ascension Day and Whit
Monday can fall on the first weekday of a month.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter


def public_holidays(year: int) -> frozenset[date]:
    """The Dutch public holidays of a year that are days off for most."""
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday, King's Day is the Saturday before
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter_sunday + timedelta(days=1),
            kings_day,
            easter_sunday + timedelta(days=39),  # Ascension Day
            easter_sunday + timedelta(days=50),  # Whit Monday
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def first_working_day(year: int, month: int) -> date:
    """The first working day of a month."""
    day = date(year, month, 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_month(day: date) -> tuple[date, date]:
    """The first and last day of the month before `day`'s."""
    last = day.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last
