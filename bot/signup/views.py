"""What the sign-up conversation shows: one prompt per step, its buttons and callback data."""

from __future__ import annotations

import html
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.languages import language_name, language_names
from bot.signup.checks import offer_from, suggest_tags
from bot.signup.steps import EDITABLE, EXTRA_SUFFIX, STEPS, Draft
from bot.socialmap.cards import full_card
from matching.resources import default_thesaurus
from matching.thesaurus import Kind, Tag

# su:<step>:<action>[:<argument>]; the step lets a press on an old prompt be recognised.
CALLBACK_PATTERN = r"^su:([a-z]+):([a-z_]+)(?::([a-z0-9-]{1,40}))?$"
COMMON_THEMES = ("eenzaamheid", "ontmoeting", "armoede", "taal", "mantelzorg", "bewegen")
COMMON_GROUPS = ("ouderen", "jongeren", "kinderen", "ouders", "mantelzorgers", "nieuwkomers")
# The languages offered as buttons; each is shown by its name in the reader's language.
LANGUAGE_BUTTONS = ("nl", "en", "ar", "tr", "pl", "es", "fr")
MAX_OPTIONS = 8

Keyboard = list[list[InlineKeyboardButton]]
Prompt = tuple[str, InlineKeyboardMarkup | None]


def data(step: str, action: str, argument: str = "") -> str:
    """Callback data of a sign-up button (always well under 64 bytes)."""
    return f"su:{step}:{action}" + (f":{argument}" if argument else "")


def _button(label: str, step: str, action: str, argument: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data(step, action, argument))


def _rows(buttons: list[InlineKeyboardButton], width: int = 2) -> Keyboard:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def _options(kind: Kind, draft: Draft, key: str) -> list[str]:
    """The buttons of a theme or group step, in an order a tap does not change: what the
    description suggests, the common ones, then what was typed or chosen before."""
    common = COMMON_THEMES if kind == "theme" else COMMON_GROUPS
    options: list[str] = []
    for code in [*suggest_tags(draft.get("description", ""), kind), *common]:
        if code not in options:
            options.append(code)
    options = options[:MAX_OPTIONS]
    for code in [*draft.get(key + EXTRA_SUFFIX, []), *draft.get(key, [])]:
        if code not in options:
            options.append(code)
    return options


def label(t: Translator, kind: Kind, code: str) -> str:
    """A theme's or group's label in the reader's language (free words as typed)."""
    return default_thesaurus().label(Tag(kind, code), t.language)


def _toggles(t: Translator, step: str, kind: Kind, draft: Draft, key: str) -> Keyboard:
    chosen = list(draft.get(key, []))
    buttons = [
        _button(("✅ " if code in chosen else "") + label(t, kind, code), step, "t", code)
        for code in _options(kind, draft, key)
        if len(code) <= 40 and code.replace("-", "").isalnum() and code.isascii()
    ]
    return [*_rows(buttons), [_button(t("signup.done"), step, "done")]]


def _chosen(t: Translator, kind: Kind, codes: list[str]) -> str:
    return ", ".join(label(t, kind, code) for code in codes) or "-"


def _themes(t: Translator, draft: Draft) -> Prompt:
    themes = list(draft.get("themes", []))
    text = t("signup.themes", chosen=_chosen(t, "theme", themes))
    return text, InlineKeyboardMarkup(_toggles(t, "themes", "theme", draft, "themes"))


def _groups(t: Translator, draft: Draft) -> Prompt:
    groups = list(draft.get("target_groups", []))
    text = t("signup.groups", chosen=_chosen(t, "group", groups))
    return text, InlineKeyboardMarkup(_toggles(t, "groups", "group", draft, "target_groups"))


def _areas(t: Translator, draft: Draft) -> Prompt:
    areas = list(draft.get("areas", []))
    pending = list(draft.get("area_pending", []))
    options = list(draft.get("area_options", []))
    lines: list[str] = []
    rows: Keyboard = []
    if pending:
        lines.append(t("signup.areas.confirm", areas=", ".join(pending)))
        rows.append(
            [_button(t("signup.yes"), "areas", "yes"), _button(t("signup.no"), "areas", "no")]
        )
    if "area_typed" in draft:
        if options:
            lines.append(t("signup.areas.unknown", typed=draft["area_typed"]))
            rows += [
                [_button("📍 " + name, "areas", "pick", str(i))] for i, name in enumerate(options)
            ]
        else:
            lines.append(t("signup.areas.unknown_none", typed=draft["area_typed"]))
    if not lines:
        lines.append(t("signup.areas"))
    # "tik op Klaar" only where there is a Klaar button (once an area is chosen).
    if areas:
        lines.append(t("signup.areas.chosen", areas=", ".join(areas)))
    else:
        lines.append(t("signup.areas.chosen_none"))
    rows += _rows([_button("✖ " + name, "areas", "x", str(i)) for i, name in enumerate(areas)])
    last = [_button(t("signup.areas.city"), "areas", "all")]
    if areas:
        last.append(_button(t("signup.done"), "areas", "done"))
    rows.append(last)
    return "\n\n".join(lines), InlineKeyboardMarkup(rows)


def _contact(t: Translator, draft: Draft) -> Prompt:
    phone = draft.get("phone_pending")
    if phone:
        rows = [
            [_button(t("signup.phone.public"), "contact", "phone_yes")],
            [_button(t("signup.phone.drop"), "contact", "phone_no")],
        ]
        return t("signup.phone.ask", phone=phone), InlineKeyboardMarkup(rows)
    return t("signup.contact"), InlineKeyboardMarkup(
        [[_button(t("signup.via_bot"), "contact", "via")]]
    )


def _languages(t: Translator, draft: Draft) -> Prompt:
    chosen = list(draft.get("languages", []))
    codes = [*LANGUAGE_BUTTONS, *(c for c in chosen if c not in LANGUAGE_BUTTONS)]
    buttons = [
        _button(
            ("✅ " if code in chosen else "") + language_name(code, t.language),
            "languages",
            "t",
            code,
        )
        for code in codes
    ]
    rows = [*_rows(buttons, 3), [_button(t("signup.done"), "languages", "done")]]
    named = language_names(chosen, t.language)
    return t("signup.languages", chosen=named or "-"), InlineKeyboardMarkup(rows)


def preview(t: Translator, draft: Draft, today: date) -> Prompt:
    """The entry exactly as professionals will see it, with "klopt" and a change per field."""
    offer, _errors = offer_from(draft, "preview", today)
    if offer is None:
        card = html.escape(draft.get("name", ""))
    else:
        via_bot = bool(draft.get("via_bot"))
        card = full_card(t, offer, list(offer.areas), default_thesaurus(), today, via_bot=via_bot)
    rows = [[_button(t("signup.preview.send"), "preview", "send")]]
    edits = [
        _button("✏️ " + t(f"signup.field.{step}"), "preview", "edit", step) for step in EDITABLE
    ]
    rows += _rows(edits)
    return card + "\n\n" + t("signup.preview"), InlineKeyboardMarkup(rows)


def prompt(t: Translator, step: str, draft: Draft, today: date) -> Prompt:
    """The question of a step, with a "step n of m" line and the step's buttons."""
    if step == "preview":
        return preview(t, draft, today)
    views = {"themes": _themes, "groups": _groups, "areas": _areas, "contact": _contact}
    views["languages"] = _languages
    if step in views:
        text, markup = views[step](t, draft)
    elif step == "when":
        text, markup = (
            t("signup.when"),
            InlineKeyboardMarkup([[_button(t("signup.skip"), "when", "skip")]]),
        )
    elif step == "consent":
        rows = [
            [_button(t("signup.consent.yes"), "consent", "yes")],
            [_button(t("signup.consent.no"), "consent", "no")],
        ]
        text, markup = t("signup.consent"), InlineKeyboardMarkup(rows)
    else:
        text, markup = t(f"signup.{step}"), None
    progress = t("signup.progress", number=STEPS.index(step) + 1, total=len(STEPS) - 1)
    return f"{progress}\n{text}", markup
