"""An update that finds the database out of reach gets 503 (Telegram delivers it again)
instead of an apology, unless the bot already said something for it."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError
from telegram import Update
from telegram.error import NetworkError
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.config import Settings
from bot.core.context import BotContext
from bot.db.session import Database
from bot.web.app import SECRET_HEADER, create_web_app
from bot.web.metrics import Metrics
from bot.web.redelivery import (
    claim_redelivery,
    database_unavailable,
    note_call,
    update_run,
)
from sandbox.processes import free_port
from tests.harness import BotHarness, labels, user

SECRET = "s3cret-token_for-tests"
ANNA = user(1001)
APOLOGY = "er ging aan mijn kant iets mis"


class _ServerError(Exception):
    """An asyncpg-style server error carrying a SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _wrapped(cause: BaseException, *, invalidated: bool = False) -> DBAPIError:
    error = DBAPIError("SELECT 1", {}, cause, connection_invalidated=invalidated)
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (_wrapped(_ServerError("08003"), invalidated=True), True),
        (_wrapped(_ServerError("57P01")), True),  # admin shutdown
        (_wrapped(_ServerError("57P03")), True),  # starting up, cannot connect now
        (OperationalError("SELECT 1", {}, Exception("database is locked")), False),
        (ProgrammingError("SELECT x", {}, _ServerError("42703")), False),
        (IntegrityError("INSERT", {}, _ServerError("23505")), False),
        (ValueError("no such step"), False),
        # the Bot API out of reach is not the database, even with a socket error beneath
        (NetworkError("httpx.ConnectError: refused"), False),
    ],
)
def test_database_unavailable_tells_connection_faults_from_other_errors(
    error: BaseException, unavailable: bool
) -> None:
    assert database_unavailable(error) is unavailable


async def test_a_refused_connection_is_the_database_being_down() -> None:
    db = Database(_unreachable_url())
    try:
        with pytest.raises(ConnectionRefusedError) as refused:
            async with db.engine.connect():
                pass
    finally:
        await db.dispose()
    assert database_unavailable(refused.value)


def _read_missing_file() -> None:
    raise FileNotFoundError(2, "No such file", "content/missing.json")


def test_a_socket_or_file_error_outside_the_database_is_a_bug_to_report() -> None:
    with pytest.raises(FileNotFoundError) as missing:
        _read_missing_file()
    assert not database_unavailable(missing.value)  # handling it again would not help


def test_network_error_over_a_socket_error_is_no_database_fault() -> None:
    error = NetworkError("send failed")
    error.__cause__ = ConnectionResetError()
    assert not database_unavailable(error)


def test_redelivery_only_while_the_bot_said_nothing_for_the_update() -> None:
    down = _wrapped(_ServerError("57P01"))  # the server shut down
    assert not claim_redelivery(down)  # polling: no webhook call to answer 503
    with update_run() as run:
        note_call("answerCallbackQuery")  # a spinner stopped: nothing said
        assert claim_redelivery(down)
        assert run.redeliver
    with update_run() as run:
        note_call("sendMessage")
        assert not claim_redelivery(down)
        assert not run.redeliver
    with update_run() as run:
        assert not claim_redelivery(ValueError("a bug, not an outage"))


def _unreachable_url() -> str:
    # nothing listens there: every connection attempt is refused
    return f"postgresql+asyncpg://nobody@127.0.0.1:{free_port()}/gone"


@contextmanager
def _database_down(harness: BotHarness) -> Iterator[None]:
    services = harness.services
    working, services.db = services.db, Database(_unreachable_url())
    try:
        yield
    finally:
        services.db = working


@pytest.fixture
async def client(harness: BotHarness) -> AsyncIterator[tuple[httpx.AsyncClient, Metrics]]:
    """The web app of `wijkwijzer run` in webhook mode, over the harness's application."""
    metrics = Metrics()
    web = create_web_app(harness.application, Settings(webhook_secret=SECRET), metrics, "/t")
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        yield http, metrics


async def _post(http: httpx.AsyncClient, body: bytes) -> int:
    response = await http.post("/t", content=body, headers={SECRET_HEADER: SECRET})
    return response.status_code


def _first_result(answer: str) -> str:
    return next(line[3:] for line in answer.splitlines() if line.startswith("1. "))


def _body(harness: BotHarness, payload: dict[str, Any]) -> bytes:
    return json.dumps(harness.core.inject(payload, queue=False)).encode()


async def test_a_question_while_the_database_is_down_is_answered_on_redelivery(
    harness: BotHarness, client: tuple[httpx.AsyncClient, Metrics]
) -> None:
    http, metrics = client
    body = _body(harness, {"user": ANNA, "text": "eenzaamheid Indische Buurt"})
    with _database_down(harness):
        assert await _post(http, body) == 503
    assert harness.core.messages(ANNA["id"], 0) == []  # no apology
    assert metrics.registry.get_sample_value("wijkwijzer_update_redeliveries_total") == 1

    assert await _post(http, body) == 200  # Telegram delivers it again
    [answer] = harness.core.messages(ANNA["id"], 0)
    assert answer["text"].startswith("Dit vond ik voor eenzaamheid")


async def test_later_handler_groups_leave_an_update_given_back_alone(
    harness: BotHarness, client: tuple[httpx.AsyncClient, Metrics]
) -> None:
    http, _metrics = client

    async def without_database(update: Update, _context: BotContext) -> None:
        assert update.effective_chat is not None
        await update.effective_chat.send_message("a later group")

    harness.application.add_handler(MessageHandler(filters.ALL, without_database), 99)
    body = _body(harness, {"user": ANNA, "text": "eenzaamheid Indische Buurt"})
    with _database_down(harness):
        assert await _post(http, body) == 503
    assert harness.core.messages(ANNA["id"], 0) == []  # or the redelivery says it twice


async def test_a_button_press_delivered_again_is_still_handled(
    harness: BotHarness, client: tuple[httpx.AsyncClient, Metrics]
) -> None:
    http, _metrics = client
    [answer] = await harness.send(ANNA, "eenzaamheid Indische Buurt")
    assert "🔎 1" in labels(answer)
    press = {"user": ANNA, "press": {"message_id": answer["message_id"], "button": "🔎 1"}}
    body = _body(harness, press)
    with _database_down(harness):
        assert await _post(http, body) == 503  # the spinner was stopped; nothing else said
    # the second run cannot answer the callback query again, and handles the press anyway
    assert await _post(http, body) == 200
    first = _first_result(answer["text"])
    details = harness.core.messages(ANNA["id"], answer["message_id"])
    assert [m["text"].split("\n", 1)[0] for m in details] == [first]


async def test_after_a_reply_a_database_fault_is_not_redelivered(
    harness: BotHarness, client: tuple[httpx.AsyncClient, Metrics]
) -> None:
    http, _metrics = client
    unreachable = Database(_unreachable_url())

    async def reply_then_query(update: Update, _context: BotContext) -> None:
        assert update.effective_chat is not None
        await update.effective_chat.send_message("half done")
        async with unreachable.transaction() as session:
            await session.execute(text("SELECT 1"))

    harness.application.add_handler(CommandHandler("halfway", reply_then_query), -1)
    try:
        body = _body(harness, {"user": ANNA, "text": "/halfway"})
        # a second run would say "half done" twice: the user hears what went wrong instead
        assert await _post(http, body) == 200
    finally:
        await unreachable.dispose()
    said = [m["text"] for m in harness.core.messages(ANNA["id"], 0)]
    assert said[0] == "half done"
    assert APOLOGY in said[1]


class _RetryNoticed(logging.Handler):
    """Sets an event when the application says it will handle an update again."""

    def __init__(self) -> None:
        super().__init__()
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if "handling the update again" in record.getMessage():
            self.event.set()


async def test_with_long_polling_an_update_is_handled_again_once_the_database_is_back(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.web.redelivery.POLLING_PAUSES", (0.05,) * 6)
    noticed = _RetryNoticed()
    logging.getLogger("bot.web.redelivery").addHandler(noticed)
    application = harness.application
    data = harness.core.inject({"user": ANNA, "text": "eenzaamheid Indische Buurt"}, queue=False)
    await application.start()  # running, as under run_polling
    try:
        with _database_down(harness):
            # as the updater hands it over: through the queue and the update processor
            await application.update_queue.put(Update.de_json(data, application.bot))
            await asyncio.wait_for(noticed.event.wait(), 10)
        # the database came back during the pause
        await asyncio.wait_for(application.update_queue.join(), 10)
    finally:
        logging.getLogger("bot.web.redelivery").removeHandler(noticed)
        await application.stop()
    [answer] = harness.core.messages(ANNA["id"], 0)
    assert answer["text"].startswith("Dit vond ik voor eenzaamheid")


async def test_with_long_polling_a_long_outage_ends_in_one_apology(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("bot.web.redelivery.POLLING_PAUSES", (0.01, 0.01))
    application = harness.application
    data = harness.core.inject({"user": ANNA, "text": "eenzaamheid Indische Buurt"}, queue=False)
    await application.start()
    try:
        with _database_down(harness):
            await application.update_queue.put(Update.de_json(data, application.bot))
            await asyncio.wait_for(application.update_queue.join(), 10)
    finally:
        await application.stop()
    assert caplog.text.count("will be handled again") == 2
    [apology] = harness.core.messages(ANNA["id"], 0)  # not one per handler group
    assert APOLOGY in apology["text"]


async def test_scheduled_work_that_finds_the_database_down_is_a_warning_not_an_error(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.application.process_error(None, _wrapped(_ServerError("57P01")))
    await harness.application.process_error(None, ValueError("a bug in a job"))
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("bot.")]
    assert [level for level, _message in logged] == ["WARNING", "ERROR"]
    assert logged[0][1].startswith("database unreachable for scheduled work")
    assert logged[1][1] == "error while handling NoneType"
