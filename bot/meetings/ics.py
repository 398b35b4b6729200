"""iCalendar (RFC 5545) files for a meeting: one event, or the whole series with its RRULE."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.meetings.recurrence import AMSTERDAM, canonical_rule

log = logging.getLogger(__name__)

# Europe/Amsterdam since 1996: summer time from the last Sunday of March to that of October.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarEvent:
    """What goes into the file about one meeting."""

    uid: str
    title: str
    place: str
    description: str
    start: datetime
    duration: timedelta
    rule: str | None = None
    # Original local date → new start, or None when that date is cancelled.
    exceptions: Mapping[date, datetime | None] | None = None


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and line breaks (CRLF, LF or a lone
    CR, which some readers take as the end of the line)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            # Continuation lines start with one space, which counts towards their 75 octets.
            current, size, limit = "", 0, 74
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _vevent(event: CalendarEvent, stamp: datetime, tz: ZoneInfo) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART;TZID={tz.key}:{_local(event.start, tz)}",
        f"DTEND;TZID={tz.key}:{_local(event.start + event.duration, tz)}",
        f"SUMMARY:{escape(event.title)}",
        f"LOCATION:{escape(event.place)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    return lines


def _rule(rule: str | None) -> str | None:
    """The stored rule as one line of known parts, or None (then the file holds one date)."""
    if not rule:
        return None
    try:
        return canonical_rule(rule)
    except ValueError:
        log.warning("a meeting's stored rule is not a plain RRULE; left out of the .ics")
        return None


def calendar(event: CalendarEvent, stamp: datetime, tz: ZoneInfo = AMSTERDAM) -> bytes:
    """The .ics file: VCALENDAR with the time zone and the event (series), CRLF, folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Wijkwijzer//Wijktafels//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
    ]
    main = _vevent(event, stamp, tz)
    moved: list[list[str]] = []
    rule = _rule(event.rule)
    if rule:
        main.append(f"RRULE:{rule}")
        first = event.start.astimezone(tz)
        for key, new_start in sorted((event.exceptions or {}).items()):
            original = datetime.combine(key, first.time(), tzinfo=tz)
            if new_start is None:
                main.append(f"EXDATE;TZID={tz.key}:{_local(original, tz)}")
                continue
            single = CalendarEvent(
                event.uid, event.title, event.place, event.description, new_start, event.duration
            )
            override = _vevent(single, stamp, tz)
            override.insert(2, f"RECURRENCE-ID;TZID={tz.key}:{_local(original, tz)}")
            moved.append([*override, "END:VEVENT"])
    lines += [*main, "END:VEVENT"]
    for block in moved:
        lines += block
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode()
