"""The recurrence choices offered as buttons, as RFC 5545 RRULEs, and back into words."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.i18n import Translator
from bot.meetings.recurrence import AMSTERDAM, parse_rule

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_RULE = 300
_WEEKLY = re.compile(r"^FREQ=WEEKLY(?:;INTERVAL=(\d+))?;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$")
_MONTHLY = re.compile(r"^FREQ=MONTHLY;BYDAY=(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$")


def weekly(start: datetime, weeks: int) -> str:
    """Every `weeks` weeks on the weekday of `start`."""
    code = DAY_CODES[start.astimezone(AMSTERDAM).weekday()]
    return (
        f"FREQ=WEEKLY;BYDAY={code}" if weeks == 1 else f"FREQ=WEEKLY;INTERVAL={weeks};BYDAY={code}"
    )


def nth_of_month(start: datetime) -> int:
    """Which weekday of its month `start` falls on: 1..4, or -1 for the last (a fifth)."""
    day = start.astimezone(AMSTERDAM).day
    nth = (day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def monthly(start: datetime) -> str:
    """Every month on the same numbered weekday as `start` (e.g. the first Thursday)."""
    code = DAY_CODES[start.astimezone(AMSTERDAM).weekday()]
    return f"FREQ=MONTHLY;BYDAY={nth_of_month(start)}{code}"


def check_rule(text: str, start: datetime) -> str | None:
    """The rule in canonical form (no `RRULE:` prefix, upper case), or None when invalid.

    A valid rule must give the start itself as its first meeting, so what the coordinator
    sees in the preview is what subscribers get.
    """
    rule = text.strip().upper().removeprefix("RRULE:").strip()
    if not rule or len(rule) > MAX_RULE or "\n" in rule:
        return None
    try:
        parsed = parse_rule(rule, start)
        naive = start.astimezone(AMSTERDAM).replace(tzinfo=None)
        first = parsed.after(naive - timedelta(seconds=1), inc=True)
    except (ValueError, TypeError, KeyError):
        return None
    if first is None or first != naive:
        return None
    return rule


def describe(t: Translator, rule: str | None) -> str:
    """The recurrence in words: 'every 6 weeks on Tuesday', or the rule itself."""
    if not rule:
        return t("plan.repeat.once")
    if match := _WEEKLY.match(rule):
        day = t(f"plan.day.{match.group(2)}")
        weeks = int(match.group(1) or 1)
        if weeks == 1:
            return t("plan.repeat.weekly_one", day=day)
        return t("plan.repeat.weekly", weeks=weeks, day=day)
    if match := _MONTHLY.match(rule):
        day = t(f"plan.day.{match.group(2)}")
        return t(f"plan.repeat.monthly.{match.group(1)}", day=day)
    return rule
