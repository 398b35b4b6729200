"""Editing a planned meeting: title, start, recurrence, agenda, link, place, capacity,
reminders, or one date.

The coordinator picks a meeting from /bijeenkomst; the draft then holds its id (and the date
being changed). Every change is stored at once and the edit menu comes back with a note.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import Meeting, Wijktafel
from bot.i18n import Translator
from bot.meetings import waitlist
from bot.meetings.changes import tell_subscribers
from bot.meetings.handlers.edit_series import SERIES_FIELDS, series_current, store_series
from bot.meetings.handlers.edit_turn import EditTurn
from bot.meetings.plan_steps import (
    LIMITS,
    MAX_CAPACITY,
    Outcome,
    is_link,
    parse_capacity,
)
from bot.meetings.recurrence import format_offsets, occurrences, parse_offsets
from bot.meetings.rules import describe
from bot.meetings.views import card, key_from, key_text, occurrence_of
from bot.meetings.views_plan import WHEN, button
from bot.meetings.when import WrongWeekday, examples, parse_moment, parse_reminders
from bot.policy import PLANNING_LOOK_AHEAD

FIELDS = (*SERIES_FIELDS, "agenda", "link", "place", "capacity", "offsets")
CLEARABLE = {"agenda": "agenda", "link": "online_url", "capacity": "capacity"}
DATES_LISTED = 6
DAY = "EEEE d MMMM y"


async def _loaded(turn: EditTurn) -> tuple[Meeting, Wijktafel] | None:
    meeting = await turn.repo.meeting(int(turn.data.get("meeting_id", 0)))
    table = await turn.repo.wijktafel(meeting.wijktafel_id) if meeting else None
    return (meeting, table) if meeting and table else None


async def _upcoming(turn: EditTurn, meeting: Meeting) -> list[date]:
    exceptions = await turn.repo.exceptions(meeting.id)
    duration = timedelta(minutes=meeting.duration_minutes)
    window = (turn.now, turn.now + PLANNING_LOOK_AHEAD)
    found = occurrences(meeting.starts_at, duration, meeting.rrule, exceptions, window)
    return [o.key for o in found[:DATES_LISTED]]


def _with_back(turn: EditTurn, rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([*rows, [button(turn.t("plan.back"), turn.step, "back")]])


async def _menu(
    turn: EditTurn, meeting: Meeting, table: Wijktafel
) -> tuple[str, InlineKeyboardMarkup]:
    t, keys = turn.t, await _upcoming(turn, meeting)
    occurrence = await occurrence_of(turn.repo, meeting, keys[0]) if keys else None
    offsets = ", ".join(str(d) for d in parse_offsets(table.reminder_offsets)) or "-"
    text = "\n".join(
        [
            t("plan.edit.title"),
            "",
            card(t, meeting, table, occurrence) if occurrence else meeting.title,
            t("plan.summary.repeat", repeat=describe(t, meeting.rrule)),
            t("plan.edit.reminders", offsets=offsets, time=table.reminder_time),
        ]
    )
    field_buttons = [button(t(f"plan.edit.{f}"), "edit", "field", f) for f in FIELDS]
    rows = [field_buttons[n : n + 2] for n in range(0, len(field_buttons), 2)]
    rows += [
        [button(t("plan.edit.dates"), "edit", "dates")],
        [button(t("plan.edit.done"), "edit", "done")],
    ]
    return text, InlineKeyboardMarkup(rows)


async def _dates(turn: EditTurn, meeting: Meeting) -> tuple[str, InlineKeyboardMarkup]:
    t = turn.t
    exceptions = await turn.repo.exceptions(meeting.id)
    cancelled = sorted(
        k for k, moved in exceptions.items() if moved is None and k >= turn.now.date()
    )
    rows = [
        [button(t.date(k, DAY), turn.step, "pick", key_text(k))]
        for k in await _upcoming(turn, meeting)
    ]
    rows += [
        [button(t("plan.edit.cancelled_date", day=t.date(k, DAY)), turn.step, "pick", key_text(k))]
        for k in cancelled
    ]
    return t("plan.edit.ask.dates"), _with_back(turn, rows)


async def _date(turn: EditTurn, meeting: Meeting) -> tuple[str, InlineKeyboardMarkup]:
    t = turn.t
    occurrence = await occurrence_of(turn.repo, meeting, turn.key)
    when = t.datetime(occurrence.start, WHEN) if occurrence else t.date(turn.key, DAY)
    if turn.step == "edit_move":
        return t("plan.edit.ask.move", when=when), _with_back(turn, [])
    rows = [[button(t("plan.edit.move"), turn.step, "move")]]
    if occurrence is not None:
        rows.append([button(t("plan.edit.cancel_date"), turn.step, "cancel")])
    if turn.key in await turn.repo.exceptions(meeting.id):
        rows.append([button(t("plan.edit.restore"), turn.step, "restore")])
    return t("plan.edit.ask.date", when=when), _with_back(turn, rows)


def reminder_setting(t: Translator, table: Wijktafel) -> str:
    """A series' reminders as words: "2 dagen vooraf om 10:30", "7, 1 dagen vooraf om 10:00"."""
    offsets = parse_offsets(table.reminder_offsets)
    if not offsets:
        return t("plan.edit.offsets.none")
    key = "plan.edit.offsets.one" if list(offsets) == [1] else "plan.edit.offsets.many"
    return t(key, offsets=", ".join(str(d) for d in offsets), time=table.reminder_time)


def _field(turn: EditTurn, meeting: Meeting, table: Wijktafel) -> tuple[str, InlineKeyboardMarkup]:
    name = turn.step.removeprefix("edit_")
    key = "plan.edit.ask.start.dated" if name == "start" else f"plan.edit.ask.{name}"
    dated = examples(turn.now, turn.t.language)
    if name in SERIES_FIELDS:
        shown = series_current(turn, meeting, name)
        return turn.t(key, current=shown, **dated), _with_back(turn, [])
    current = {
        "agenda": meeting.agenda,
        "link": meeting.online_url,
        "place": meeting.place,
        "capacity": meeting.capacity,
        "offsets": reminder_setting(turn.t, table),
    }.get(name)
    shown = "-" if current in (None, "") else str(current)
    rows = (
        [[button(turn.t("plan.clear"), turn.step, "clear")]]
        if name in CLEARABLE and current
        else []
    )
    return turn.t(key, current=shown, **dated), _with_back(turn, rows)


async def edit_prompt(turn: EditTurn) -> tuple[str, InlineKeyboardMarkup | None]:
    """The edit menu, or the question of an edit step."""
    loaded = await _loaded(turn)
    if loaded is None:
        return turn.t("plan.edit.gone"), None
    meeting, table = loaded
    if turn.step == "edit":
        return await _menu(turn, meeting, table)
    if turn.step == "edit_dates":
        return await _dates(turn, meeting)
    if turn.step in {"edit_date", "edit_move"}:
        return await _date(turn, meeting)
    return _field(turn, meeting, table)


def _text_problem(turn: EditTurn, name: str, value: str) -> Outcome | None:
    limit = LIMITS[name]
    if len(value) > limit:
        return turn.error("plan.error.long", limit=limit, length=len(value))
    if len(value) < 2:
        return turn.error("plan.error.short")
    if name == "link" and not is_link(value):
        return turn.error("plan.error.link")
    return None


async def _store(turn: EditTurn, meeting: Meeting, table: Wijktafel, value: str) -> Outcome:
    name = turn.step.removeprefix("edit_")
    saved = turn.back_to_menu(turn.t("plan.edit.saved"))
    if name in {"agenda", "place", "link"}:
        problem = _text_problem(turn, name, value)
        if problem is not None:
            return problem
        value = value if name == "agenda" else " ".join(value.split())
        setattr(meeting, {"link": "online_url"}.get(name, name), value)
        return saved
    if name == "capacity":
        capacity = parse_capacity(value)
        if capacity is None:
            return turn.error("plan.error.capacity", limit=MAX_CAPACITY)
        meeting.capacity = capacity
        await _free_places(turn, meeting)
        return saved
    parsed = parse_reminders(value)
    if parsed is None:
        return turn.error("plan.error.offsets")
    table.reminder_offsets = format_offsets(parsed[0])
    table.reminder_time = parsed[1] or table.reminder_time
    return turn.back_to_menu(turn.t("plan.edit.saved"), reschedule=True)


async def _move(turn: EditTurn, meeting: Meeting, text: str) -> Outcome:
    moment = parse_moment(text, turn.now)
    if isinstance(moment, WrongWeekday):
        return turn.error("plan.error.weekday", day=turn.t.date(moment.day, DAY))
    if moment is None:
        return turn.error(
            "plan.error.when.dated", value=text, **examples(turn.now, turn.t.language)
        )
    if moment <= turn.now:
        return turn.error("plan.error.past")
    await turn.repo.set_exception(meeting.id, turn.key, moment)
    told = await tell_subscribers(turn.session, meeting, turn.key, "moved", turn.now)
    note = turn.t("plan.edit.moved", when=turn.t.datetime(moment, WHEN))
    return turn.back_to_menu(note + " " + turn.t("plan.edit.told", count=told), reschedule=True)


async def _free_places(turn: EditTurn, meeting: Meeting) -> None:
    """After a capacity change, the waiting list moves up where places came free."""
    for key in await _upcoming(turn, meeting):
        await waitlist.move_up(turn.session, meeting, key, turn.now)


async def edit_text(turn: EditTurn, text: str) -> Outcome:
    """A typed answer in an edit step."""
    loaded = await _loaded(turn)
    if loaded is None:
        return Outcome("menu", {}, turn.t("plan.edit.gone"))
    if turn.step in {"edit", "edit_dates", "edit_date"}:
        return turn.error("plan.error.buttons")
    if turn.step == "edit_move":
        return await _move(turn, loaded[0], text.strip())
    name = turn.step.removeprefix("edit_")
    if name in SERIES_FIELDS:
        return await store_series(turn, loaded[0], name, text.strip())
    return await _store(turn, *loaded, text.strip())


async def edit_location(turn: EditTurn, latitude: float, longitude: float) -> Outcome | None:
    """A shared location while changing the place: the meeting's spot on the map."""
    loaded = await _loaded(turn) if turn.step == "edit_place" else None
    if loaded is None:
        return None
    loaded[0].latitude, loaded[0].longitude = latitude, longitude
    return turn.back_to_menu(turn.t("plan.edit.saved"))


def _is_key(text: str) -> bool:
    try:
        key_from(text)
    except ValueError:
        return False
    return len(text) == 8 and text.isdigit()


def _menu_press(turn: EditTurn, action: str, argument: str) -> Outcome | None:
    if action == "field" and argument in FIELDS:
        return Outcome(f"edit_{argument}", turn.data)
    if action == "dates":
        return Outcome("edit_dates", turn.data)
    return Outcome(turn.step, turn.data, finish="done") if action == "done" else None


async def _date_press(turn: EditTurn, meeting: Meeting, action: str) -> Outcome | None:
    when = turn.t.date(turn.key, DAY)
    if action == "move":
        return Outcome("edit_move", turn.data)
    if action == "cancel":
        await turn.repo.set_exception(meeting.id, turn.key, None)
        told = await tell_subscribers(turn.session, meeting, turn.key, "cancelled", turn.now)
        note = turn.t("plan.edit.cancelled", day=when) + " " + turn.t("plan.edit.told", count=told)
        return turn.back_to_menu(note)
    if action == "restore":
        await turn.repo.clear_exception(meeting.id, turn.key)
        told = await tell_subscribers(turn.session, meeting, turn.key, "restored", turn.now)
        note = turn.t("plan.edit.restored", day=when) + " " + turn.t("plan.edit.told", count=told)
        return turn.back_to_menu(note, reschedule=True)
    return None


async def edit_button(turn: EditTurn, action: str, argument: str) -> Outcome | None:
    """A pressed button in the edit menu or an edit step (None: not one of this step)."""
    loaded = await _loaded(turn)
    if loaded is None:
        return Outcome("menu", {}, turn.t("plan.edit.gone"))
    meeting, step = loaded[0], turn.step
    name = step.removeprefix("edit_")
    found: Outcome | None = None
    if action == "back":
        back = "edit_date" if step == "edit_move" else "edit"
        found = Outcome(back, turn.data) if back == "edit_date" else turn.back_to_menu("")
    elif step == "edit":
        found = _menu_press(turn, action, argument)
    elif step == "edit_dates" and action == "pick" and _is_key(argument):
        found = Outcome("edit_date", turn.data | {"key": argument})
    elif step == "edit_date":
        found = await _date_press(turn, meeting, action)
    elif name in CLEARABLE and action == "clear":
        setattr(meeting, CLEARABLE[name], None)
        if name == "capacity":
            await _free_places(turn, meeting)
        found = turn.back_to_menu(turn.t("plan.edit.saved"))
    return found
