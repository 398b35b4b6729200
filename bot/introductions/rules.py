"""Rules of the warm introduction that need no Telegram and no SQL: the message check and
the anonymous counts coordinators see."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.signup.checks import parse_contact
from matching.validation import PHONE_PATTERN

MIN_MESSAGE = 15
MAX_MESSAGE = 400
# Dates and times look like phone numbers to the phone pattern; they are allowed.
_DATE_OR_TIME = re.compile(
    r"\b\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?\b|\b\d{1,2}[:.]\d{2}\b(?:\s*(?:uur|u))?"
)
PHONE_DIGITS = 9
ANSWERS = {"y": "yes", "n": "no", "w": "not_yet"}


def message_problem(text: str) -> str | None:
    """Why a request message cannot be sent (a catalogue key), or None when it can."""
    if len(text) < MIN_MESSAGE:
        return "intro.error.short"
    if len(text) > MAX_MESSAGE:
        return "intro.error.long"
    contact = parse_contact(text)
    if "email" in contact.values or any(kind == "email" for kind, _ in contact.problems):
        return "intro.error.email"
    rest = _DATE_OR_TIME.sub(" ", text)
    for match in PHONE_PATTERN.finditer(rest):
        if sum(c.isdigit() for c in match.group()) >= PHONE_DIGITS:
            return "intro.error.phone"
    return None


def outcome(professional: str | None, owner: str | None) -> str | None:
    """One answer for an introduction: contact if either side says so, then "not yet"."""
    answers = {professional, owner}
    for answer in ("yes", "not_yet", "no"):
        if answer in answers:
            return answer
    return None


@dataclass
class AreaCount:
    """How introductions in one area went, without any content."""

    area: str
    requested: int = 0
    accepted: int = 0
    yes: int = 0
    no: int = 0
    not_yet: int = 0


@dataclass(frozen=True)
class IntroFacts:
    """What the counts need of one request."""

    area: str | None
    state: str
    professional_answer: str | None
    owner_answer: str | None


def count_by_area(requests: Iterable[IntroFacts], unknown_area: str) -> list[AreaCount]:
    """Counts per area, busiest area first, then by name."""
    counts: dict[str, AreaCount] = {}
    for request in requests:
        area = request.area or unknown_area
        row = counts.setdefault(area, AreaCount(area))
        row.requested += 1
        if request.state != "accepted":
            continue
        row.accepted += 1
        answer = outcome(request.professional_answer, request.owner_answer)
        if answer is not None:
            setattr(row, answer, getattr(row, answer) + 1)
    return sorted(counts.values(), key=lambda c: (-c.requested, c.area.casefold()))
