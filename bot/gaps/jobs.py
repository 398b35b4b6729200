"""Daily clean-up of demand past its retention (WIJKWIJZER_DEMAND_RETENTION_DAYS, two years
by default: a trend needs seasons)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.context import BotContext, WijkApplication
from bot.core.repeating import run_every
from bot.gaps.repository import DemandRepository

JOB_NAME = "cleanup-demand"


def keep_from(today: date, retention_days: int) -> date:
    """The first day still kept."""
    return today - timedelta(days=retention_days)


async def purge_demand(context: BotContext) -> None:
    """Delete demand older than its retention."""
    services = context.services
    today = services.clock().astimezone(services.settings.timezone).date()
    async with services.db.transaction() as session:
        before = keep_from(today, services.settings.demand_retention_days)
        await DemandRepository(session).purge(before)


def register(application: WijkApplication) -> None:
    """Schedule the clean-up hourly under a stable name (a restart replaces it); a day is
    the finest grain kept, so an hour late is never a day late."""
    run_every(application, purge_demand, interval=timedelta(hours=1), first=90, name=JOB_NAME)
