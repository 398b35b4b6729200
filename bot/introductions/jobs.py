"""Introductions over time: unanswered requests expire after a week, accepted ones get
"is er contact geweest?" two weeks later, and no message or question outlives 30 days.

Everything is decided from the `intro_requests` table on every run, so a restart neither
loses nor repeats anything: a follow-up is marked and queued in one transaction, and the
delivery queue sends each queued message once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.core.context import BotContext, WijkApplication
from bot.core.repeating import run_every
from bot.core.services import Services
from bot.delivery.repository import DeliveryRepository
from bot.introductions.repository import EXPIRED, IntroRepository
from bot.introductions.views import FOLLOW_UP_KIND, offer_name, suggestions, translator_for

JOB_NAME = "introductions"
log = logging.getLogger(__name__)


@dataclass
class IntroReport:
    """What one run did."""

    expired: int = 0
    followed_up: int = 0


def follow_up_key(request_id: int) -> str:
    """The delivery key of a follow-up question: one per person and introduction."""
    return f"intro-followup:{request_id}"


async def review_introductions(bot: Bot, services: Services) -> IntroReport:
    """Expire old requests (with a note), queue due follow-ups, and purge old content."""
    report = IntroReport()
    now = services.clock()
    notes: list[tuple[int, str]] = []
    async with services.db.transaction() as session:
        repo = IntroRepository(session)
        for row in await repo.expiring(now):
            query, professional = row.query, row.professional_id
            if not await repo.decide(row, EXPIRED, None, now) or professional is None:
                continue
            report.expired += 1
            t = await translator_for(session, services, professional)
            name = await offer_name(session, t, row.offer_id)
            others = await suggestions(session, services, t, query, row.offer_id)
            notes.append((professional, t("intro.expired", name=name) + "\n\n" + others))
        deliveries = DeliveryRepository(session)
        for row in await repo.follow_ups_due(now):
            row.followup_at = now
            report.followed_up += 1
            sides = (("professional", row.professional_id), ("owner", row.decided_by))
            for side, user_id in sides:
                if user_id is not None:
                    payload = {"kind": FOLLOW_UP_KIND, "intro_id": row.id, "side": side}
                    await deliveries.enqueue([user_id], follow_up_key(row.id), payload, now)
        await repo.purge(now)
    # Sent after the commit: a note may be lost in a crash, but is never sent twice.
    for user_id, text in notes:
        try:
            await bot.send_message(user_id, text)
        except TelegramError as err:
            log.info("could not tell user %s their request expired: %s", user_id, err)
    return report


async def review_job(context: BotContext) -> None:
    """The scheduled run of `review_introductions`."""
    await review_introductions(context.bot, context.services)


def register(application: WijkApplication) -> None:
    """Check every ten minutes under a stable name, first five seconds after the start."""
    run_every(application, review_job, interval=timedelta(minutes=10), first=5, name=JOB_NAME)
