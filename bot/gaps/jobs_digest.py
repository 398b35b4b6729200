"""The monthly gaps digest: on the first working day of the month (Europe/Amsterdam, see
`bot.gaps.calendar`), every coordinator who opted in gets the last month's digest for the
areas they follow, through the delivery queue.

Each digest's message key names the coordinator and the month (`monthly_key`), and the
queue holds a key once per recipient: a run after a restart, or in a second process, finds
it queued already and queues nothing. Only the leading process runs the job (`run_every`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.core.context import BotContext, WijkApplication
from bot.core.repeating import run_every
from bot.core.repository_users import UserRepository
from bot.core.roles import Role, effective_roles
from bot.core.services import Services
from bot.delivery.renderers import register_renderer
from bot.delivery.repository import DeliveryRepository
from bot.gaps.calendar import first_working_day, previous_month
from bot.gaps.repository_digest import DigestRepository
from bot.gaps.views_digest import DIGEST_KIND, monthly_key, render_digest
from bot.policy import DIGEST_SEND_FROM

JOB_NAME = "gaps-digest"
log = logging.getLogger(__name__)


def digest_due(now: datetime, services: Services) -> bool:
    """Whether this is the first working day of the month, from the sending hour on."""
    local = now.astimezone(services.settings.timezone)
    today = local.date()
    return today == first_working_day(today.year, today.month) and (
        local.time() >= DIGEST_SEND_FROM
    )


async def queue_monthly_digests(services: Services) -> int:
    """Queue this month's digest for each coordinator who opted in and has not had it;
    how many were queued (none when today is not the day)."""
    now = services.clock()
    if not digest_due(now, services):
        return 0
    today = now.astimezone(services.settings.timezone).date()
    first, last = previous_month(today)
    queued = 0
    async with services.db.transaction() as session:
        users = UserRepository(session)
        deliveries = DeliveryRepository(session)
        for user_id, areas in (await DigestRepository(session).followers()).items():
            row = await users.get(user_id)
            stored = [role.role for role in row.roles] if row is not None else []
            admin = user_id in services.settings.admin_ids
            if Role.COORDINATOR not in effective_roles(stored, is_admin=admin):
                continue  # no longer a coordinator: the gaps are not theirs to see
            payload = {
                "kind": DIGEST_KIND,
                "areas": areas,
                "first": first.isoformat(),
                "last": last.isoformat(),
            }
            key = monthly_key(user_id, today)
            queued += await deliveries.enqueue([user_id], key, payload, now)
    if queued:
        log.info("queued %d monthly gaps digests", queued)
    return queued


async def digest_job(context: BotContext) -> None:
    """The scheduled run of `queue_monthly_digests`."""
    await queue_monthly_digests(context.services)


def register(application: WijkApplication) -> None:
    """Render queued digests, and look every quarter of an hour whether they are due."""
    register_renderer(DIGEST_KIND, render_digest)
    run_every(application, digest_job, interval=timedelta(minutes=15), first=120, name=JOB_NAME)
