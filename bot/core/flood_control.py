"""Runs before every other handler: a user who floods the bot is paused for a while."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.core.context import BotContext, WijkApplication
from bot.core.flood import FloodGate, Verdict

log = logging.getLogger(__name__)
GATE_KEY = "flood_gate"
# Before every other handler group (journeys use 0 and a few negative groups of their own).
FLOOD_GROUP = -100


async def gate(update: Update, context: BotContext) -> None:
    """Let the update through, or answer once "even rustig aan" and stop handling it."""
    user = update.effective_user
    if user is None or update.poll_answer is not None or update.my_chat_member is not None:
        return
    services = context.services
    if not services.settings.flood_control:
        return
    flood: FloodGate | None = context.bot_data.get(GATE_KEY)
    if flood is None:  # the first update: made once, not on every update
        settings = services.settings
        flood = context.bot_data[GATE_KEY] = FloodGate(
            settings.flood_per_minute, settings.flood_pause_seconds
        )
    verdict = flood.check(user.id, services.clock().timestamp())
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.WARN:
        log.info("user %d paused for sending too much", user.id)
        t = services.catalogues.translator(user.language_code)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(t("flood.slow_down"))
            elif update.effective_chat is not None and update.effective_chat.type == "private":
                await context.bot.send_message(update.effective_chat.id, t("flood.slow_down"))
        except TelegramError:
            log.warning("could not tell user %d to slow down", user.id)
    raise ApplicationHandlerStop


def register(application: WijkApplication) -> None:
    """Put the gate in a group of its own before every journey's handlers."""
    application.add_handler(TypeHandler(Update, gate), group=FLOOD_GROUP)
