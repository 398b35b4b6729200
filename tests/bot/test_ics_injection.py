"""Nothing typed can add a line to an .ics file: a lone CR is escaped, a rule is one line of
known parts (a second DTSTART would move the whole series), and lines fold at 75 octets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.meetings.ics import CalendarEvent, calendar
from bot.meetings.recurrence import AMSTERDAM, canonical_rule, parse_rule
from bot.meetings.rules import check_rule
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, user

STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM)
SMUGGLED = "FREQ=WEEKLY;BYDAY=TU\nDTSTART:20300101T100000"


def _lines(data: bytes) -> list[str]:
    text = data.decode()
    # every line ends in CRLF: no bare CR or LF anywhere
    assert "\r" not in text.replace("\r\n", "")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _event(**changes: object) -> CalendarEvent:
    fields: dict[str, object] = {
        "uid": "meeting-1@wijkwijzer",
        "title": "Wijktafel",
        "place": "De Meevaart",
        "description": "",
        "start": START,
        "duration": timedelta(minutes=90),
    }
    fields.update(changes)
    return CalendarEvent(**fields)  # type: ignore[arg-type]


def test_a_lone_carriage_return_in_a_title_or_place_is_escaped() -> None:
    data = calendar(
        _event(title="Koffie\rDTSTART:20300101T100000", place="Zaal 1\rLOCATION:elders"),
        STAMP,
    )
    lines = _lines(data)
    assert "SUMMARY:Koffie\\nDTSTART:20300101T100000" in lines
    assert "LOCATION:Zaal 1\\nLOCATION:elders" in lines
    assert [line for line in lines if line.startswith("DTSTART;TZID=Europe")] == [
        "DTSTART;TZID=Europe/Amsterdam:20261201T193000"
    ]


@pytest.mark.parametrize(
    "rule",
    [
        SMUGGLED,
        "FREQ=WEEKLY;BYDAY=TU\rDTSTART:20300101T100000",
        "FREQ=WEEKLY;BYDAY=TU;X-EVIL=1",
        "FREQ=WEEKLY;FREQ=DAILY",
        "BYDAY=TU",
        "FREQ=WEEKLY; BYDAY=TU",
    ],
)
def test_only_a_single_line_of_known_parts_is_a_rule(rule: str) -> None:
    with pytest.raises(ValueError, match="rule"):
        canonical_rule(rule)
    with pytest.raises(ValueError, match="rule"):
        parse_rule(rule, START)
    assert check_rule(rule, START) is None


def test_plain_rules_still_work() -> None:
    assert canonical_rule("rrule:freq=weekly;interval=6;byday=tu") == (
        "FREQ=WEEKLY;INTERVAL=6;BYDAY=TU"
    )
    assert check_rule("FREQ=MONTHLY;BYDAY=1TU;COUNT=10;WKST=MO", START)


def test_a_stored_rule_with_a_second_line_does_not_reach_the_file() -> None:
    lines = _lines(calendar(_event(rule=SMUGGLED), STAMP))
    assert not any("2030" in line for line in lines)
    event = lines[lines.index("BEGIN:VEVENT") :]
    assert not any(line.startswith("RRULE") for line in event)


def test_every_line_is_at_most_75_octets() -> None:
    data = calendar(_event(title="Wijktafel Oud-Oost é€ " * 20, description="ü" * 300), STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


async def test_the_one_line_form_refuses_a_rule_with_a_second_line(harness: BotHarness) -> None:
    form = (
        "/bijeenkomst Wijktafel Oost | Dapperbuurt | 2026-12-01 19:30 | 90 | Meevaart | " + SMUGGLED
    )
    [reply] = await harness.send(user(ADMIN_ID, name="Cor"), form)
    assert reply["text"].startswith("Deze herhaling begrijp ik niet")
