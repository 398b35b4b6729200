"""One error handler: a short apology to the user, the details to the log."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext, WijkApplication
from bot.redelivery import claim_redelivery, database_unavailable

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failing update with its traceback and apologise in the user's language."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("user blocked the bot or left: %s", error)
        return
    if error is not None and claim_redelivery(error):
        # Nothing said yet: the update is handled again later (delivered again by Telegram
        # in webhook mode, retried in this process with long polling) and the user gets
        # the real answer then, not an apology now. Handlers of later groups must not
        # answer it meanwhile, or the user would hear it twice.
        log.warning("database unreachable; the update will be handled again: %s", error)
        raise ApplicationHandlerStop
    if not isinstance(update, Update) and error is not None and database_unavailable(error):
        # scheduled work: it runs again at its next turn; no traceback for every tick of an
        # outage
        log.warning("database unreachable for scheduled work: %s", error)
        return
    # Log where it happened but not what people typed: message texts stay out of the logs.
    if isinstance(update, Update):
        chat_id = update.effective_chat.id if update.effective_chat else None
        summary = f"update {update.update_id} in chat {chat_id}"
    else:
        summary = type(update).__name__
    log.error("error while handling %s", summary, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    user = update.effective_user
    t = context.services.catalogues.translator(user.language_code if user else None)
    try:
        await context.bot.send_message(update.effective_chat.id, t("error.sorry"))
    except TelegramError:
        log.exception("could not send the apology")
    if error is not None and database_unavailable(error):
        # the handlers of later groups would fail the same way: one apology is enough
        raise ApplicationHandlerStop


def register(application: WijkApplication) -> None:
    """Install the error handler."""
    application.add_error_handler(on_error)
