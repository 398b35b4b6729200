"""The rooms wired together: every room's handlers in their fixed order, and the hourly
clean-up in which each room deletes what it no longer keeps."""

from __future__ import annotations

from datetime import timedelta

from bot.ask import handlers as ask
from bot.ask import jobs as ask_jobs
from bot.core import errors, fallback, flood_control
from bot.core.context import BotContext, WijkApplication
from bot.core.repeating import run_every
from bot.feedback import handlers as feedback
from bot.gaps import handlers as gaps
from bot.introductions import handlers as introductions
from bot.meetings import handlers as meetings
from bot.owners import handlers as owners
from bot.people import handlers as people
from bot.people.handlers import chats as people_chats
from bot.signup import handlers as signup
from bot.web.handled_updates import HandledUpdateRepository

# Handler groups: only one handler per group handles an update, so every journey that
# catches typed text before the others has a group of its own: -100 flood control,
# -4 feedback remarks, -3 meeting planning, -2 introductions, -1 sign-up; 0 everything else.
# fallback comes last: in the shared handler group, every journey gets the first chance.
MODULES = (
    flood_control,
    people,  # start, language, help, privacy, roles
    ask,  # /gemist, questions, shared locations, inline
    signup,  # with moderation
    owners,  # with freshness
    meetings,
    introductions,
    feedback,
    people_chats,
    gaps,  # /wittevlekken
    fallback,
    errors,
)

# one job under one stable name (so a restart replaces, not duplicates it)
CLEANUP_JOB = "cleanup-questions"


def register_all(application: WijkApplication) -> None:
    """Register every journey's handlers on the application."""
    for module in MODULES:
        module.register(application)


async def purge_expired(context: BotContext) -> None:
    """Hourly: questions and shared places past their retention (the ask room), handled
    update ids after two days (the web's redelivery), in one transaction."""
    services = context.services
    now = services.clock()
    async with services.db.transaction() as session:
        await ask_jobs.purge_expired(session, now, services.settings)
        await HandledUpdateRepository(session).purge(now)


def register_cleanup(application: WijkApplication) -> None:
    """Schedule the clean-up under its stable name."""
    run_every(application, purge_expired, interval=timedelta(hours=1), first=60, name=CLEANUP_JOB)
