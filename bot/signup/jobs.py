"""Sign-up drafts nobody touched for a week get one reminder, and go a week after that."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.core.context import BotContext, WijkApplication
from bot.core.repeating import run_every
from bot.core.repository_users import UserRepository
from bot.core.services import Services
from bot.policy import SIGNUP_DRAFT_REMIND_AFTER, SIGNUP_DRAFT_REMOVE_AFTER
from bot.signup.repository_drafts import DraftRepository

JOB_NAME = "signup-drafts"
log = logging.getLogger(__name__)


async def _tell(bot: Bot, user_id: int, text: str) -> None:
    try:
        await bot.send_message(user_id, text)
    except TelegramError as err:
        log.info("could not reach user %s about their draft: %s", user_id, err)


async def review_drafts(bot: Bot, services: Services) -> tuple[int, int]:
    """Remind owners of idle drafts and remove drafts whose reminder went unanswered."""
    now = services.clock()
    async with services.db.transaction() as session:
        drafts = DraftRepository(session)
        users = UserRepository(session)
        reminded = removed = 0
        for draft in await drafts.to_remove(now - SIGNUP_DRAFT_REMOVE_AFTER):
            user = await users.get(draft.user_id)
            t = services.catalogues.translator(user.language if user else None)
            await drafts.delete(draft.user_id)
            await _tell(bot, draft.user_id, t("signup.expired"))
            removed += 1
        for draft in await drafts.to_remind(now - SIGNUP_DRAFT_REMIND_AFTER):
            user = await users.get(draft.user_id)
            t = services.catalogues.translator(user.language if user else None)
            draft.reminded_at = now
            await _tell(bot, draft.user_id, t("signup.reminder"))
            reminded += 1
    return reminded, removed


async def review_job(context: BotContext) -> None:
    """The scheduled run of `review_drafts`."""
    await review_drafts(context.bot, context.services)


def register(application: WijkApplication) -> None:
    """Check drafts hourly under a stable name (a restart replaces the job, never doubles it)."""
    run_every(application, review_job, interval=timedelta(hours=1), first=120, name=JOB_NAME)
