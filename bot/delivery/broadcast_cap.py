"""The daily cap on messages to every subscriber of a wijktafel, per sender and calendar day.

A `/bericht` message, a feedback round sent to all subscribers and a gaps digest ("cijfersoep")
sent to a wijktafel count together: a round to everyone is a channel to everyone, so an
organiser's question set or digest is no way around the cap.
`check` takes the sender's lock and counts in the caller's transaction; the caller then acts
(queues the message, starts the round) before that transaction ends, so the check and the
count are one step: an advisory lock per sender on PostgreSQL, and SQLite runs one
transaction at a time in the process anyway (`lock_sender`).

Shared by three journeys (meetings' broadcasts, feedback's rounds, gaps' digests), it counts
their rows itself (`bot.db.models`) and imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Broadcast, FeedbackRound, WijktafelDigest


@dataclass(frozen=True)
class CapState:
    """How much of today's cap a sender used, and when the next day's cap begins."""

    limit: int
    used: int
    again_at: datetime
    rounds: int = 0  # of `used`, feedback rounds to all subscribers
    digests: int = 0  # of `used`, gaps digests sent to wijktafels

    @property
    def reached(self) -> bool:
        """Nothing more to all subscribers today."""
        return self.used >= self.limit

    @property
    def left(self) -> int:
        """How many more may go today."""
        return max(self.limit - self.used, 0)


def day_start(now: datetime, timezone: ZoneInfo) -> datetime:
    """Midnight at the start of today, in the bot's time zone."""
    return datetime.combine(now.astimezone(timezone).date(), time(), timezone)


def next_day(now: datetime, timezone: ZoneInfo) -> datetime:
    """Midnight at the start of tomorrow, in the bot's time zone."""
    tomorrow = now.astimezone(timezone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(), timezone)


async def lock_sender(session: AsyncSession, user_id: int) -> None:
    """Make this coordinator's send decisions one at a time until the transaction ends,
    so that counting against the daily cap and queueing are one step. On PostgreSQL an
    advisory lock per coordinator; SQLite runs one transaction at a time anyway."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"broadcast-sender:{user_id}"},
        )


async def _broadcasts_queued_by(session: AsyncSession, user_id: int, since: datetime) -> int:
    """How many broadcasts this coordinator sent off since then."""
    found = await session.scalar(
        select(func.count(Broadcast.id)).where(
            Broadcast.state == "queued",
            Broadcast.created_by == user_id,
            Broadcast.queued_at >= since,
        )
    )
    return int(found or 0)


async def _rounds_sent_by(session: AsyncSession, user_id: int, since: datetime) -> int:
    """How many feedback rounds to all subscribers counted against this person since then."""
    found = await session.scalar(
        select(func.count(FeedbackRound.id)).where(
            FeedbackRound.sent_by == user_id, FeedbackRound.started_at >= since
        )
    )
    return int(found or 0)


async def _digests_sent_by(session: AsyncSession, user_id: int, since: datetime) -> int:
    """How many gaps digests to a wijktafel's subscribers this person sent since then."""
    found = await session.scalar(
        select(func.count(WijktafelDigest.id)).where(
            WijktafelDigest.sent_by == user_id, WijktafelDigest.sent_at >= since
        )
    )
    return int(found or 0)


class BroadcastCap:
    """Counts one sender's messages to all subscribers today, under the sender's lock."""

    def __init__(self, session: AsyncSession, *, limit: int, timezone: ZoneInfo) -> None:
        self.session = session
        self.limit = limit
        self.timezone = timezone

    async def used(self, user_id: int, now: datetime) -> CapState:
        """Today's count, read without the lock (to tell someone where they stand)."""
        since = day_start(now, self.timezone)
        broadcasts = await _broadcasts_queued_by(self.session, user_id, since)
        rounds = await _rounds_sent_by(self.session, user_id, since)
        digests = await _digests_sent_by(self.session, user_id, since)
        used = broadcasts + rounds + digests
        return CapState(self.limit, used, next_day(now, self.timezone), rounds, digests)

    async def check(self, user_id: int, now: datetime) -> CapState:
        """Take the sender's lock (held until the transaction ends), then count. Act in the
        same transaction when it is not reached: the act is then counted for the next check."""
        await lock_sender(self.session, user_id)
        return await self.used(user_id, now)
