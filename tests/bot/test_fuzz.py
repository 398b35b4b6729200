"""Random but well-formed updates of every kind never break the bot or its database."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.commands import COMMANDS
from bot.sandbox.errors import SandboxError
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, user

# No update may keep the bot busy this long (a generous bound, not a speed target).
STEP_SECONDS = 30
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
    async with BotHarness.started(database_url, clock, admin_ids={ADMIN_ID}) as harness:
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


@settings(
    max_examples=int(__import__("os").environ.get("WIJKWIJZER_FUZZ_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    # no shrinking: each example starts a whole bot; a failure is reported as found
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=5, max_size=25))
def test_random_updates_never_raise(
    seeded_database_url: str,
    steps: list[tuple[int, tuple[str, Any]]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        asyncio.run(_scenario(seeded_database_url, steps))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
