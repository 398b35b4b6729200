"""One error handler: a short apology to the user, the details to the log."""

from __future__ import annotations

import logging

from sqlalchemy.exc import StatementError
from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.core.context import BotContext, WijkApplication
from bot.web.redelivery import claim_redelivery, database_unavailable

log = logging.getLogger(__name__)


class HiddenError(Exception):
    """Stands in for a logged exception: its type and traceback, not its message."""


def without_details(error: BaseException) -> HiddenError:
    """The error's chain with the same tracebacks but without the messages: database errors
    quote statement values and key details, other errors may quote what someone typed."""
    seen: set[int] = set()
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    hidden = _stand_in(chain[-1], None)
    for original in reversed(chain[:-1]):
        hidden = _stand_in(original, hidden)
    return hidden


def _stand_in(original: BaseException, cause: HiddenError | None) -> HiddenError:
    kind = type(original)
    text = f"{kind.__module__}.{kind.__qualname__} (message left out)"
    if isinstance(original, StatementError) and original.statement:
        # the statement with its placeholders, never the values bound to them
        text += f" in: {' '.join(original.statement.split())[:300]}"
    stand_in = HiddenError(text)
    stand_in.__traceback__ = original.__traceback__
    stand_in.__cause__ = cause
    return stand_in


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
        log.warning(
            "database unreachable; the update will be handled again: %s", type(error).__name__
        )
        raise ApplicationHandlerStop
    if not isinstance(update, Update) and error is not None and database_unavailable(error):
        # scheduled work: it runs again at its next turn; no traceback for every tick of an
        # outage
        log.warning("database unreachable for scheduled work: %s", type(error).__name__)
        return
    # Log where it happened but not what people typed or who they are: no message texts, no
    # chat ids, no exception messages (they quote statement values).
    if isinstance(update, Update):
        chat = update.effective_chat
        summary = f"update {update.update_id} in a {chat.type if chat else 'no'} chat"
    else:
        summary = type(update).__name__
    hidden = without_details(error) if error is not None else None
    exc_info = (HiddenError, hidden, hidden.__traceback__) if hidden is not None else None
    log.error("error while handling %s", summary, exc_info=exc_info)
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
