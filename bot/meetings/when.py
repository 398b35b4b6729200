"""Dates and times as coordinators type them, in Dutch or English.

"di 14 jan 19:30", "14 januari 2027 om 19.30", "2026-12-01 19:30", "1-12 19u30",
"morgen 19:30", "tuesday 1 december 7:30": a date (with or without a year or weekday) and a
time. Without a year the first such date still ahead is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.meetings.recurrence import AMSTERDAM, local, parse_offsets

MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "february"), 2),
    **dict.fromkeys(("mrt", "mar", "maart", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("aug", "augustus", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oct", "oktober", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11),
    **dict.fromkeys(("dec", "december"), 12),
}
WEEKDAYS = {
    **dict.fromkeys(("ma", "maa", "maandag", "mon", "monday"), 0),
    **dict.fromkeys(("di", "din", "dinsdag", "tue", "tues", "tuesday"), 1),
    **dict.fromkeys(("wo", "woe", "woensdag", "wed", "wednesday"), 2),
    **dict.fromkeys(("do", "don", "donderdag", "thu", "thur", "thurs", "thursday"), 3),
    **dict.fromkeys(("vr", "vrij", "vrijdag", "fri", "friday"), 4),
    **dict.fromkeys(("za", "zat", "zaterdag", "sat", "saturday"), 5),
    **dict.fromkeys(("zo", "zon", "zondag", "sun", "sunday"), 6),
}
RELATIVE = {"vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2}
FILLERS = {"om", "at", "on", "op", "van", "vanaf", "from", "de", "the", "uur"}
_TIME = re.compile(r"(?<![\d-])(\d{1,2})(?:[:.hu](\d{2})|\s*(?:u|uur|h)(?![a-z]))(?![\d-])")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")


@dataclass(frozen=True)
class WrongWeekday:
    """The typed weekday does not fall on the typed date."""

    day: date


def parse_time(text: str) -> time | None:
    """'19:30', '19.30', '19u30', '19u' → a time of day; None when it is not one."""
    match = _TIME.fullmatch(text.strip().lower())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _year_day(year: int | None, month: int, day: int, moment: time, today: datetime) -> date | None:
    try:
        if year is not None:
            return date(year + 2000 if year < 100 else year, month, day)
        found = date(today.year, month, day)
        if datetime.combine(found, moment) < today.replace(tzinfo=None):
            # 29 February may not exist next year; then there is no such date ahead.
            found = date(today.year + 1, month, day)
    except ValueError:
        return None
    return found


def _words_date(words: list[str], moment: time, today: datetime) -> date | WrongWeekday | None:
    weekday = None
    if words and words[0] in WEEKDAYS:
        weekday = WEEKDAYS[words.pop(0)]
    numbers = [w for w in words if w.isdigit()]
    months = [MONTHS[w] for w in words if w in MONTHS]
    if len(months) != 1 or not 1 <= len(numbers) <= 2 or len(words) != len(numbers) + 1:
        return None
    if words.index(next(w for w in words if w in MONTHS)) > 1:
        return None
    day = int(numbers[0])
    year = int(numbers[1]) if len(numbers) == 2 else None
    found = _year_day(year, months[0], day, moment, today)
    if found is not None and weekday is not None and found.weekday() != weekday:
        return WrongWeekday(found)
    return found


def _date_part(text: str, moment: time, today: datetime) -> date | WrongWeekday | None:
    words = [w for w in re.split(r"[\s,]+", text) if w and w not in FILLERS]
    if len(words) == 1 and words[0] in RELATIVE:
        return today.date() + timedelta(days=RELATIVE[words[0]])
    if len(words) == 1 and (iso := _ISO.match(words[0])):
        return _year_day(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), moment, today)
    weekday = None
    if len(words) == 2 and words[0] in WEEKDAYS:
        weekday = WEEKDAYS[words.pop(0)]
    if len(words) == 1 and (numeric := _NUMERIC.match(words[0])):
        year = int(numeric.group(3)) if numeric.group(3) else None
        found = _year_day(year, int(numeric.group(2)), int(numeric.group(1)), moment, today)
        if found is not None and weekday is not None and found.weekday() != weekday:
            return WrongWeekday(found)
        return found
    if weekday is not None:
        words.insert(0, next(k for k, v in WEEKDAYS.items() if v == weekday))
    return _words_date(words, moment, today)


def parse_moment(
    text: str, now: datetime, tz: ZoneInfo = AMSTERDAM
) -> datetime | WrongWeekday | None:
    """A typed date and time as an aware datetime in `tz` (None: not understood)."""
    cleaned = re.sub(r"(\d)t(\d)", r"\1 \2", text.strip().lower())
    matches = list(_TIME.finditer(cleaned))
    if not matches:
        return None
    last = matches[-1]
    moment = parse_time(last.group(0))
    if moment is None:
        return None
    rest = (cleaned[: last.start()] + " " + cleaned[last.end() :]).strip()
    today = now.astimezone(tz)
    found = _date_part(rest, moment, today)
    if found is None or isinstance(found, WrongWeekday):
        return found
    return local(datetime.combine(found, moment), tz)


def parse_reminders(text: str) -> tuple[tuple[int, ...], str | None] | None:
    """'7, 1' or '3 1 om 9:30' → ((7, 1), '09:30'); None when not understood."""
    days: list[str] = []
    at = None
    for word in text.replace(",", " ").split():
        if word.lower() in {"om", "at", "dagen", "days", "dag", "day"}:
            continue
        moment = None if word.isdigit() else parse_time(word)
        if moment is not None and at is None:
            at = moment.strftime("%H:%M")
        elif word.isdigit():
            days.append(word)
        else:
            return None
    try:
        offsets = parse_offsets(",".join(days))
    except ValueError:
        return None
    return (offsets, at) if offsets else None


_SHORT_DAYS = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
}
_SHORT_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
}
EXAMPLE_LEAD = timedelta(days=14)
EXAMPLE_TIME = time(19, 30)


def examples(now: datetime, language: str, tz: ZoneInfo = AMSTERDAM) -> dict[str, str]:
    """Example dates for the prompts, always ahead: the first Tuesday two weeks or more from
    now at 19:30, as `short` ("di 15 dec 19:30") and `iso` ("2026-12-15 19:30"); both parse."""
    day = now.astimezone(tz).date() + EXAMPLE_LEAD
    day += timedelta(days=(1 - day.weekday()) % 7)
    names = "en" if language == "en" else "nl"
    clock = EXAMPLE_TIME.strftime("%H:%M")
    weekday, month = _SHORT_DAYS[names][day.weekday()], _SHORT_MONTHS[names][day.month - 1]
    return {
        "example_short": f"{weekday} {day.day} {month} {clock}",
        "example_iso": f"{day.isoformat()} {clock}",
    }
