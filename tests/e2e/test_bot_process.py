"""A user talks to `wijkwijzer run` through the Bot API sandbox, as in production."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy import text

from bot.db.session import make_engine
from tests.e2e.conftest import ADMIN_ID, Sandbox

ANNA = {"id": 1001, "first_name": "Anna", "language_code": "nl"}


def _last(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return messages[-1]


def _has(fragment: str) -> Any:
    return lambda messages: any(fragment in (m.get("text") or "") for m in messages)


async def _count_users(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            return int((await connection.execute(text("SELECT count(*) FROM users"))).scalar_one())
    finally:
        await engine.dispose()


async def _users_become(database_url: str, expected: int) -> bool:
    """The bot replies inside its transaction, so the commit may land a moment later."""
    deadline = time.monotonic() + 10
    while await _count_users(database_url) != expected:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def test_start_language_help_and_forget(sandbox: Sandbox, bot_process: str) -> None:
    sandbox.inject({"user": ANNA, "text": "/start"})
    greeting = _last(sandbox.wait_for(1001, _has("Hoi Anna!")))
    buttons = [b["text"] for row in greeting["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["Nederlands", "English"]

    sandbox.inject(
        {"user": ANNA, "press": {"message_id": greeting["message_id"], "button": "English"}}
    )
    sandbox.wait_for(1001, _has("What do you mostly do?"))
    assert await _users_become(bot_process, 1)

    sandbox.inject({"user": ANNA, "text": "/help"})
    help_text = _last(sandbox.wait_for(1001, _has("Your role: professional")))["text"]
    assert "/mydata" in help_text

    sandbox.inject({"user": ANNA, "text": "/forget"})
    confirm = _last(sandbox.wait_for(1001, _has("Are you sure?")))
    sandbox.inject(
        {
            "user": ANNA,
            "press": {"message_id": confirm["message_id"], "button": "Yes, erase everything"},
        }
    )
    sandbox.wait_for(1001, _has("Done: I erased everything about you."))
    assert await _users_become(bot_process, 0)


async def test_coordinator_grants_a_role_and_menus_follow(
    sandbox: Sandbox, bot_process: str
) -> None:
    sandbox.inject({"user": ANNA, "text": "/start"})
    greeting = _last(sandbox.wait_for(1001, _has("Hoi Anna!")))
    sandbox.inject(
        {"user": ANNA, "press": {"message_id": greeting["message_id"], "button": "Nederlands"}}
    )
    sandbox.wait_for(1001, _has("Wat doe je vooral?"))

    admin = {"id": ADMIN_ID, "first_name": "Cor", "language_code": "nl"}
    sandbox.inject({"user": admin, "text": "/rol 1001 coordinator"})
    sandbox.wait_for(ADMIN_ID, _has("1001 is nu coördinator"))
    sandbox.wait_for(1001, _has("Je hebt de rol coördinator gekregen"))
    menu = sandbox.get("/_sandbox/commands", scope="chat", chat_id=1001)
    assert "rol" in [c["command"] for c in menu]
    default_en = sandbox.get("/_sandbox/commands", scope="default", language_code="en")
    assert "language" in [c["command"] for c in default_en]
