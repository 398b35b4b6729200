"""What /mijninitiatief shows: the owner's entries, one entry's menu, and their buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import OfferSubmission
from bot.i18n import Translator
from bot.owners.repository_owners import short_key
from bot.signup.repository_submissions import CHANGES_REQUESTED, PENDING, REJECTED
from bot.signup.steps import EDITABLE
from bot.socialmap.cards import full_card
from matching.offer import Offer
from matching.resources import default_thesaurus

# my:<action>:<entry key>[:<step>]; the key is resolved among the presser's own entries.
CALLBACK_PATTERN = r"^my:([a-z]+):([0-9a-f]{10})(?::([a-z]+))?$"

Prompt = tuple[str, InlineKeyboardMarkup | None]
SHOWN_STATES = (PENDING, CHANGES_REQUESTED, REJECTED)
MAX_SUBMISSIONS = 10


def data(action: str, offer: Offer, step: str = "") -> str:
    """Callback data of an owner's button (well under 64 bytes)."""
    return f"my:{action}:{short_key(offer.id)}" + (f":{step}" if step else "")


def _button(label: str, action: str, offer: Offer, step: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data(action, offer, step))


def submission_lines(t: Translator, submissions: Sequence[OfferSubmission]) -> list[str]:
    """What became of the entries this person sent in and that are not (yet) on the map:
    waiting, a change asked (in the coordinator's words) or rejected."""
    shown = [row for row in submissions if row.state in SHOWN_STATES][-MAX_SUBMISSIONS:]
    if not shown:
        return []
    lines = [t("owner.submitted")]
    for row in shown:
        name = str(row.data.get("name", ""))
        lines.append(t(f"owner.submitted.{row.state}", name=name, reason=row.reason or ""))
    return lines


def entry_list(
    t: Translator, offers: list[Offer], submissions: Sequence[OfferSubmission] = ()
) -> Prompt:
    """The owner's entries, one button each, and what they sent in that is not on the map."""
    sent = submission_lines(t, submissions)
    if not offers:
        return "\n".join([t("owner.none.yet"), "", *sent]) if sent else t("owner.none"), None
    lines = [t("owner.list")]
    lines += [
        t("owner.item", name=o.name) + ("" if o.active else " " + t("owner.paused")) for o in offers
    ]
    if sent:
        lines += ["", *sent]
    rows = [[_button("📄 " + o.name[:40], "open", o)] for o in offers[:20]]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def card(t: Translator, offer: Offer, today: date) -> str:
    """The entry as professionals see it."""
    return full_card(t, offer, list(offer.areas), default_thesaurus(), today)


def entry_menu(t: Translator, offer: Offer, today: date) -> Prompt:
    """One entry with what its owner can do: edit, pause or resume, remove, invite."""
    text = card(t, offer, today)
    if not offer.active:
        text = t("owner.paused.note") + "\n\n" + text
    pause = (
        _button(t("owner.pause"), "pause", offer)
        if offer.active
        else _button(t("owner.resume"), "resume", offer)
    )
    rows = [
        [_button(t("owner.edit"), "edit", offer), _button(t("owner.confirm"), "confirm", offer)],
        [pause, _button(t("owner.remove"), "remove", offer)],
        [_button(t("owner.invite"), "invite", offer)],
        [_button(t("owner.back"), "list", offer)],
    ]
    return text, InlineKeyboardMarkup(rows)


def field_menu(t: Translator, offer: Offer) -> Prompt:
    """Which field to change; name, description, themes and areas are checked again."""
    buttons = [_button("✏️ " + t(f"signup.field.{step}"), "field", offer, step) for step in EDITABLE]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(t("owner.back"), "open", offer)])
    return t("owner.edit.which", name=offer.name), InlineKeyboardMarkup(rows)


def remove_confirm(t: Translator, offer: Offer) -> Prompt:
    """Are you sure? Removing takes the entry off the map."""
    rows = [
        [_button(t("owner.remove.yes"), "rmyes", offer)],
        [_button(t("owner.remove.no"), "open", offer)],
    ]
    return t("owner.remove.confirm", name=offer.name), InlineKeyboardMarkup(rows)
