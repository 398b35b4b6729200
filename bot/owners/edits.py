"""An owner's edit of a published entry: what is published at once, what a coordinator checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OfferSubmission
from bot.i18n import Translator
from bot.owners.repository_owners import OwnerRepository
from bot.signup.checks import offer_from
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer

# Changing what an entry is or where it works needs a coordinator's approval.
MODERATED = ("name", "description", "themes", "areas")
# How to reach it, when, for whom and in which languages is published at once (and logged).
IMMEDIATE = ("schedule", "url", "email", "phone", "telegram", "target_groups", "languages")
EDIT_OF = "edit_of"


def shown(value: object) -> str:
    """A field's value as one line ('-' when empty)."""
    if value is None or value == ():
        return "-"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def draft_of(offer: Offer) -> dict[str, Any]:
    """A sign-up draft holding the entry's editable fields, marked as an edit of it."""
    draft: dict[str, Any] = {
        "name": offer.name,
        "description": offer.description,
        "themes": list(offer.themes),
        "areas": list(offer.areas),
        "target_groups": list(offer.target_groups),
        "languages": list(offer.languages),
        "consent": True,
        EDIT_OF: offer.id,
    }
    for field in ("schedule", "url", "email", "phone", "telegram"):
        if getattr(offer, field):
            draft[field] = getattr(offer, field)
    return draft


def merged(current: Offer, proposed: Offer, fields: tuple[str, ...], today: date) -> Offer:
    """The current entry with these fields taken from the proposal, confirmed today."""
    values = {name: getattr(proposed, name) for name in fields}
    return replace(current, **values, last_verified=today)


def differences(
    current: Offer, proposed: Offer, fields: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    """(field, old, new) for each of these fields that the proposal changes."""
    return [
        (name, shown(getattr(current, name)), shown(getattr(proposed, name)))
        for name in fields
        if getattr(current, name) != getattr(proposed, name)
    ]


def edit_summary(t: Translator, number: int, current: Offer, proposed: Offer) -> str:
    """A coordinator's view of an edit: what changes, old → new."""
    lines = [t("moderation.edit", number=number, name=current.name)]
    lines += [
        t("moderation.edit.line", field=t(f"signup.field.{name}"), old=old, new=new)
        for name, old, new in differences(current, proposed, MODERATED)
    ]
    return "\n".join(lines)


async def apply_edit(
    session: AsyncSession, row: OfferSubmission, actor: int, today: date, now: datetime
) -> Offer | None:
    """Publish the moderated fields of an approved edit onto the entry as it is now."""
    if row.offer_id is None:
        return None
    current = await OfferRepository(session).get(row.offer_id)
    if current is None:
        return None
    proposed, _errors = offer_from(row.data, current.id, today)
    if proposed is None:
        return None
    owners = OwnerRepository(session)
    updated = merged(current, proposed, MODERATED, today)
    await owners.confirm(updated, actor, today, now)
    return updated


async def proposal(
    session: AsyncSession, row: OfferSubmission, today: date
) -> tuple[Offer, Offer] | None:
    """The entry as it is and as the edit would make it (None when either is gone)."""
    if row.offer_id is None:
        return None
    current = await OfferRepository(session).get(row.offer_id)
    proposed, _errors = offer_from(row.data, row.offer_id, today)
    if current is None or proposed is None:
        return None
    return current, proposed
