"""What each step of the sign-up does with a typed answer or a pressed button (no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.i18n import Translator
from bot.signup.checks import (
    field_problem,
    parse_contact,
    resolve_areas,
    suggest_tags,
    too_long,
    typed_languages,
    typed_tags,
)
from bot.signup.steps import (
    CONTACT_FIELDS,
    EDITABLE,
    EXTRA_SUFFIX,
    Draft,
    clear_transient,
    has_contact,
    next_step,
)
from matching.thesaurus import Kind

MIN_DESCRIPTION = 20
MAX_SUGGESTED_THEMES = 3
FIELD_OF_STEP = {"name": "name", "description": "description", "when": "schedule"}
LIST_KEYS = {"themes": "themes", "groups": "target_groups", "languages": "languages"}


@dataclass
class Outcome:
    """Where the conversation goes after an answer, and what to say first."""

    step: str
    draft: Draft
    error: str | None = None
    in_place: bool = False
    submit: bool = False


def _advance(step: str, draft: Draft) -> Outcome:
    following = next_step(step, draft)
    draft = clear_transient(draft) | ({"editing": True} if draft.get("editing") else {})
    if following == "preview":
        draft.pop("editing", None)
    if following == "themes" and not draft.get("themes"):
        # Start from what the description already says; people untick what does not fit.
        suggested = suggest_tags(draft.get("description", ""), "theme")
        draft["themes"] = suggested[:MAX_SUGGESTED_THEMES]
    return Outcome(following, draft)


def _text_field(t: Translator, step: str, draft: Draft, text: str) -> Outcome:
    field = FIELD_OF_STEP[step]
    text = text.strip()
    limit = too_long(field, text)
    if limit is not None:
        return Outcome(step, draft, t("signup.error.too_long", limit=limit, length=len(text)))
    if step == "description" and len(text) < MIN_DESCRIPTION:
        return Outcome(step, draft, t("signup.error.short"))
    if field_problem(field, text):
        return Outcome(step, draft, t("signup.error.characters"))
    return _advance(step, draft | {field: text})


def _add(draft: Draft, key: str, values: list[str]) -> Draft:
    current = list(draft.get(key, []))
    return draft | {key: current + [v for v in values if v not in current]}


def _typed_tags(t: Translator, step: str, kind: Kind, draft: Draft, text: str) -> Outcome:
    """Typed themes or groups, understood through the thesaurus; what it does not know is
    said, not stored as a theme."""
    key = LIST_KEYS[step]
    codes, unknown = typed_tags(text, kind)
    draft = _add(draft, key, codes)
    # Typed codes keep a button of their own (also once unticked), after the usual ones.
    draft = _add(draft, f"{key}{EXTRA_SUFFIX}", codes)
    if unknown:
        items = ", ".join(f"„{item}”" for item in unknown)
        return Outcome(step, draft, t("signup.error.unknown_tag", value=items))
    return Outcome(step, draft)


def _themes(t: Translator, draft: Draft, text: str) -> Outcome:
    return _typed_tags(t, "themes", "theme", draft, text)


def _groups(t: Translator, draft: Draft, text: str) -> Outcome:
    return _typed_tags(t, "groups", "group", draft, text)


def _areas(t: Translator, draft: Draft, text: str) -> Outcome:
    answer = resolve_areas(text)
    areas = list(draft.get("areas", []))
    areas += [name for name in answer.exact if name not in areas]
    # A question still open ("Bedoel je …?", the pick list) stays open while the person types
    # the next area: they may answer it after.
    pending = [name for name in draft.get("area_pending", []) if name not in areas]
    pending += [name for name in answer.found if name not in pending and name not in areas]
    draft = draft | {"areas": areas, "area_pending": pending}
    if answer.unknown:
        typed, options = answer.unknown[0]
        draft["area_typed"] = typed
        draft["area_options"] = options
    return Outcome("areas", draft)


def _contact(t: Translator, draft: Draft, text: str) -> Outcome:
    answer = parse_contact(text)
    if not answer.values and not answer.problems and answer.phone is None:
        return Outcome("contact", draft, t("signup.error.contact"))
    draft = {k: v for k, v in draft.items() if k not in (*CONTACT_FIELDS, "via_bot")}
    draft |= answer.values
    if answer.problems:
        errors = [t(f"signup.error.{kind}", value=value) for kind, value in answer.problems]
        return Outcome("contact", draft, "\n".join(errors))
    if answer.phone is not None:
        return Outcome("contact", draft | {"phone_pending": answer.phone})
    return _advance("contact", draft)


def _languages(t: Translator, draft: Draft, text: str) -> Outcome:
    codes, unknown = typed_languages(text)
    draft = _add(draft, "languages", codes)
    if unknown:
        return Outcome("languages", draft, t("signup.error.language", value=", ".join(unknown)))
    return Outcome("languages", draft)


TEXT: dict[str, Callable[[Translator, Draft, str], Outcome]] = {
    "themes": _themes,
    "areas": _areas,
    "groups": _groups,
    "contact": _contact,
    "languages": _languages,
}


def on_text(t: Translator, step: str, draft: Draft, text: str) -> Outcome:
    """Handle a typed answer in the current step."""
    if step in FIELD_OF_STEP:
        return _text_field(t, step, draft, text)
    if step in TEXT:
        return TEXT[step](t, draft, text)
    return Outcome(step, draft, t("signup.use_buttons"))


def _toggle(step: str, draft: Draft, key: str, code: str) -> Outcome:
    chosen = list(draft.get(key, []))
    chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
    return Outcome(step, draft | {key: chosen}, in_place=True)


def _area_button(t: Translator, draft: Draft, action: str, argument: str) -> Outcome:
    areas = list(draft.get("areas", []))
    if action == "yes":
        areas += [a for a in draft.get("area_pending", []) if a not in areas]
        draft = draft | {"area_pending": []}
    elif action == "no":
        draft = draft | {"area_pending": []}
    elif action == "pick" and argument.isdigit():
        options = list(draft.get("area_options", []))
        if int(argument) < len(options) and options[int(argument)] not in areas:
            areas.append(options[int(argument)])
        draft = {k: v for k, v in draft.items() if k not in ("area_options", "area_typed")}
    elif action == "x" and argument.isdigit() and int(argument) < len(areas):
        areas.pop(int(argument))
    elif action == "all":
        areas = ["Amsterdam"]
    elif action == "done":
        if not areas:
            return Outcome("areas", draft, t("signup.error.no_area"))
        return _advance("areas", draft)
    return Outcome("areas", draft | {"areas": areas}, in_place=True)


def _contact_button(t: Translator, draft: Draft, action: str) -> Outcome:
    phone = draft.pop("phone_pending", None)
    if action == "via":
        cleared = {k: v for k, v in draft.items() if k not in CONTACT_FIELDS}
        return _advance("contact", cleared | {"via_bot": True})
    if action == "phone_yes" and phone:
        return _advance("contact", draft | {"phone": phone})
    if has_contact(draft):
        return _advance("contact", draft)
    return Outcome("contact", draft, t("signup.phone.dropped"))


def _consent_button(t: Translator, draft: Draft, action: str) -> Outcome:
    if action == "yes":
        return _advance("consent", draft | {"consent": True})
    return Outcome("consent", draft | {"consent": False}, t("signup.consent.needed"))


def _preview_button(t: Translator, draft: Draft, action: str, argument: str) -> Outcome:
    if action == "edit" and argument in EDITABLE:
        return Outcome(argument, clear_transient(draft) | {"editing": True})
    if action == "send" and draft.get("consent"):
        return Outcome("preview", draft, submit=True)
    return Outcome("preview", draft, t("signup.use_buttons"))


def _list_button(t: Translator, step: str, draft: Draft, action: str, argument: str) -> Outcome:
    if action == "t" and step in LIST_KEYS:
        return _toggle(step, draft, LIST_KEYS[step], argument)
    if action == "done" and step == "themes" and not draft.get("themes"):
        return Outcome(step, draft, t("signup.error.no_theme"))
    if (action == "done" and step in LIST_KEYS) or action == "skip":
        return _advance(step, draft)
    return Outcome(step, draft, t("signup.use_buttons"))


def on_button(t: Translator, step: str, draft: Draft, action: str, argument: str) -> Outcome:
    """Handle a pressed button of the current step."""
    if step == "areas":
        return _area_button(t, draft, action, argument)
    if step == "contact":
        return _contact_button(t, draft, action)
    if step == "consent":
        return _consent_button(t, draft, action)
    if step == "preview":
        return _preview_button(t, draft, action, argument)
    return _list_button(t, step, draft, action, argument)
