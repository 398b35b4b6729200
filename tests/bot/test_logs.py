"""Logs never hold statement parameters or what people typed (issue 15, item 5)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.core.context import BotContext
from tests.harness import BotHarness, user

SECRET = "taalcafé Kwakerspleinachterom zevenhoek"
APOLOGY = "Oeps"
_SOURCE = Path(__file__).resolve().parents[2]


async def _refuse_new_questions(harness: BotHarness) -> None:
    """A trigger that makes every stored question fail inside the database."""
    async with harness.services.db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            await connection.execute(
                text(
                    "CREATE TRIGGER refuse_questions BEFORE INSERT ON asked_questions "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        else:
            await connection.execute(
                text(
                    "CREATE FUNCTION refuse_questions() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql"
                )
            )
            await connection.execute(
                text(
                    "CREATE TRIGGER refuse_questions BEFORE INSERT ON asked_questions "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_questions()"
                )
            )


async def test_a_failing_statement_logs_no_parameters(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    await _refuse_new_questions(harness)
    replies = await harness.send(user(4242), SECRET)
    assert APOLOGY in replies[-1]["text"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors, "the failure is logged"
    assert "asked_questions" in caplog.text  # where it happened is still there
    assert "message left out" in caplog.text
    for leak in (SECRET, "Kwakerspleinachterom", "4242", "refused by the test"):
        assert leak not in caplog.text


async def test_database_errors_do_not_carry_parameters(harness: BotHarness) -> None:
    await _refuse_new_questions(harness)
    with pytest.raises(DBAPIError) as raised:
        async with harness.services.db.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO asked_questions (user_id, chat_id, query, language, asked_at) "
                    "VALUES (:user_id, :user_id, :query, 'nl', CURRENT_TIMESTAMP)"
                ),
                {"user_id": 4242, "query": SECRET},
            )
    assert SECRET not in str(raised.value)
    assert "4242" not in str(raised.value)
    assert "parameters hidden" in str(raised.value)


async def test_an_error_quoting_the_users_text_is_logged_without_it(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    async def quoting(update: Update, _context: BotContext) -> None:
        message = update.effective_message
        raise ValueError(f"could not understand {message.text if message else ''!r}")

    harness.application.add_handler(MessageHandler(filters.TEXT, quoting), group=-1000)
    caplog.set_level(logging.INFO)
    await harness.send(user(4242), SECRET)
    assert "error while handling update" in caplog.text
    assert "builtins.ValueError (message left out)" in caplog.text
    assert "quoting" in caplog.text  # the traceback still shows where
    assert SECRET not in caplog.text
    assert "4242" not in caplog.text


def test_every_engine_is_made_by_make_engine() -> None:
    """One place creates engines (with hidden parameters); no module makes its own."""
    makers = [
        path.relative_to(_SOURCE).as_posix()
        for folder in ("bot", "sandbox", "migrations", "benchmarks")
        for path in (_SOURCE / folder).rglob("*.py")
        if "create_async_engine(" in path.read_text() or "create_engine(" in path.read_text()
    ]
    assert makers == ["bot/db/session.py"]
