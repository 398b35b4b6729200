"""Asking back when a question has only half of what it needs.

A topic alone ("taalles") gets "In welk gebied?" with the person's last area and "heel
Amsterdam" as buttons; an area alone ("Noord") gets the themes with the most offers there.
The question waits in the database (`asked_questions.followup*`) for a button or a typed
answer, so any process can continue the conversation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.person import Person
from matching.area_names import CITY_CODE
from matching.area_themes import top_themes
from matching.matcher import Matcher
from matching.thesaurus import Tag

AREA = "area"  # the question lacks an area
THEME = "theme"  # the question lacks a topic
PICK_PATTERN = r"^ask:pick:(\d+):(\d+)$"
WHOLE_CITY = "heel Amsterdam"  # understood as the whole city in Dutch and English
MAX_THEMES = 6
RECENT_QUESTIONS = 10


@dataclass(frozen=True)
class Option:
    """One button of a question asked back: its label and the words it adds."""

    label: str
    words: str


def missing_half(matcher: Matcher, query: str) -> str | None:
    """AREA for a topic alone, THEME for an area alone, None for anything else."""
    parsed = matcher.parse(query)
    if parsed.keywords or parsed.unknown:
        return None  # it names something particular: answer it as it is
    has_topic = bool(parsed.concepts or parsed.place_kinds)
    if has_topic and not parsed.areas:
        return AREA
    if parsed.areas and not has_topic:
        return THEME
    return None


def combined(missing: str, question: str, answer: str) -> str:
    """The whole question once the missing half is given."""
    return f"{question} {answer}" if missing == AREA else f"{answer} {question}"


def last_area(matcher: Matcher, earlier: Sequence[str]) -> str | None:
    """The area of the person's latest question that named one (not the whole city)."""
    for query in earlier:
        for mention in matcher.parse(query).areas:
            if mention.place.codes != (CITY_CODE,):
                return mention.place.name
    return None


def area_options(person: Person, matcher: Matcher, earlier: Sequence[str]) -> list[Option]:
    """The person's last area (if any) and the whole city."""
    options = []
    area = last_area(matcher, earlier)
    if area is not None:
        options.append(Option(area, area))
    options.append(Option(person.t("ask.back.whole_city"), WHOLE_CITY))
    return options


def theme_options(person: Person, matcher: Matcher, query: str) -> list[Option]:
    """The themes with the most offers in the area the question names."""
    parsed = matcher.parse(query)
    if not parsed.areas:
        return []
    codes = top_themes(
        matcher.offers, parsed.areas[0].place, matcher.gazetteer, matcher.thesaurus, MAX_THEMES
    )
    return [
        Option(matcher.thesaurus.label(Tag("theme", code), person.language), code) for code in codes
    ]


def ask_back_text(person: Person, missing: str, topic: str) -> str:
    """ "In welk gebied?" for a topic, "Waarover?" for an area."""
    key = "ask.back.area" if missing == AREA else "ask.back.theme"
    return person.t(key, topic=topic)


def ask_back_keyboard(question_id: int, options: Sequence[Option]) -> InlineKeyboardMarkup:
    """The options as buttons, two to a row."""
    buttons = [
        InlineKeyboardButton(option.label, callback_data=f"ask:pick:{question_id}:{n}")
        for n, option in enumerate(options)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])
