"""What a coordinator sees of a submission: its card (or an owner's edit, old → new) and
the approve / ask for a change / reject buttons."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import OfferSubmission
from bot.i18n import Translator
from bot.owners.edits import edit_summary, proposal
from bot.signup.checks import offer_from
from bot.signup.repository_submissions import APPROVED
from bot.signup.steps import slug
from bot.socialmap.cards import full_card
from matching.resources import default_thesaurus

CALLBACK_PATTERN = r"^mod:(show|ok|change|reject):(\d+)$"


def keyboard(t: Translator, submission_id: int) -> InlineKeyboardMarkup:
    """Approve, ask for a change, reject."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("moderation.approve"), callback_data=f"mod:ok:{submission_id}"
                )
            ],
            [
                InlineKeyboardButton(
                    t("moderation.change"), callback_data=f"mod:change:{submission_id}"
                )
            ],
            [
                InlineKeyboardButton(
                    t("moderation.reject"), callback_data=f"mod:reject:{submission_id}"
                )
            ],
        ]
    )


def card(t: Translator, row: OfferSubmission, today: date) -> str:
    """A submission as professionals would see it, under a line saying it waits for a decision."""
    offer, _errors = offer_from(row.data, row.offer_id or slug(row.data.get("name", "")), today)
    via_bot = bool(row.data.get("via_bot"))
    body = (
        full_card(t, offer, list(offer.areas), default_thesaurus(), today, via_bot=via_bot)
        if offer
        else ""
    )
    return t("moderation.new", number=row.id) + "\n\n" + body


async def card_for(t: Translator, session: AsyncSession, row: OfferSubmission, today: date) -> str:
    """The card of a new entry, or for an owner's edit what changes (old → new)."""
    if row.offer_id is None or row.state == APPROVED:
        return card(t, row, today)
    pair = await proposal(session, row, today)
    if pair is None:
        return card(t, row, today)
    return edit_summary(t, row.id, *pair)
