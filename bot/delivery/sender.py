"""The sender: takes due rows from the delivery queue and sends them, one state change each.

Rows are claimed in batches (with a lease), each sent and settled in its own transactions, so
a restart continues where the last process stopped: sent rows are never sent again, and rows
not claimed are due at once for the next leader. The rows a killed sender had claimed are
settled when their lease ends, by where each got to:

- not yet tried, or still waiting (rate limiter, a 429) when the process died: sent again;
- marked in flight (committed just before the request left, after every wait): counted as
  sent and not sent again, with `last_error` saying it is unconfirmed. Telegram has no
  idempotency key and the Bot API cannot tell a bot what it sent, so this is the choice of
  never doubling a message; it misses only if the process died in the instant between that
  mark and the request being written (no waits in between). A row Telegram took is marked
  sent in the next write (the next row's in-flight mark), one commit per message; a sender
  killed before that leaves it in flight, so it too is counted as sent.

Each row is rendered by the renderer its journey registered for the row's kind
(`bot/delivery/renderers.py`, wired in `bot/application.py`); the sender imports no journey.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.core.context import BotContext, WijkApplication
from bot.core.repeating import run_every
from bot.core.services import Services
from bot.db.models import Delivery
from bot.delivery.rate_limit import WireHooks, on_the_wire
from bot.delivery.renderers import KindRenderer, Outgoing, SelfSending, renderer_for
from bot.delivery.repository import (
    BLOCKED,
    FAILED,
    PENDING,
    SENT,
    DeliveryRepository,
)

JOB_NAME = "delivery-sender"
BATCH = 100
# Longer than one send takes (the limiter's wait and HTTP timeouts); a dead sender's row in
# flight waits this long before the next leader tries it again.
LEASE = timedelta(seconds=30)
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


def retry_after_seconds(err: RetryAfter) -> float:
    """How long Telegram asked to wait. PTB 22.2+ gives `retry_after` as a number of seconds
    with a deprecation warning, or as a timedelta when PTB_TIMEDELTA is set (and always
    from PTB 23): both are read, without the warning."""
    # No await inside: on the event loop's thread nothing else runs while the filter is in.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = err.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _send(bot: Bot, chat_id: int, rendered: Outgoing) -> Message:
    if isinstance(rendered, SelfSending):
        return await rendered.send(bot, chat_id)
    return await bot.send_message(chat_id, rendered.text, reply_markup=rendered.markup)


class _Run:
    """One run's transactions. A row Telegram took is marked sent in the run's next
    transaction (usually the one marking the next row in flight): one commit per message."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.taken: list[tuple[Delivery, KindRenderer, Outgoing, Message]] = []

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A transaction that first marks the rows Telegram took as sent."""
        clock = self.services.clock
        async with self.services.db.transaction() as session:
            for row, kind, rendered, message in self.taken:
                await DeliveryRepository(session).settle(row.id, SENT, clock())
                if kind.after_sent is not None:
                    # In the same transaction: a poll marked sent is one whose answers count.
                    await kind.after_sent(session, rendered, row.chat_id, message)
            yield session
        self.taken.clear()

    async def flush(self) -> None:
        """Mark the rows Telegram took as sent now, when no next transaction will."""
        if self.taken:
            async with self.transaction():
                pass

    def wire_hooks(self, delivery_id: int) -> WireHooks:
        """Mark the row in flight as its request leaves, and claimed again if it failed."""

        async def leaving() -> None:
            async with self.transaction() as session:
                await DeliveryRepository(session).mark_in_flight(delivery_id)

        async def failed() -> None:
            async with self.transaction() as session:
                await DeliveryRepository(session).mark_claimed(delivery_id)

        return WireHooks(leaving, failed)


async def _settle_unconfirmed(services: Services) -> None:
    async with services.db.transaction() as session:
        unconfirmed = await DeliveryRepository(session).settle_unconfirmed(services.clock())
    if unconfirmed:
        log.warning("%d deliveries left in flight by a stopped sender counted as sent", unconfirmed)


async def _render_claimed(services: Services, row: Delivery, kind: KindRenderer) -> Outgoing | None:
    """A claimed row's message (None: it cannot be rendered any more; settled as failed)."""
    # a read: the rows Telegram took wait for the next write (marking this row in flight)
    async with services.db.transaction() as session:
        rendered = await kind.render(session, services, row.chat_id, row.payload)
        if rendered is None:
            await DeliveryRepository(session).settle(row.id, FAILED, services.clock(), error="gone")
        return rendered


async def _postpone_unrenderable(run: _Run, row: Delivery) -> None:
    """A kind no journey registered a renderer for: kept, and tried again later (with the
    back-off of network errors, never given up), so a deploy that adds it still sends it."""
    kind = row.payload.get("kind")
    log.error("delivery %s: no renderer for kind %r; tried again later", row.id, kind)
    clock = run.services.clock
    retry_at = clock() + backoff(row.attempts + 1)
    async with run.transaction() as session:
        await DeliveryRepository(session).settle(
            row.id, PENDING, clock(), retry_at=retry_at, error=f"no renderer for kind {kind!r}"
        )


async def deliver_due(bot: Bot, services: Services, limit: int = BATCH) -> SendReport:
    """Send what is due now, at most `limit` rows; stop early when Telegram says to wait."""
    report = SendReport()
    db, clock = services.db, services.clock
    await _settle_unconfirmed(services)
    async with db.transaction() as session:
        rows = await DeliveryRepository(session).claim_due(clock(), limit, LEASE)
    pending_ids = [row.id for row in rows]
    run = _Run(services)
    try:
        await _send_claimed(bot, run, rows, pending_ids, report)
    finally:
        await run.flush()
    return report


async def _send_claimed(
    bot: Bot, run: _Run, rows: list[Delivery], pending_ids: list[int], report: SendReport
) -> None:
    clock = run.services.clock
    for row in rows:
        pending_ids.remove(row.id)
        kind = renderer_for(row.payload)
        if kind is None:
            await _postpone_unrenderable(run, row)
            report.retried += 1
            continue
        rendered = await _render_claimed(run.services, row, kind)
        if rendered is None:
            report.failed += 1
            continue
        try:
            with on_the_wire(run.wire_hooks(row.id)):
                sent = await _send(bot, row.chat_id, rendered)
        except RetryAfter as err:
            # One 429 pauses the whole queue: this row, the rest of the batch and everything
            # else due before then wait.
            retry_at = clock() + timedelta(seconds=retry_after_seconds(err))
            async with run.transaction() as session:
                repo = DeliveryRepository(session)
                await repo.settle(row.id, PENDING, clock(), retry_at=retry_at, error=str(err))
                await repo.release(pending_ids, retry_at)
                await repo.pause(retry_at)
            report.retried += 1
            report.paused = True
            log.info("flood limit: queue paused until %s", retry_at.isoformat())
            break
        except Forbidden as err:
            async with run.transaction() as session:
                repo = DeliveryRepository(session)
                await repo.settle(row.id, BLOCKED, clock(), error=str(err))
                await repo.block_chat(row.chat_id)
            report.blocked += 1
        except BadRequest as err:
            async with run.transaction() as session:
                await DeliveryRepository(session).settle(row.id, FAILED, clock(), error=str(err))
            report.failed += 1
            log.warning("delivery %s to %s refused: %s", row.id, row.chat_id, err)
        except (NetworkError, TelegramError) as err:
            attempt = row.attempts + 1
            state = FAILED if attempt >= MAX_ATTEMPTS else PENDING
            retry_at = clock() + backoff(attempt)
            async with run.transaction() as session:
                await DeliveryRepository(session).settle(
                    row.id, state, clock(), retry_at=retry_at, error=str(err)
                )
            report.retried += state == PENDING
            report.failed += state == FAILED
        else:
            run.taken.append((row, kind, rendered, sent))
            report.sent += 1


async def sender_job(context: BotContext) -> None:
    """The scheduled run of `deliver_due` (repeats while full batches keep coming)."""
    while True:
        report = await deliver_due(context.bot, context.services)
        handled = report.sent + report.failed + report.blocked + report.retried
        # A stopping process (SIGTERM at a deploy) waits for this job: end after the batch, so
        # it stops within seconds and the next process goes on, instead of finishing the queue.
        if report.paused or handled < BATCH or not context.application.running:
            return


def register(application: WijkApplication) -> None:
    """Run the sender every few seconds under a stable name."""
    run_every(application, sender_job, interval=timedelta(seconds=5), first=5, name=JOB_NAME)
