"""Telling coordinators: a new submission or an owner's edit goes to each of them, in their
language, with the buttons to decide on it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.context import BotContext
from bot.core.handling import tell
from bot.core.repository_users import UserRepository
from bot.db.models import OfferSubmission
from bot.i18n import Translator
from bot.signup.prompts import today
from bot.signup.repository_submissions import SubmissionRepository
from bot.signup.views_moderation import card_for, keyboard


async def translator_for(context: BotContext, session: AsyncSession, user_id: int) -> Translator:
    """Messages in this user's language (the default one when they are not known)."""
    row = await UserRepository(session).get(user_id)
    return context.services.catalogues.translator(row.language if row else None)


async def notify_coordinators(
    context: BotContext, session: AsyncSession, row: OfferSubmission
) -> None:
    """Send the new submission with its buttons to every coordinator."""
    repo = SubmissionRepository(session)
    for user_id in await repo.coordinator_ids(context.services.settings.admin_ids):
        t = await translator_for(context, session, user_id)
        text = await card_for(t, session, row, today(context))
        await tell(context, user_id, text, keyboard(t, row.id))
