"""Prometheus metrics: what this process handled, and the queue and map as the database has them."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.db.models import AskedQuestion, Delivery, MissedQuestion, OfferSubmission
from bot.db.session import Database

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Reply latency buckets in seconds: a chat answer should take well under a second.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0)


class DatabaseCounts:
    """Counts read from the database when scraped (the same for every process)."""

    def __init__(self) -> None:
        self.questions = 0
        self.missed = 0
        self.signups: dict[str, int] = {}
        self.deliveries: dict[str, int] = {}

    async def refresh(self, db: Database) -> None:
        """Read the current counts."""
        async with db.transaction() as session:
            self.questions = int(await session.scalar(select(func.count(AskedQuestion.id))) or 0)
            self.missed = int(await session.scalar(select(func.count(MissedQuestion.id))) or 0)
            rows = await session.execute(
                select(OfferSubmission.state, func.count()).group_by(OfferSubmission.state)
            )
            self.signups = {str(state): int(n) for state, n in rows}
            rows = await session.execute(
                select(Delivery.state, func.count()).group_by(Delivery.state)
            )
            self.deliveries = {str(state): int(n) for state, n in rows}


class _DatabaseCollector(Collector):
    def __init__(self, counts: DatabaseCounts) -> None:
        self.counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts = self.counts
        yield GaugeMetricFamily(
            "wijkwijzer_questions", "Questions kept for paging and review", value=counts.questions
        )
        yield GaugeMetricFamily(
            "wijkwijzer_missed_questions", "Questions that found nothing", value=counts.missed
        )
        signups = GaugeMetricFamily("wijkwijzer_signups", "Sign-ups by state", labels=["state"])
        for state, n in sorted(counts.signups.items()):
            signups.add_metric([state], n)
        yield signups
        deliveries = GaugeMetricFamily(
            "wijkwijzer_deliveries", "Queued messages by state", labels=["state"]
        )
        for state, n in sorted(counts.deliveries.items()):
            deliveries.add_metric([state], n)
        yield deliveries


class Metrics:
    """One registry per process (and per test application)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "wijkwijzer_updates", "Updates handled", ["kind"], registry=self.registry
        )
        self.errors = Counter(
            "wijkwijzer_update_errors", "Updates that could not be read", registry=self.registry
        )
        self.redeliveries = Counter(
            "wijkwijzer_update_redeliveries",
            "Updates answered 503 for Telegram to deliver again (database out of reach)",
            registry=self.registry,
        )
        self.latency = Histogram(
            "wijkwijzer_reply_seconds",
            "Time from receiving an update to having answered it",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.counts = DatabaseCounts()
        self.registry.register(_DatabaseCollector(self.counts))

    async def render(self, db: Database) -> bytes:
        """The Prometheus text format, with fresh database counts."""
        await self.counts.refresh(db)
        return generate_latest(self.registry)
