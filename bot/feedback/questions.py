"""Questions of a feedback set: ready-made templates (translated) and the organiser's own.

A question is kept as a plain dict (copied into each round, so editing a set later never
changes what was asked): `template` or `text`, own `options`, and the `scale`/`multiple` flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.constants import PollLimit

from bot.i18n import Translator
from bot.visible import visible

# 2-10 options: what every Bot API version takes (newer ones allow 1-12, older ones 2-10),
# and a poll with one option asks nothing.
MIN_OPTIONS, MAX_OPTIONS = 2, 10
MAX_QUESTION_LENGTH = PollLimit.MAX_QUESTION_LENGTH  # 300
MAX_OPTION_LENGTH = PollLimit.MAX_OPTION_LENGTH  # 100
SCALE = (1, 2, 3, 4, 5)

# The ready-made set: a 1-5 scale and two choice questions (option keys in the catalogues).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "useful": (),
    "met_someone": ("feedback.opt.yes", "feedback.opt.no"),
    "next_time": ("feedback.opt.yes", "feedback.opt.maybe", "feedback.opt.no"),
}
READY_MADE: tuple[dict[str, Any], ...] = (
    {"template": "useful", "text": None, "options": None, "scale": True, "multiple": False},
    {"template": "met_someone", "text": None, "options": None, "scale": False, "multiple": False},
    {"template": "next_time", "text": None, "options": None, "scale": False, "multiple": False},
)


@dataclass(frozen=True)
class Asked:
    """A question as one person sees it: text and options in their language."""

    text: str
    options: list[str]
    scale: bool
    multiple: bool


def render(t: Translator, question: dict[str, Any]) -> Asked:
    """The question's text and options in the translator's language."""
    template = question.get("template")
    text = t(f"feedback.q.{template}") if template else str(question.get("text") or "")
    if question.get("scale"):
        options = [t("feedback.scale.low"), "2", "3", "4", t("feedback.scale.high")]
    elif template:
        options = [t(key) for key in TEMPLATES[str(template)]]
    else:
        options = [str(o) for o in question.get("options") or []]
    return Asked(text, options, bool(question.get("scale")), bool(question.get("multiple")))


def option_count(question: dict[str, Any]) -> int:
    """How many options the question has (5 for a scale)."""
    if question.get("scale"):
        return len(SCALE)
    if question.get("template"):
        return len(TEMPLATES[str(question["template"])])
    return len(question.get("options") or [])


def parse_own(text: str) -> dict[str, Any] | str:
    """An organiser's question from `[schaal|meer] Vraag? | optie | optie`, or an error key.

    No options and the word `schaal`/`scale` in front: a 1-5 scale; `meer`/`multi`: more than
    one answer allowed. The bounds of a broadcast apply, with Telegram's own for polls: bidi
    and zero-width characters go before anything is measured, a question has 1-300
    characters, each of 2-10 different options 1-100.
    """
    text = visible(text).strip()
    words = text.split(maxsplit=1)
    scale = multiple = False
    if words and words[0].casefold() in {"schaal", "scale"}:
        scale, text = True, words[1] if len(words) > 1 else ""
    elif words and words[0].casefold() in {"meer", "multi"}:
        multiple, text = True, words[1] if len(words) > 1 else ""
    parts = [part.strip() for part in text.split("|")]
    question, options = parts[0], [p for p in parts[1:] if p]
    if not question:
        return "feedback.error.empty"
    if len(question) > MAX_QUESTION_LENGTH or any(len(o) > MAX_OPTION_LENGTH for o in options):
        return "feedback.error.long"
    if scale and options:
        return "feedback.error.scale_options"
    if not scale and not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        return "feedback.error.option_count"
    if len({option.casefold() for option in options}) < len(options):
        return "feedback.error.duplicate"
    return {
        "template": None,
        "text": question,
        "options": None if scale else options,
        "scale": scale,
        "multiple": multiple,
    }
