"""A wijktafel with many subscribers for the load and fault tests, and what each one received."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.db.models import Delivery
from bot.db.session import Database
from bot.delivery.repository import DeliveryRepository
from bot.meetings.keys import broadcast_key
from bot.meetings.repository import (
    BroadcastRepository,
    MeetingRepository,
    SubscriptionRepository,
)
from tests.e2e.conftest import ADMIN_ID, TOKEN, Sandbox, bot_env

TABLE = "Wijktafel Dapperbuurt"


def greet(sandbox: Sandbox, chat_ids: Iterable[int]) -> None:
    """Each person says hello in the sandbox (a chat the bot may write to; nobody polls here)."""
    for chat_id in chat_ids:
        person = {"id": chat_id, "first_name": f"P{chat_id}", "language_code": "nl"}
        sandbox.inject({"user": person, "text": "hallo"})


def drop_pending_updates(sandbox: Sandbox) -> None:
    """Forget the greetings as Telegram would (the chats stay), so a polling bot skips them."""
    response = sandbox.http.post(f"/bot{TOKEN}/deleteWebhook", json={"drop_pending_updates": True})
    response.raise_for_status()


async def _subscribe(url: str, chat_ids: list[int], text: str | None) -> None:
    db = Database(url)
    now = datetime.now(UTC)
    try:
        async with db.transaction() as session:
            table = await MeetingRepository(session).add_wijktafel(
                TABLE, "Dapperbuurt", ADMIN_ID, now
            )
            subs = SubscriptionRepository(session)
            for chat_id in chat_ids:
                await subs.subscribe(table.id, chat_id, chat_id, now)
            if text is not None:
                # what /bericht's send button does (bot.meetings.handlers.broadcast.decide)
                row = await BroadcastRepository(session).draft(table.id, text, ADMIN_ID, now)
                await session.flush()
                payload = {"kind": "broadcast", "broadcast_id": row.id}
                await DeliveryRepository(session).enqueue(
                    chat_ids, broadcast_key(row.id), payload, now
                )
                row.state, row.queued_at = "queued", now
    finally:
        await db.dispose()


def subscribe(url: str, chat_ids: list[int], broadcast: str | None = None) -> None:
    """Subscribe these chats to a new wijktafel; queue a broadcast to them when given."""
    asyncio.run(_subscribe(url, chat_ids, broadcast))


async def _column(url: str, name: str) -> dict[int, str | None]:
    db = Database(url)
    try:
        async with db.transaction() as session:
            rows = await session.execute(
                select(Delivery.chat_id, getattr(Delivery, name)).where(
                    Delivery.message_key.startswith("broadcast:")
                )
            )
            return {int(chat_id): value for chat_id, value in rows.all()}
    finally:
        await db.dispose()


def delivery_states(url: str) -> dict[int, str]:
    """The state of each chat's broadcast delivery in the queue."""
    return {chat: str(state) for chat, state in asyncio.run(_column(url, "state")).items()}


def delivery_errors(url: str) -> dict[int, str | None]:
    """The last error (or note) of each chat's broadcast delivery."""
    return asyncio.run(_column(url, "last_error"))


async def _count(url: str, state: str) -> int:
    db = Database(url)
    try:
        async with db.transaction() as session:
            return int(
                await session.scalar(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.message_key.startswith("broadcast:"), Delivery.state == state)
                )
                or 0
            )
    finally:
        await db.dispose()


def count_in_state(url: str, state: str) -> int:
    """How many broadcast deliveries are in this state."""
    return asyncio.run(_count(url, state))


def received(sandbox: Sandbox, chat_ids: Iterable[int], fragment: str) -> Counter[int]:
    """How many bot messages containing the fragment each chat has (in the chat itself)."""
    return Counter(
        {
            chat_id: sum(fragment in (m.get("text") or "") for m in sandbox.messages(chat_id))
            for chat_id in chat_ids
        }
    )


def send_calls(sandbox: Sandbox, chat_ids: set[int]) -> list[dict[str, Any]]:
    """The sendMessage calls to these chats that reached the sandbox, in order."""
    return [
        call
        for call in sandbox.get("/_sandbox/calls")
        if call["method"] == "sendMessage"
        and call["chat_id"] is not None
        and int(call["chat_id"]) in chat_ids
    ]


def start_worker(sandbox: Sandbox, database_url: str, log: Path) -> subprocess.Popen[str]:
    """`wijkwijzer worker` against the sandbox, its log in a file."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "worker"],
        stdout=subprocess.DEVNULL,
        stderr=log.open("a"),
        text=True,
        cwd=log.parent,
        env=bot_env(sandbox, database_url),
    )
