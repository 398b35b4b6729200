"""Handling an update again when it failed because the database was out of reach.

An update whose handler failed because the database could not be reached (restarting,
failing over, a dropped connection) stored nothing, since handlers commit just before they
reply: handling it again a moment later is safe, and the user gets the real answer instead
of an apology. In webhook mode the web app answers 503 and Telegram delivers the update
again; with long polling `RetryingUpdateProcessor` handles it again itself after a pause.

That stops being true once the bot has said something for the update: the state that reply
describes is committed, so a second run would answer twice and act on it again. Every Bot
API call that showed something is therefore noted per update (`ReplyNotingRequest`), and an
update is given back only while nothing has been sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from telegram.error import TelegramError
from telegram.ext import Application, BaseUpdateProcessor
from telegram.request import BaseRequest, RequestData

from bot.ptb_adapter import TimeoutArg

# Bot API calls that show the user nothing new, or that a second run may repeat harmlessly.
SILENT_METHODS = frozenset(
    {
        "answerCallbackQuery",
        "sendChatAction",
        "getMe",
        "getChat",
        "getChatMember",
        "getFile",
        "getUpdates",
        "getWebhookInfo",
    }
)
log = logging.getLogger(__name__)
# With long polling: the pauses before handling an update again while the database is out
# of reach (about a quarter minute in all), then one last try that may end in the apology.
POLLING_PAUSES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
# SQLSTATEs of a connection that broke or a server that is shutting down or starting up.
_CONNECTION_CLASS = "08"
_OPERATOR_INTERVENTION = frozenset({"57P01", "57P02", "57P03"})
_DATABASE_PACKAGES = frozenset({"sqlalchemy", "asyncpg", "aiosqlite"})
# SQLite's ways of saying the file cannot be used now: missing, unreadable, or locked by
# another process for longer than the busy timeout (within one process, writes take turns).
_SQLITE_OUT_OF_REACH = ("unable to open database file", "database is locked", "disk i/o error")


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _raised_in_database_driver(error: BaseException) -> bool:
    # An OSError is the database's only when it came up through SQLAlchemy or the driver;
    # a missing file in a handler is a bug, to be reported rather than retried.
    frame = error.__traceback__
    while frame is not None:
        module = str(frame.tb_frame.f_globals.get("__name__", ""))
        if module.split(".", 1)[0] in _DATABASE_PACKAGES:
            return True
        frame = frame.tb_next
    return False


def database_unavailable(error: BaseException) -> bool:
    """True when the error says the database could not be reached, not that a query was wrong.

    A Telegram error is never one, even when a socket error lies beneath it: that is the
    Bot API being out of reach, and the handler may already have committed its state.
    """
    if isinstance(error, TelegramError):
        return False
    for cause in _chain(error):
        if isinstance(cause, DBAPIError) and cause.connection_invalidated:
            return True
        if isinstance(cause, PoolTimeoutError):
            return True
        if isinstance(cause, OSError) and _raised_in_database_driver(cause):
            return True  # refused, reset, timed out: while connecting or talking to it
        if _server_out_of_reach(cause):
            return True
    return False


def _server_out_of_reach(cause: BaseException) -> bool:
    # PostgreSQL's SQLSTATE for a broken connection or a server going down; SQLite's file
    if isinstance(cause, sqlite3.OperationalError):
        return str(cause).lower().startswith(_SQLITE_OUT_OF_REACH)
    sqlstate = getattr(cause, "sqlstate", None)
    return isinstance(sqlstate, str) and (
        sqlstate.startswith(_CONNECTION_CLASS) or sqlstate in _OPERATOR_INTERVENTION
    )


@dataclass
class UpdateRun:
    """What happened while one update was handled."""

    sent: list[str] = field(default_factory=list)  # Bot API methods that showed something
    redeliver: bool = False  # the update failed on the database: handle it again later
    last_chance: bool = False  # no later attempt: the user gets the apology


_CURRENT: ContextVar[UpdateRun | None] = ContextVar("webhook_update_run", default=None)


def current_run() -> UpdateRun | None:
    """The update being handled in this task, if its handling is tracked."""
    return _CURRENT.get()


@contextlib.contextmanager
def update_run(*, last_chance: bool = False) -> Iterator[UpdateRun]:
    """Track one update's handling (everything awaited inside the block belongs to it)."""
    run = UpdateRun(last_chance=last_chance)
    token = _CURRENT.set(run)
    try:
        yield run
    finally:
        _CURRENT.reset(token)


def note_call(method: str) -> None:
    """Remember that the bot called this Bot API method for the update being handled."""
    run = _CURRENT.get()
    if run is not None and method not in SILENT_METHODS:
        run.sent.append(method)


def claim_redelivery(error: BaseException) -> bool:
    """Mark the update being handled for redelivery, if that is safe and the error calls
    for it; True when so (the caller then leaves the user alone: the answer comes later)."""
    run = _CURRENT.get()
    if run is None or run.last_chance or run.sent or not database_unavailable(error):
        return False
    run.redeliver = True
    return True


async def process_retrying(
    application: Application[Any, Any, Any, Any, Any, Any],
    update: object,
    first: Awaitable[Any] | None = None,
) -> None:
    """Handle the update; without a webhook call to answer 503, again after a pause while
    the database is out of reach. Later updates wait meanwhile (they would find the database
    out of reach too) and so keep their order.

    `first`, when given, is the first run's `application.process_update(update)`, made
    already (PTB hands an update processor that); later runs make their own.
    """
    if current_run() is not None:  # webhook mode: the web app decides
        await (first if first is not None else application.process_update(update))
        return
    for pause in (*POLLING_PAUSES, None):
        last_chance = pause is None or not application.running
        with update_run(last_chance=last_chance) as run:
            await (first if first is not None else application.process_update(update))
            first = None
        if not run.redeliver or pause is None:
            return
        log.warning("database unreachable; handling the update again in %.2f s", pause)
        await asyncio.sleep(pause)


class RetryingUpdateProcessor(BaseUpdateProcessor):
    """Handles the updates PTB fetches (long polling) one at a time, each again after a pause
    while it failed on the database: Telegram has let go of them already.

    In webhook mode the web app calls `process_update` itself, tracks each update and
    answers 503, and Telegram delivers it again; this processor is not involved.
    """

    __slots__ = ("_application",)

    def __init__(self) -> None:
        super().__init__(max_concurrent_updates=1)
        self._application: Application[Any, Any, Any, Any, Any, Any] | None = None

    def attach(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """The application whose updates this processes (built after the processor)."""
        self._application = application

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run PTB's handling of the update, and again while the database is out of reach."""
        if self._application is None:
            raise RuntimeError("RetryingUpdateProcessor used before attach(application)")
        await process_retrying(self._application, update, coroutine)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


class ReplyNotingRequest(BaseRequest):
    """Wraps PTB's HTTP request (or any other) and notes each Bot API call that succeeded,
    for `claim_redelivery`."""

    __slots__ = ("_inner",)

    def __init__(self, inner: BaseRequest) -> None:
        self._inner = inner

    @property
    def read_timeout(self) -> float | None:
        """The wrapped request's default read timeout."""
        return self._inner.read_timeout

    async def initialize(self) -> None:
        """Open the wrapped request."""
        await self._inner.initialize()

    async def shutdown(self) -> None:
        """Close the wrapped request."""
        await self._inner.shutdown()

    async def do_request(  # noqa: PLR0917 - the signature is BaseRequest's
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
        write_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
        connect_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
        pool_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make the call; when it succeeded, note its Bot API method."""
        code, payload = await self._inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if 200 <= code < 300:
            note_call(url.rsplit("/", 1)[-1])
        return code, payload
