"""Meeting occurrences from an RFC 5545 RRULE, expanded in Amsterdam wall-clock time.

The rule is expanded on naive local times and only then given the time zone, so a meeting
"every six weeks on Tuesday at 19:30" stays at 19:30 on both sides of a DST change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from bot.policy import REMINDER_DEFAULT_TIME

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a series: `key` is its original local date, which identifies it."""

    key: date
    start: datetime
    end: datetime
    moved: bool = False


def local(naive: datetime, tz: ZoneInfo = AMSTERDAM) -> datetime:
    """A naive wall-clock time in `tz` as an aware datetime (a time in the spring gap moves on)."""
    return naive.replace(tzinfo=tz).astimezone(ZoneInfo("UTC")).astimezone(tz)


# RFC 5545 recurrence rule parts this bot understands; anything else (another property on
# a second line, such as a DTSTART that would move the whole series) is refused.
RULE_PARTS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYSETPOS",
        "BYWEEKNO",
        "BYYEARDAY",
        "WKST",
    }
)
_PART = re.compile(r"([A-Z]+)=([A-Z0-9,+-]+)")


def canonical_rule(rule: str) -> str:
    """The rule as one line of known `NAME=value` parts, upper case and without the `RRULE:`
    prefix; raises ValueError for anything else (a line break, an unknown or repeated part)."""
    text = rule.strip().upper().removeprefix("RRULE:")
    if not text or any(char.isspace() for char in text):
        raise ValueError("a rule is one line without spaces")
    names: list[str] = []
    for part in text.split(";"):
        match = _PART.fullmatch(part)
        if match is None or match.group(1) not in RULE_PARTS or match.group(1) in names:
            raise ValueError(f"not a known rule part: {part[:40]}")
        names.append(match.group(1))
    if "FREQ" not in names:
        raise ValueError("a rule needs FREQ")
    return text


def parse_rule(rule: str, start: datetime, tz: ZoneInfo = AMSTERDAM) -> rrule:
    """Parse an RRULE (with or without the `RRULE:` prefix); raises ValueError when invalid."""
    text = canonical_rule(rule)
    naive_start = start.astimezone(tz).replace(tzinfo=None)
    parsed = rrulestr(text, dtstart=naive_start)
    if not isinstance(parsed, rrule):
        raise TypeError("only a single RRULE is supported")
    return parsed


def occurrences(
    start: datetime,
    duration: timedelta,
    rule: str | None,
    exceptions: Mapping[date, datetime | None],
    window: tuple[datetime, datetime],
    *,
    tz: ZoneInfo = AMSTERDAM,
) -> list[Occurrence]:
    """Occurrences that end after `window[0]` and start before `window[1]`, in start order.

    `exceptions` maps an original local date to its new start, or to None when cancelled.
    """
    after, before = window
    if start.tzinfo is None or after.tzinfo is None or before.tzinfo is None:
        raise ValueError("aware datetimes only")
    first = start.astimezone(tz)
    if rule:
        # Expand a day wider on each side in naive local time; filter exactly afterwards.
        low = (after - duration).astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
        high = before.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
        naive = parse_rule(rule, first, tz).between(low, high, inc=True)
        starts = [local(moment, tz) for moment in naive]
    else:
        starts = [first]
    found: list[Occurrence] = []
    for moment in starts:
        key = moment.date()
        if key in exceptions:
            moved_to = exceptions[key]
            if moved_to is None:
                continue
            found.append(Occurrence(key, moved_to.astimezone(tz), moved_to + duration, True))
        else:
            found.append(Occurrence(key, moment, moment + duration))
    # A date moved into the window from outside the expanded range still counts.
    known = {o.key for o in found}
    for key, moved_to in exceptions.items():
        if moved_to is not None and key not in known and _in_rule(start, rule, key, tz):
            found.append(Occurrence(key, moved_to.astimezone(tz), moved_to + duration, True))
    return sorted((o for o in found if o.end > after and o.start < before), key=lambda o: o.start)


def _in_rule(start: datetime, rule: str | None, key: date, tz: ZoneInfo) -> bool:
    first = start.astimezone(tz)
    if not rule:
        return key == first.date()
    day_start = datetime.combine(key, time(0))
    hits = parse_rule(rule, first, tz).between(day_start, day_start + timedelta(days=1), inc=True)
    return any(hit.date() == key for hit in hits)


def reminder_time(
    occurrence: Occurrence,
    days_before: int,
    at: time = REMINDER_DEFAULT_TIME,
    tz: ZoneInfo = AMSTERDAM,
) -> datetime:
    """When the reminder `days_before` days ahead is due: that local day at `at`."""
    day = occurrence.start.astimezone(tz).date() - timedelta(days=days_before)
    return local(datetime.combine(day, at), tz)


def parse_offsets(text: str) -> tuple[int, ...]:
    """'7,1' → (7, 1): whole days before the meeting, largest first."""
    values = {int(part) for part in text.split(",") if part.strip()}
    if any(v < 0 or v > 60 for v in values):
        raise ValueError("reminder offsets must be 0..60 days")
    return tuple(sorted(values, reverse=True))


def format_offsets(offsets: Sequence[int]) -> str:
    """(7, 1) → '7,1'."""
    return ",".join(str(v) for v in offsets)
