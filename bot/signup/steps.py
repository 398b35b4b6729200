"""The steps of the sign-up conversation and the draft they fill in."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# The order people walk through; the preview comes last.
STEPS = (
    "name",
    "description",
    "themes",
    "areas",
    "groups",
    "when",
    "contact",
    "languages",
    "consent",
    "preview",
)
# Steps a person can change from the preview card (consent is given once, at the end).
EDITABLE = STEPS[:-2]
CONTACT_FIELDS = ("url", "email", "telegram", "phone")
# Draft keys that only steer the conversation and never reach the entry.
# Typed themes and groups keep their buttons while the step lasts: "<key>_extra".
EXTRA_SUFFIX = "_extra"
TRANSIENT = (
    "area_pending",
    "area_options",
    "area_typed",
    "phone_pending",
    "editing",
    "themes" + EXTRA_SUFFIX,
    "target_groups" + EXTRA_SUFFIX,
)

Draft = dict[str, Any]


def next_step(step: str, draft: Draft) -> str:
    """The step after this one; back to the preview when a field was changed from there."""
    if draft.get("editing") and step in EDITABLE:
        return "preview"
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def previous_step(step: str) -> str | None:
    """The step before this one, or None at the first."""
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def clear_transient(draft: Draft) -> Draft:
    """The draft without the half-answered questions of a step."""
    return {k: v for k, v in draft.items() if k not in TRANSIENT}


def slug(name: str) -> str:
    """A stable id for an entry from its name: 'Koffie & Zo!' → 'koffie-zo'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:56].strip("-")
    return text if len(text) >= 2 else f"initiatief-{text}".strip("-")


def has_contact(draft: Draft) -> bool:
    """Whether the draft says how people reach the initiative."""
    return bool(draft.get("via_bot")) or any(draft.get(f) for f in CONTACT_FIELDS)


def to_record(draft: Draft, offer_id: str) -> dict[str, Any]:
    """The draft as a social-map record (see the format), empty fields left out."""
    record: dict[str, Any] = {
        "id": offer_id,
        "name": draft.get("name", ""),
        "kind": "initiative",
        "description": draft.get("description", ""),
        "themes": list(draft.get("themes", [])),
        "areas": list(draft.get("areas", [])),
        "target_groups": list(draft.get("target_groups", [])),
        "languages": list(draft.get("languages", [])),
        "schedule": draft.get("schedule"),
    }
    for field in CONTACT_FIELDS:
        record[field] = draft.get(field)
    return {k: v for k, v in record.items() if v not in (None, "", [])}
