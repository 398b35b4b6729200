"""Shared shape of handlers: one database session per update and a role check.

What a handler stores is committed before the bot tells the user about it: a reply must
never describe a state that a crash could still lose (e.g. the next sign-up step).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Update, User
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.core.commands import Command
from bot.core.context import BotContext
from bot.core.journeys import Journey, journey_checks, open_journeys
from bot.core.person import Person, load_person
from bot.core.roles import Role

log = logging.getLogger(__name__)

PersonCallback = Callable[[Update, BotContext, Person, AsyncSession], Awaitable[None]]
PtbCallback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]

_SESSION: ContextVar[AsyncSession | None] = ContextVar("update_session", default=None)


async def commit_before_reply() -> None:
    """Commit what this update's handler stored so far; later work starts a new transaction."""
    session = _SESSION.get()
    if session is not None and session.in_transaction():
        await session.commit()


def with_person(command: Command | None = None) -> Callable[[PersonCallback], PtbCallback]:
    """Open one session for the update, load the person, and refuse politely if not allowed."""
    required = command.role if command else Role.PROFESSIONAL

    def decorate(callback: PersonCallback) -> PtbCallback:
        @functools.wraps(callback)
        async def wrapper(update: Update, context: BotContext) -> None:
            tg_user = update.effective_user
            if tg_user is None:
                return
            if update.callback_query is not None:
                await _stop_spinner(update.callback_query)
            async with context.services.db.sessions() as session:
                token = _SESSION.set(session)
                try:
                    person = await _person(context, session, tg_user)
                    if required not in person.roles:
                        name = command.name(person.language) if command else ""
                        role = person.t(f"role.{required.value}")
                        await send(update, person.t("refuse.role", command=name, role=role))
                        return
                    await callback(update, context, person, session)
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
                finally:
                    _SESSION.reset(token)

        return wrapper

    return decorate


async def _person(context: BotContext, session: AsyncSession, tg_user: User) -> Person:
    """The person, read once per update: later handler groups reuse what the first read."""
    if context.person is None or context.person.user_id != tg_user.id:
        context.person = await load_person(session, tg_user, context.services)
    return context.person


async def is_open(update: Update, context: BotContext, journey: Journey) -> bool:
    """Whether the sender may be in the middle of this journey (asked once per update, for
    all journeys at once; most messages are plain questions and skip them all)."""
    tg_user = update.effective_user
    if tg_user is None:
        return False
    if context.open_journeys is None:
        async with context.services.db.sessions() as session:
            await _person(context, session, tg_user)
            checks = journey_checks(context.bot_data)
            context.open_journeys = await open_journeys(session, tg_user.id, checks)
            await session.commit()
    return journey in context.open_journeys


def first_in_line(journey: Journey, callback: PtbCallback) -> PtbCallback:
    """Run a journey's handler for typed text before the other journeys, when the sender
    may be in it; once it took the message (`context.consumed`), no later group sees it."""

    async def run(update: Update, context: BotContext) -> None:
        if not await is_open(update, context, journey):
            return
        await callback(update, context)
        # Raised only after the handler's session committed; inside it would roll it back.
        if context.consumed:
            raise ApplicationHandlerStop

    return run


async def _stop_spinner(query: CallbackQuery) -> None:
    """Answer at once so the button stops spinning; handlers only send or edit. A press
    delivered again (its first handling failed) was answered already: Telegram refuses a
    second answer, and the press is still handled."""
    try:
        await query.answer()
    except BadRequest as err:
        log.info("button press answered before: %s", err)


async def send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from (a message or a button press)."""
    await commit_before_reply()
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=markup)


async def edit_or_send(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the message whose button was pressed, or send a new one."""
    query = update.callback_query
    if query is not None and query.message is not None:
        await commit_before_reply()
        await query.edit_message_text(text, reply_markup=markup)
        return
    await send(update, text, markup)


async def tell(
    context: BotContext, user_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Send to someone else than the sender of the update (after committing what the handler
    stored); False when they cannot be reached (blocked the bot, never opened it)."""
    await commit_before_reply()
    try:
        await context.bot.send_message(user_id, text, reply_markup=markup)
    except TelegramError as err:
        log.info("could not reach user %s: %s", user_id, err)
        return False
    return True


def callback_match(update: Update, pattern: str) -> re.Match[str] | None:
    """The pressed button's callback data matched against a handler's pattern (None: no
    press, or not this handler's data)."""
    query = update.callback_query
    return re.match(pattern, query.data or "") if query is not None else None
