""" "Klopt dit nog?": owners confirm their entries; silence lowers, flags and then hides them.

Each run looks at the database only (asked, reminders sent, flagged, hidden), so a restart
neither skips nor repeats a step. With the default settings: asked after 90 days without
confirmation, reminded after 7 and 14 days, flagged for coordinators (and ranked lower) a
week after the second reminder, and no longer shown once the last confirmation is 180 days old.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot
from telegram.error import TelegramError

from bot.core.context import BotContext, WijkApplication
from bot.core.repeating import run_every
from bot.core.repository_users import UserRepository
from bot.core.services import Services
from bot.db.models import OfferFreshness
from bot.owners.questions import ask, send_question
from bot.owners.repository_freshness import FreshnessRepository
from bot.policy import FRESHNESS_REMINDERS
from bot.signup.repository_submissions import SubmissionRepository
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer

JOB_NAME = "freshness"
MAX_NAMED = 15
log = logging.getLogger(__name__)


@dataclass
class FreshnessReport:
    """What one run did."""

    asked: int = 0
    reminded: int = 0
    flagged: int = 0
    hidden: int = 0


async def _tell(
    bot: Bot, services: Services, session: AsyncSession, user_id: int, key: str, **values: object
) -> None:
    user = await UserRepository(session).get(user_id)
    t = services.catalogues.translator(user.language if user else None)
    try:
        await bot.send_message(user_id, t(key, **values))
    except TelegramError as err:
        log.info("could not reach user %s: %s", user_id, err)


def _age(check: OfferFreshness, offer: Offer, today: date, services: Services) -> int:
    """Days since the entry was last confirmed (for undated ones: counted from the question)."""
    if offer.last_verified is not None:
        return (today - offer.last_verified).days
    return (today - check.asked_at.date()).days + services.settings.freshness_days


async def _follow_up(
    bot: Bot, services: Services, session: AsyncSession, check: OfferFreshness, offer: Offer
) -> str | None:
    """Remind, flag or hide one open check as its time comes; what happened, if anything."""
    settings, now = services.settings, services.clock()
    today = now.astimezone(settings.timezone).date()
    wait = timedelta(days=settings.freshness_reminder_days)
    if (
        check.hidden_at is None
        and _age(check, offer, today, services) >= settings.freshness_hide_days
    ):
        check.hidden_at = now
        check.flagged_at = check.flagged_at or now
        return "hidden"
    last = check.reminded_at or check.asked_at
    if now - last < wait:
        return None
    if check.reminders < FRESHNESS_REMINDERS:
        check.reminders += 1
        check.reminded_at = now
        await send_question(bot, services, session, offer, reminder=True)
        return "reminded"
    if check.flagged_at is None:
        check.flagged_at = now
        return "flagged"
    return None


async def review_freshness(bot: Bot, services: Services) -> FreshnessReport:
    """Ask about entries that are due, and follow up the open checks."""
    report = FreshnessReport()
    settings, now = services.settings, services.clock()
    today = now.astimezone(settings.timezone).date()
    flagged_names: list[str] = []
    async with services.db.transaction() as session:
        offers = OfferRepository(session)
        checks = FreshnessRepository(session)
        for check in await checks.open_checks():
            offer = await offers.get(check.offer_id)
            if offer is None:
                continue
            outcome = await _follow_up(bot, services, session, check, offer)
            if outcome == "reminded":
                report.reminded += 1
            elif outcome in ("flagged", "hidden"):
                setattr(report, outcome, getattr(report, outcome) + 1)
                flagged_names.append(offer.name)
        due_by = today - timedelta(days=settings.freshness_days)
        for offer_id in await checks.due(due_by):
            offer = await offers.get(offer_id)
            if offer is not None:
                await ask(bot, services, session, offer, now)
                report.asked += 1
        if flagged_names:
            # Lowered or hidden entries: every process's matcher must re-index.
            await offers.bump_version(now)
            names = ", ".join(flagged_names[:MAX_NAMED])
            if len(flagged_names) > MAX_NAMED:
                names += f" (+{len(flagged_names) - MAX_NAMED})"
            coordinators = await SubmissionRepository(session).coordinator_ids(settings.admin_ids)
            for user_id in coordinators:
                await _tell(bot, services, session, user_id, "fresh.flagged", names=names)
    return report


async def freshness_job(context: BotContext) -> None:
    """The scheduled run of `review_freshness`."""
    await review_freshness(context.bot, context.services)


def register(application: WijkApplication) -> None:
    """Check freshness hourly under a stable name (a restart replaces the job, never doubles it)."""
    run_every(application, freshness_job, interval=timedelta(hours=1), first=10, name=JOB_NAME)
