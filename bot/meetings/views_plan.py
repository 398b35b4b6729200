"""Prompts and buttons of planning a meeting step by step (callback data `mt:<step>:...`)."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.meetings.plan_data import Choices
from bot.meetings.plan_steps import Data, start_of
from bot.meetings.recurrence import AMSTERDAM
from bot.meetings.rules import DAY_CODES, describe, monthly
from bot.meetings.views import card_key, map_link
from bot.meetings.when import examples

PLAN_PATTERN = r"^mt:([a-z_]+):([a-z]+)(?::(-?\w+))?$"
WHEN = "EEEE d MMMM y HH:mm"


def button(label: str, step: str, action: str, argument: str | int = "") -> InlineKeyboardButton:
    """A button of a step; the step is in the data so a press on an old prompt is noticed."""
    data = f"mt:{step}:{action}" + (f":{argument}" if argument != "" else "")
    return InlineKeyboardButton(label, callback_data=data)


def _day(t: Translator, data: Data) -> str:
    return t(f"plan.day.{DAY_CODES[start_of(data).astimezone(AMSTERDAM).weekday()]}")


def summary(t: Translator, data: Data) -> str:
    """The planned meeting as the coordinator will confirm it."""
    start, end = start_of(data), datetime.fromisoformat(str(data["end"]))
    lines = [
        t(
            card_key(str(data["title"]), str(data["name"]), str(data["area"])),
            title=data["title"],
            wijktafel=data["name"],
            area=data["area"],
            when=t.datetime(start, "EEEE d MMMM HH:mm"),
            until=t.datetime(end, "HH:mm"),
            place=data["place"],
        )
    ]
    if "lat" in data:
        lines.append(t("meeting.card.map", link=map_link(data["lat"], data["lon"])))
    if data.get("link"):
        lines.append(t("meeting.card.online", link=data["link"]))
    if data.get("agenda"):
        lines.append(t("meeting.card.agenda", agenda=data["agenda"]))
    if data.get("capacity"):
        lines.append(t("meeting.card.capacity", capacity=data["capacity"]))
    lines.append(t("plan.summary.repeat", repeat=describe(t, data.get("rrule"))))
    return "\n".join(lines)


def _skip(t: Translator, step: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t("plan.skip"), step, "skip")]])


def _choices(
    t: Translator, first: list[InlineKeyboardButton], step: str, action: str, choices: Choices
) -> InlineKeyboardMarkup:
    rows = [first] if first else []
    rows += [[button(label, step, action, argument)] for label, argument in choices.items]
    nav = []
    if choices.more_before:
        nav.append(button(t("agenda.previous"), step, "page", choices.page - 1))
    if choices.more_after:
        nav.append(button(t("agenda.next"), step, "page", choices.page + 1))
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def _repeat(t: Translator, data: Data) -> InlineKeyboardMarkup:
    day, step = _day(t, data), "repeat"
    return InlineKeyboardMarkup(
        [
            [button(t("plan.repeat.once"), step, "none")],
            [button(t("plan.repeat.weekly_one", day=day), step, "weekly")],
            [button(t("plan.repeat.every_n", day=day), step, "weeks")],
            [button(describe(t, monthly(start_of(data))), step, "monthly")],
            [button(t("plan.repeat.custom"), step, "custom")],
        ]
    )


def _markup(t: Translator, step: str, data: Data, choices: Choices) -> InlineKeyboardMarkup | None:
    markup: InlineKeyboardMarkup | None = None
    if step == "menu":
        markup = _choices(t, [button(t("plan.new"), "menu", "new")], "menu", "edit", choices)
    elif step == "table" and choices.items:
        markup = _choices(t, [], "table", "pick", choices)
    elif step == "title":
        same = button(t.label("plan.title.same", name=data.get("name", "")), "title", "same")
        markup = InlineKeyboardMarkup([[same]])
    elif step in {"location", "agenda", "link", "capacity"}:
        markup = _skip(t, step)
    elif step == "repeat":
        markup = _repeat(t, data)
    elif step == "preview":
        buttons = [button(t("plan.save"), step, "save"), button(t("plan.cancel"), step, "cancel")]
        markup = InlineKeyboardMarkup([buttons])
    return markup


def prompt(
    t: Translator,
    step: str,
    data: Data,
    choices: Choices | None = None,
    now: datetime | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The question of a step of a new meeting, with its buttons (examples dated from `now`)."""
    values: dict[str, str] = {}
    if step == "start" and now is not None:
        step_key = "plan.ask.start.dated"
        values |= examples(now, t.language)
    else:
        step_key = f"plan.ask.{step}"
    if step in {"area", "title"}:
        values["name"] = str(data.get("name", ""))
    if step == "end":
        values["start"] = t.datetime(start_of(data), WHEN)
    if step in {"repeat_weeks"}:
        values["day"] = _day(t, data)
    text = t(step_key, **values)
    if step == "preview":
        text += "\n\n" + summary(t, data)
    return text, _markup(t, step, data, choices or Choices([]))
