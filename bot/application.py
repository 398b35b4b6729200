"""Builds the bot's `Application`: settings, database, catalogues, handlers and jobs."""

from __future__ import annotations

import logging

from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.core.context import SERVICES_KEY, BotContext, WijkApplication
from bot.core.menus import publish_default_menus, publish_role_menus
from bot.core.services import Services
from bot.db.migrate import upgrade_database
from bot.db.session import Database
from bot.delivery import sender
from bot.delivery.leader import Leadership
from bot.delivery.rate_limit import RetryingRateLimiter
from bot.feedback import jobs as feedback
from bot.feedback import views as feedback_views
from bot.gaps import jobs as gaps_jobs
from bot.gaps import jobs_digest as gaps_digest
from bot.i18n import Catalogues
from bot.introductions import jobs as introductions
from bot.introductions import views as introductions_views
from bot.meetings import jobs_delivery_reports, jobs_drafts, jobs_reminders
from bot.meetings import views as meetings_views
from bot.owners import jobs as owners_jobs
from bot.rooms import register_all, register_cleanup
from bot.signup import jobs as signup_jobs
from bot.socialmap.service import MapService, seed_if_empty
from bot.web.redelivery import ReplyNotingRequest, RetryingUpdateProcessor

log = logging.getLogger(__name__)


def register_renderers() -> None:
    """Each room tells the delivery queue's sender how to render its own kinds of message."""
    meetings_views.register_renderers()
    introductions_views.register_renderers()
    feedback_views.register_renderers()


def build_application(
    settings: Settings,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    clock: Clock = system_clock,
) -> WijkApplication:
    """The bot with every handler; services start in `start_services` (also via post_init)."""
    # fetched updates are handled again while the database is out of reach (bot/web/redelivery.py)
    processor = RetryingUpdateProcessor()
    builder = (
        ApplicationBuilder()
        .token(token or settings.require_token())
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .rate_limiter(RetryingRateLimiter(max_retries=3))
        .post_init(start_services)
        .post_shutdown(stop_services)
        .concurrent_updates(processor)
        # what each update sent decides whether it may be handled again (bot/web/redelivery.py)
        .request(ReplyNotingRequest(request or HTTPXRequest(connection_pool_size=256)))
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url.rstrip("/"))
    if updates_request is not None:
        builder = builder.get_updates_request(updates_request)
    application: WijkApplication = builder.build()  # type: ignore[assignment]
    processor.attach(application)
    application.bot_data["settings"] = settings
    application.bot_data["clock"] = clock
    register_all(application)
    register_renderers()
    register_cleanup(application)  # questions, shared places, handled updates
    signup_jobs.register(application)  # sign-up drafts
    owners_jobs.register(application)  # freshness
    jobs_reminders.register(application)
    sender.register(application)
    introductions.register(application)
    jobs_delivery_reports.register(application)
    jobs_drafts.register(application)
    feedback.register(application)
    gaps_jobs.register(application)  # demand retention
    gaps_digest.register(application)  # the monthly digest and its renderer
    return application


async def start_services(application: WijkApplication) -> None:
    """Open, migrate and seed the database, index the map, publish the command menus."""
    if SERVICES_KEY in application.bot_data:
        return
    settings: Settings = application.bot_data["settings"]
    db = Database(settings.database_url)
    await upgrade_database(db.engine)
    clock: Clock = application.bot_data["clock"]
    await seed_if_empty(db, clock())
    services = Services(
        settings=settings,
        db=db,
        catalogues=Catalogues(settings.timezone, settings.default_language),
        clock=clock,
        map=MapService(db, clock, settings.timezone),
        leader=Leadership(db),
    )
    application.bot_data[SERVICES_KEY] = services
    await services.map.matcher()
    await publish_default_menus(application.bot, services)
    await publish_role_menus(application.bot, services)
    log.info("services started on %s", db.engine.url.render_as_string(hide_password=True))


async def stop_services(application: WijkApplication) -> None:
    """Close the database connections."""
    services: Services | None = application.bot_data.pop(SERVICES_KEY, None)
    if services is not None:
        await services.leader.release()
        await services.db.dispose()
