"""Editing a whole series: title, start (all later dates follow), end time and recurrence."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.db.models import Meeting
from bot.meetings.changes import tell_subscribers
from bot.meetings.handlers.edit_turn import EditTurn
from bot.meetings.plan_steps import LIMITS, MAX_HOURS, Outcome
from bot.meetings.recurrence import AMSTERDAM, local
from bot.meetings.rules import check_rule, describe
from bot.meetings.views_plan import WHEN
from bot.meetings.when import WrongWeekday, examples, parse_moment, parse_time

SERIES_FIELDS = ("name", "start", "end", "repeat")
# Typing one of these as the recurrence makes the series a single meeting.
NO_REPEAT = {"geen", "nee", "none", "no", "-", "eenmalig", "once"}


def series_current(turn: EditTurn, meeting: Meeting, name: str) -> str:
    """What the field holds now, as the coordinator reads it."""
    if name == "name":
        return meeting.title
    if name == "start":
        return turn.t.datetime(meeting.starts_at, WHEN)
    if name == "end":
        end = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
        return turn.t.datetime(end, "HH:mm")
    return describe(turn.t, meeting.rrule)


async def store_series(turn: EditTurn, meeting: Meeting, name: str, value: str) -> Outcome:
    """Check and store a typed title, start or recurrence; subscribers hear of a new time."""
    if name == "name":
        return _store_title(turn, meeting, value)
    if name == "repeat":
        return _store_rule(turn, meeting, value)
    if name == "end":
        return _store_end(turn, meeting, value)
    return await _store_start(turn, meeting, value)


def _store_end(turn: EditTurn, meeting: Meeting, value: str) -> Outcome:
    hour = parse_time(value)
    if hour is None:
        return turn.error("plan.error.end_when", value=value)
    day = meeting.starts_at.astimezone(AMSTERDAM).date()
    end = local(datetime.combine(day, hour))
    if end <= meeting.starts_at:
        return turn.error("plan.error.end_before")
    if end - meeting.starts_at > timedelta(hours=MAX_HOURS):
        return turn.error("plan.error.end_long", hours=MAX_HOURS)
    meeting.duration_minutes = int((end - meeting.starts_at).total_seconds() // 60)
    return turn.back_to_menu(turn.t("plan.edit.saved"))


def _store_title(turn: EditTurn, meeting: Meeting, value: str) -> Outcome:
    if len(value) > LIMITS["title"]:
        return turn.error("plan.error.long", limit=LIMITS["title"], length=len(value))
    if len(value) < 2:
        return turn.error("plan.error.short")
    meeting.title = " ".join(value.split())
    return turn.back_to_menu(turn.t("plan.edit.saved"))


async def _store_start(turn: EditTurn, meeting: Meeting, value: str) -> Outcome:
    moment = parse_moment(value, turn.now)
    if isinstance(moment, WrongWeekday):
        return turn.error("plan.error.weekday", day=turn.t.date(moment.day, "EEEE d MMMM y"))
    if moment is None:
        return turn.error(
            "plan.error.when.dated", value=value, **examples(turn.now, turn.t.language)
        )
    if moment <= turn.now:
        return turn.error("plan.error.past")
    if meeting.rrule and check_rule(meeting.rrule, moment) is None:
        # "every first Tuesday" cannot start on a Thursday: change the recurrence first
        return turn.error("plan.error.start_rule", repeat=describe(turn.t, meeting.rrule))
    meeting.starts_at = moment
    told = await tell_subscribers(turn.session, meeting, moment.date(), "moved", turn.now)
    note = turn.t("plan.edit.moved", when=turn.t.datetime(moment, WHEN))
    return turn.back_to_menu(note + " " + turn.t("plan.edit.told", count=told), reschedule=True)


def _store_rule(turn: EditTurn, meeting: Meeting, value: str) -> Outcome:
    if value.strip().lower() in NO_REPEAT:
        meeting.rrule = None
        return turn.back_to_menu(turn.t("plan.edit.saved"), reschedule=True)
    rule = check_rule(value, meeting.starts_at)
    if rule is None:
        return turn.error("plan.error.rrule", value=value)
    meeting.rrule = rule
    return turn.back_to_menu(turn.t("plan.edit.saved"), reschedule=True)
