"""The "klopt dit nog?" question: its card and buttons, and sending it to every owner."""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.core.repository_users import UserRepository
from bot.core.services import Services
from bot.i18n import Translator
from bot.owners.repository_freshness import FreshnessRepository
from bot.owners.repository_owners import OwnerRepository, short_key
from bot.socialmap.cards import full_card
from matching.offer import Offer
from matching.resources import default_thesaurus

# fr:<answer>:<entry key>; the key is resolved among the presser's own entries.
FRESHNESS_PATTERN = r"^fr:(yes|edit|stop):([0-9a-f]{10})$"
log = logging.getLogger(__name__)


def freshness_question(
    t: Translator, offer: Offer, today: date, *, reminder: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """ "Klopt dit nog?" with the card and the three answers."""
    key = short_key(offer.id)
    intro = t("fresh.reminder" if reminder else "fresh.question", name=offer.name)
    rows = [
        [InlineKeyboardButton(t("fresh.yes"), callback_data=f"fr:yes:{key}")],
        [InlineKeyboardButton(t("fresh.edit"), callback_data=f"fr:edit:{key}")],
        [InlineKeyboardButton(t("fresh.stop"), callback_data=f"fr:stop:{key}")],
    ]
    card = full_card(t, offer, list(offer.areas), default_thesaurus(), today)
    return f"{intro}\n\n{card}", InlineKeyboardMarkup(rows)


async def send_question(
    bot: Bot, services: Services, session: AsyncSession, offer: Offer, *, reminder: bool
) -> int:
    """Ask every owner of the entry "klopt dit nog?"; how many were reached."""
    today = services.clock().astimezone(services.settings.timezone).date()
    users = UserRepository(session)
    reached = 0
    for user_id in await OwnerRepository(session).owner_ids(offer.id):
        user = await users.get(user_id)
        t = services.catalogues.translator(user.language if user else None)
        text, markup = freshness_question(t, offer, today, reminder=reminder)
        try:
            await bot.send_message(user_id, text, reply_markup=markup)
            reached += 1
        except TelegramError as err:
            # Blocked or gone: the check stays open and ends flagged for the coordinators.
            log.info("could not ask owner %s about %s: %s", user_id, offer.id, err)
    return reached


async def ask(
    bot: Bot, services: Services, session: AsyncSession, offer: Offer, now: datetime
) -> int:
    """Open a check of the entry and send the question; how many owners were reached."""
    await FreshnessRepository(session).ask(offer.id, now)
    return await send_question(bot, services, session, offer, reminder=False)
