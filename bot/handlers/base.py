"""Shared shape of handlers: one database session per update and a role check."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update

from bot.commands import Command
from bot.context import BotContext
from bot.people import Person, load_person
from bot.roles import Role

PersonCallback = Callable[[Update, BotContext, Person, AsyncSession], Awaitable[None]]
PtbCallback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


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
                # Answer at once so the button stops spinning; handlers only send or edit.
                await update.callback_query.answer()
            async with context.services.db.transaction() as session:
                person = await load_person(session, tg_user, context.services)
                if required not in person.roles:
                    name = command.name(person.language) if command else ""
                    role = person.t(f"role.{required.value}")
                    await send(update, person.t("refuse.role", command=name, role=role))
                    return
                await callback(update, context, person, session)

        return wrapper

    return decorate


async def send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from (a message or a button press)."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=markup)


async def edit_or_send(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the message whose button was pressed, or send a new one."""
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_text(text, reply_markup=markup)
        return
    await send(update, text, markup)
