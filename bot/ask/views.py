"""The buttons under an answer: details per card, introductions, paging, "not what I was
looking for" — the same for a typed question and for a shared location."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.person import Person
from bot.introductions.views import start_button

PAGE_SIZE = 3
MAX_RESULTS = 30


def answer_keyboard(
    person: Person,
    question_id: int,
    page: int,
    shown: int,
    has_more: bool,
    *,
    introductions: tuple[int, ...] = (),
    page_size: int = PAGE_SIZE,
) -> InlineKeyboardMarkup:
    """Details per card, "breng me in contact" per card reachable via the bot, paging, and
    "not what I was looking for"."""
    first = page * page_size
    details = [
        InlineKeyboardButton(
            f"🔎 {first + n + 1}", callback_data=f"ask:info:{question_id}:{first + n}"
        )
        for n in range(shown)
    ]
    paging = []
    if page > 0:
        paging.append(
            InlineKeyboardButton(
                person.t("ask.previous"), callback_data=f"ask:more:{question_id}:{page - 1}"
            )
        )
    if has_more:
        paging.append(
            InlineKeyboardButton(
                person.t("ask.more"), callback_data=f"ask:more:{question_id}:{page + 1}"
            )
        )
    intro = [start_button(person.t, question_id, index, numbered=True) for index in introductions]
    miss = [InlineKeyboardButton(person.t("ask.miss"), callback_data=f"ask:miss:{question_id}")]
    return InlineKeyboardMarkup([row for row in (details, intro, paging, miss) if row])
