"""What each step of planning a new meeting does with a typed answer or a button (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.i18n import Translator
from bot.meetings.recurrence import AMSTERDAM, local
from bot.meetings.rules import check_rule, monthly, weekly
from bot.meetings.when import WrongWeekday, examples, parse_moment, parse_time
from matching.resources import default_gazetteer

Data = dict[str, Any]
NEW_STEPS = (
    "table",
    "area",
    "title",
    "start",
    "end",
    "place",
    "location",
    "agenda",
    "link",
    "capacity",
    "repeat",
    "preview",
)
SUB_STEPS = {"repeat_weeks": "repeat", "repeat_rule": "repeat"}
OPTIONAL = {"location": ("lat", "lon"), "agenda": ("agenda",), "link": ("link",)}
LIMITS = {"table": 120, "title": 200, "place": 300, "agenda": 1000, "link": 500}
MAX_HOURS = 12
MAX_CAPACITY = 10_000


@dataclass
class Outcome:
    """Where the conversation goes next, and what to say first."""

    step: str
    data: Data
    error: str | None = None
    note: str | None = None
    finish: str | None = None  # "save" or "cancel" ends the conversation
    reschedule: bool = False  # reminders may be due now: let the scheduler look at once


@dataclass(frozen=True)
class Turn:
    """One answer or press: in whose language, at which step, on which draft, and when."""

    t: Translator
    step: str
    data: Data
    now: datetime


def next_step(step: str, data: Data) -> str:
    """The step after this one (the area is asked only for a new wijktafel)."""
    if step in SUB_STEPS:
        return "preview"
    following = NEW_STEPS[NEW_STEPS.index(step) + 1]
    if following == "area" and data.get("table_id"):
        following = "title"
    return following


def previous_step(step: str, data: Data) -> str | None:
    """The step before this one, or None at the first step."""
    if step in SUB_STEPS:
        return SUB_STEPS[step]
    if step not in NEW_STEPS or step == "table":
        return None
    earlier = NEW_STEPS[NEW_STEPS.index(step) - 1]
    if earlier == "area" and data.get("table_id"):
        earlier = "table"
    return earlier


def start_of(data: Data) -> datetime:
    """The planned start, stored as ISO text in the draft."""
    return datetime.fromisoformat(str(data["start"]))


def _text(t: Translator, step: str, data: Data, text: str, key: str) -> Outcome:
    text = " ".join(text.split()) if step != "agenda" else text.strip()
    if len(text) < 2:
        return Outcome(step, data, t("plan.error.short"))
    if len(text) > LIMITS[step]:
        return Outcome(step, data, t("plan.error.long", limit=LIMITS[step], length=len(text)))
    return Outcome(next_step(step, data), data | {key: text})


def _area(t: Translator, data: Data, text: str) -> Outcome:
    places = default_gazetteer()
    place = places.resolve(text.strip())
    if place is None:
        suggestions = ", ".join(places.suggest(text.strip(), limit=3)) or "-"
        return Outcome("area", data, t("plan.error.area", value=text, suggestions=suggestions))
    return Outcome("title", data | {"area": place.name})


def _start(t: Translator, data: Data, text: str, now: datetime) -> Outcome:
    moment = parse_moment(text, now)
    if isinstance(moment, WrongWeekday):
        day = t.date(moment.day, "EEEE d MMMM y")
        return Outcome("start", data, t("plan.error.weekday", day=day))
    if moment is None:
        dated = examples(now, t.language)
        return Outcome("start", data, t("plan.error.when.dated", value=text, **dated))
    if moment <= now:
        return Outcome("start", data, t("plan.error.past"))
    # A new start makes an earlier end and recurrence meaningless.
    kept = {k: v for k, v in data.items() if k not in {"end", "rrule"}}
    return Outcome("end", kept | {"start": moment.isoformat()})


def _end(t: Translator, data: Data, text: str, now: datetime) -> Outcome:
    start = start_of(data)
    hour = parse_time(text)
    if hour is not None:
        end = local(datetime.combine(start.astimezone(AMSTERDAM).date(), hour))
    else:
        moment = parse_moment(text, now)
        if not isinstance(moment, datetime):
            return Outcome("end", data, t("plan.error.end_when", value=text))
        end = moment
    if end <= start:
        return Outcome("end", data, t("plan.error.end_before"))
    if end - start > timedelta(hours=MAX_HOURS):
        return Outcome("end", data, t("plan.error.end_long", hours=MAX_HOURS))
    return Outcome("place", data | {"end": end.isoformat()})


def is_link(text: str) -> bool:
    """An online link as typed: https:// and a host, no spaces. Nothing is added to what was
    typed (`meet.jit.si/x` is refused, not guessed into a link)."""
    return (
        text.startswith("https://")
        and len(text) > len("https://")
        and not any(c.isspace() for c in text)
    )


def _link(t: Translator, data: Data, text: str) -> Outcome:
    link = text.strip()
    if not is_link(link):
        return Outcome("link", data, t("plan.error.link"))
    if len(link) > LIMITS["link"]:
        return Outcome("link", data, t("plan.error.long", limit=LIMITS["link"], length=len(link)))
    return Outcome("capacity", data | {"link": link})


def parse_capacity(text: str) -> int | None:
    """A typed number of places (1..10 000), or None."""
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_CAPACITY:
        return None
    return int(value)


def _capacity(t: Translator, data: Data, text: str) -> Outcome:
    capacity = parse_capacity(text)
    if capacity is None:
        return Outcome("capacity", data, t("plan.error.capacity", limit=MAX_CAPACITY))
    return Outcome("repeat", data | {"capacity": capacity})


def _weeks(t: Translator, data: Data, text: str) -> Outcome:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= 12:
        return Outcome("repeat_weeks", data, t("plan.error.weeks"))
    return Outcome("preview", data | {"rrule": weekly(start_of(data), int(value))})


def _rule(t: Translator, data: Data, text: str) -> Outcome:
    rule = check_rule(text, start_of(data))
    if rule is None:
        return Outcome("repeat_rule", data, t("plan.error.rrule", value=text))
    return Outcome("preview", data | {"rrule": rule})


def on_text(t: Translator, step: str, data: Data, text: str, now: datetime) -> Outcome:
    """A typed answer to the current step."""
    if step == "table":
        fresh = {k: v for k, v in data.items() if k != "page"}
        return _text(t, step, fresh | {"table_id": None}, text, "name")
    if step in {"title", "place", "agenda"}:
        return _text(t, step, data, text, step)
    handlers = {
        "area": lambda: _area(t, data, text),
        "start": lambda: _start(t, data, text, now),
        "end": lambda: _end(t, data, text, now),
        "link": lambda: _link(t, data, text),
        "capacity": lambda: _capacity(t, data, text),
        "repeat_weeks": lambda: _weeks(t, data, text),
        "repeat_rule": lambda: _rule(t, data, text),
    }
    if step in handlers:
        return handlers[step]()
    key = "plan.error.location" if step == "location" else "plan.error.buttons"
    return Outcome(step, data, t(key))


def on_location(step: str, data: Data, latitude: float, longitude: float) -> Outcome | None:
    """A shared map location: the meeting place (only in the location step)."""
    if step != "location":
        return None
    return Outcome("agenda", data | {"lat": latitude, "lon": longitude})


def _repeat(step: str, data: Data, action: str) -> Outcome | None:
    start = start_of(data)
    rules = {"none": None, "weekly": weekly(start, 1), "monthly": monthly(start)}
    if action in rules:
        return Outcome("preview", data | {"rrule": rules[action]})
    following = {"weeks": "repeat_weeks", "custom": "repeat_rule"}.get(action)
    return Outcome(following, data) if following else None


def on_button(step: str, data: Data, action: str, argument: str) -> Outcome | None:
    """A pressed button of the current step (None: not a button of this step)."""
    found: Outcome | None = None
    if step == "title" and action == "same":
        found = Outcome("start", data | {"title": data.get("name", "")})
    elif action == "skip" and step in {"location", "agenda", "link", "capacity"}:
        cleared = {k: v for k, v in data.items() if k not in OPTIONAL.get(step, (step,))}
        found = Outcome(next_step(step, data), cleared)
    elif step == "repeat":
        found = _repeat(step, data, action)
    elif step == "preview" and action in {"save", "cancel"}:
        found = Outcome(step, data, finish=action)
    return found
