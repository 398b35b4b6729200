"""The sender: takes due rows from the delivery queue and sends them, one state change each.

Every row is claimed (with a lease) before it is sent and settled right after, each step in
its own transaction, so a restart continues where the last process stopped: sent rows are
never sent again, and claimed rows whose process died are due again when the lease ends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.context import BotContext, WijkApplication
from bot.db.repositories.deliveries import (
    BLOCKED,
    FAILED,
    PENDING,
    SENT,
    DeliveryRepository,
)
from bot.handlers.meetings_views import render_delivery
from bot.jobs.repeating import run_every
from bot.services import Services

JOB_NAME = "delivery-sender"
BATCH = 100
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
log = logging.getLogger(__name__)


@dataclass
class SendReport:
    """What one run of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    paused: bool = False


def backoff(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min, … up to an hour between tries after network errors."""
    return min(timedelta(seconds=30 * 2 ** (attempt - 1)), timedelta(hours=1))


def _seconds(err: RetryAfter) -> float:
    # PTB 22.2+ keeps the value as a timedelta; reading `retry_after` may give an int.
    return err._retry_after.total_seconds()


async def deliver_due(bot: Bot, services: Services, limit: int = BATCH) -> SendReport:
    """Send what is due now, at most `limit` rows; stop early when Telegram says to wait."""
    report = SendReport()
    db, clock = services.db, services.clock
    async with db.transaction() as session:
        rows = await DeliveryRepository(session).claim_due(clock(), limit, LEASE)
    pending_ids = [row.id for row in rows]
    for row in rows:
        pending_ids.remove(row.id)
        async with db.transaction() as session:
            rendered = await render_delivery(session, services, row.chat_id, row.payload)
            if rendered is None:
                await DeliveryRepository(session).settle(row.id, FAILED, clock(), error="gone")
                report.failed += 1
                continue
        try:
            await bot.send_message(row.chat_id, rendered.text, reply_markup=rendered.markup)
        except RetryAfter as err:
            # One 429 pauses the whole queue: this row and the rest of the batch wait.
            retry_at = clock() + timedelta(seconds=_seconds(err))
            async with db.transaction() as session:
                repo = DeliveryRepository(session)
                await repo.settle(row.id, PENDING, clock(), retry_at=retry_at, error=str(err))
                await repo.release(pending_ids, retry_at)
            report.retried += 1
            report.paused = True
            log.info("flood limit: queue paused until %s", retry_at.isoformat())
            break
        except Forbidden as err:
            async with db.transaction() as session:
                repo = DeliveryRepository(session)
                await repo.settle(row.id, BLOCKED, clock(), error=str(err))
                await repo.block_chat(row.chat_id)
            report.blocked += 1
        except BadRequest as err:
            async with db.transaction() as session:
                await DeliveryRepository(session).settle(row.id, FAILED, clock(), error=str(err))
            report.failed += 1
            log.warning("delivery %s to %s refused: %s", row.id, row.chat_id, err)
        except (NetworkError, TelegramError) as err:
            attempt = row.attempts + 1
            state = FAILED if attempt >= MAX_ATTEMPTS else PENDING
            retry_at = clock() + backoff(attempt)
            async with db.transaction() as session:
                await DeliveryRepository(session).settle(
                    row.id, state, clock(), retry_at=retry_at, error=str(err)
                )
            report.retried += state == PENDING
            report.failed += state == FAILED
        else:
            async with db.transaction() as session:
                await DeliveryRepository(session).settle(row.id, SENT, clock())
            report.sent += 1
    return report


async def sender_job(context: BotContext) -> None:
    """The scheduled run of `deliver_due` (repeats while full batches keep coming)."""
    while True:
        report = await deliver_due(context.bot, context.services)
        handled = report.sent + report.failed + report.blocked + report.retried
        if report.paused or handled < BATCH:
            return


def register(application: WijkApplication) -> None:
    """Run the sender every few seconds under a stable name."""
    run_every(application, sender_job, interval=timedelta(seconds=5), first=5, name=JOB_NAME)
