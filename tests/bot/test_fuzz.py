"""Random but well-formed updates of every kind never break the bot or its database.

Each example starts the bot on a new database with a small known map, so an example fails
or passes on its own: what one example left behind cannot make another fail or pass. Set
WIJKWIJZER_FUZZ_EXAMPLES for a longer search; with CI set, the examples are derandomised
(the same ones every run).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

import bot.application
from bot.core.commands import COMMANDS
from bot.db.models import Base
from bot.db.session import make_engine
from bot.i18n import Catalogues
from sandbox.errors import SandboxError
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID, POSTGRES_URL
from tests.harness import BotHarness, user
from tests.sample_map import MAP

# No update may keep the bot busy this long (a generous bound, not a speed target).
STEP_SECONDS = 30
EXAMPLES = int(os.environ.get("WIJKWIJZER_FUZZ_EXAMPLES", "40"))
USERS = [user(1001), user(1002, language="en", name="Bob"), user(ADMIN_ID, name="Cor")]
GROUP = {"id": -2001, "type": "group", "title": "Wijktafel Oost"}
COMMAND_NAMES = sorted({name for command in COMMANDS for name in command.names})
# Callback data as the bot makes it, with ids that may or may not exist, and plain junk.
CALLBACK_PREFIXES = [
    "ask:more:", "ask:info:", "ask:miss:", "ask:skip:", "mod:ok:", "mod:reject:", "mod:show:",
    "bc:", "forget:", "lang:", "focus:", "ics:", "missed:", "rsvp:", "su:", "unsub:", "",
]  # fmt: skip

words = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=80,
)
command_text = st.builds(
    lambda name, args: f"/{name} {args}".strip(), st.sampled_from(COMMAND_NAMES), words
)
question = st.sampled_from(
    ["eenzaamheid indische buurt", "buurtteam oost", "taalcafe osdrop", "debt help", "ja", "1"]
)
callback_data = st.builds(
    lambda prefix, tail: (prefix + tail)[:64] or "x",
    st.sampled_from(CALLBACK_PREFIXES),
    st.from_regex(r"[a-z0-9:]{0,20}", fullmatch=True),
)

action = st.one_of(
    st.tuples(st.just("text"), st.one_of(words, command_text, question)),
    st.tuples(st.just("long"), st.integers(min_value=300, max_value=5000)),
    st.tuples(st.just("press"), callback_data),
    st.tuples(st.just("button"), st.integers(min_value=0, max_value=5)),
    st.tuples(
        st.just("location"),
        st.tuples(st.floats(min_value=-90, max_value=90), st.floats(min_value=-180, max_value=180)),
    ),
    st.tuples(st.just("inline"), words),
    st.tuples(st.just("poll_answer"), st.lists(st.integers(0, 4), max_size=3)),
    st.tuples(st.just("group"), st.one_of(command_text, question)),
    st.tuples(st.just("member"), st.sampled_from(["member", "kicked"])),
    st.tuples(st.just("wait"), st.integers(min_value=1, max_value=3 * 24 * 3600)),
)
step = st.tuples(st.integers(min_value=0, max_value=len(USERS) - 1), action)


def _press(harness: BotHarness, chat_id: int, kind: str, value: Any) -> dict[str, Any]:
    last = harness.last_message_id(chat_id)
    if not last:
        return {"text": "/start"}
    if kind == "press":
        return {"press": {"message_id": last, "data": value}}
    markup = harness.current(chat_id, last).get("reply_markup") or {}
    buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
    pressable = [b for b in buttons if "callback_data" in b]
    if not pressable:
        return {"text": "/help"}
    button = pressable[value % len(pressable)]
    return {"press": {"message_id": last, "data": button["callback_data"]}}


def _payload(harness: BotHarness, sender: dict[str, Any], kind: str, value: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"user": sender}
    if kind == "text":
        payload["text"] = value or "."
    elif kind == "long":
        payload["text"] = "eenzaamheid " * (value // 12)
    elif kind in ("press", "button"):
        payload.update(_press(harness, sender["id"], kind, value))
    elif kind == "location":
        payload["location"] = {"latitude": value[0], "longitude": value[1]}
    elif kind == "inline":
        payload["inline_query"] = value
    elif kind == "poll_answer":
        payload["poll_answer"] = {"poll_id": "5000", "option_ids": value}
    elif kind == "group":
        payload["chat"], payload["text"] = GROUP, value
    else:
        payload["chat"], payload["my_chat_member"] = GROUP, value
    return payload


async def _consistent(harness: BotHarness) -> None:
    """No row breaks a foreign key or another constraint of the schema."""
    async with harness.services.db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # SQLite checks foreign keys only on connections that asked for it
            problems = (await connection.execute(text("PRAGMA foreign_key_check"))).all()
            assert problems == []
            assert (await connection.execute(text("PRAGMA integrity_check"))).scalar() == "ok"
        else:
            # PostgreSQL checks every constraint on every write, except one added NOT VALID:
            # rows from before it (or written while it was not there) are never looked at
            unchecked = await connection.execute(
                text(
                    "SELECT conrelid::regclass::text, conname FROM pg_constraint"
                    " WHERE NOT convalidated AND connamespace = 'public'::regnamespace"
                )
            )
            assert unchecked.all() == []


async def _scenario(database_url: str, steps: list[tuple[int, tuple[str, Any]]]) -> None:
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=MAP) as harness:
        for who, (kind, value) in steps:
            if kind == "wait":
                clock.advance(seconds=value)
                continue
            payload = _payload(harness, USERS[who], kind, value)
            try:
                await asyncio.wait_for(harness.feed(payload), STEP_SECONDS)
            except SandboxError:
                continue  # a payload the sandbox cannot turn into an update (e.g. no poll)
            except TimeoutError as error:
                raise AssertionError(f"the bot hung on {kind} {value!r:.80}") from error
        await _consistent(harness)


@functools.cache
def _catalogues(*args: Any) -> Catalogues:
    return Catalogues(*args)


@pytest.fixture
def compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogues compiled once for all examples, not at every start (a third of it)."""
    monkeypatch.setattr(bot.application, "Catalogues", _catalogues)


_examples = itertools.count()


async def _empty(url: str) -> None:
    """Every table emptied but Alembic's, ids from 1 again: a new copy of the migrated
    template as far as the bot can tell (DELETE: TRUNCATE of every table takes longer)."""
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                await connection.execute(table.delete())
            sequences = await connection.execute(
                text("SELECT sequence_name FROM information_schema.sequences")
            )
            for (name,) in sequences.all():
                await connection.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))
    finally:
        await engine.dispose()


@contextmanager
def _new_database(template: str, own_url: str, folder: Path) -> Iterator[str]:
    """A database of the example's own, as migrated and nothing more."""
    if POSTGRES_URL:
        # a new database from the template takes PostgreSQL a second or two; emptying the
        # test's own one gives the same state in a few milliseconds
        asyncio.run(_empty(own_url))
        yield own_url
    else:
        path = folder / f"fuzz-{next(_examples)}.db"
        shutil.copyfile(template, path)
        yield f"sqlite+aiosqlite:///{path}"
        path.unlink()


@pytest.fixture
def new_database(
    template_database: str, database_url: str, tmp_path: Path
) -> Callable[[], AbstractContextManager[str]]:
    """Gives each example a database of its own (see `_new_database`)."""
    return functools.partial(_new_database, template_database, database_url, tmp_path)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    # A failure is replayed first on the next run (reuse), but not shrunk: each try starts a
    # whole bot, and shrinking ran into hypothesis's five-minute limit.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=5, max_size=25))
@pytest.mark.usefixtures("compiled_once")
def test_random_updates_never_raise(
    new_database: Callable[[], AbstractContextManager[str]],
    steps: list[tuple[int, tuple[str, Any]]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.clear()
    with new_database() as url, caplog.at_level(logging.ERROR):
        asyncio.run(_scenario(url, steps))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
