"""Webhooks: updates are POSTed in order with the secret header, retried, and polling is refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest, Conflict

from sandbox import SandboxCore
from sandbox.wire import read_request, write_response
from tests.sandbox.support import ANNA, BERT, eventually


@dataclass
class Receiver:
    """A tiny webhook endpoint that answers 500 to its first ``failures`` requests."""

    failures: int = 0
    received: list[tuple[int, str | None]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            update: Any = request.json()
            secret = request.headers.get("x-telegram-bot-api-secret-token")
            self.received.append((update["update_id"], secret))
            status = 500 if self.failures else 200
            self.failures = max(self.failures - 1, 0)
            write_response(writer, status, b"{}")
            await writer.drain()
            self.arrived.set()
        writer.close()

    async def wait_for(self, count: int) -> None:
        async with asyncio.timeout(5):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A webhook receiver on a free loopback port."""
    endpoint = Receiver()
    server = await asyncio.start_server(endpoint.handle, "127.0.0.1", 0)
    endpoint.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook"
    yield endpoint
    server.close()


async def test_updates_are_posted_with_the_secret_and_polling_conflicts(
    bot: Bot, core: SandboxCore, receiver: Receiver
) -> None:
    core.inject({"user": ANNA, "text": "/start"})  # queued before the webhook: delivered too
    assert await bot.set_webhook(receiver.url, secret_token="geheim-1")
    core.inject({"user": ANNA, "text": "hoi"})
    await receiver.wait_for(2)
    assert receiver.received == [(1, "geheim-1"), (2, "geheim-1")]
    # The receiver's answer is still on its way back to the sandbox.
    await eventually(lambda: not core.pending_updates())
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == (receiver.url, 0)
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()
    await core.close()


async def test_failed_deliveries_are_retried_in_order(
    core: SandboxCore, receiver: Receiver
) -> None:
    receiver.failures = 2
    await core.call("1:x", "setWebhook", {"url": receiver.url}, {})
    core.inject({"user": ANNA, "text": "een"})
    core.inject({"user": ANNA, "text": "twee"})
    await receiver.wait_for(4)
    assert receiver.received == [(1, None), (1, None), (1, None), (2, None)]
    _, body = await core.call("1:x", "getWebhookInfo", {}, {})
    assert (
        body["result"]["last_error_message"]
        == "Wrong response from the webhook: 500 Internal Server Error"
    )
    await core.close()


async def test_only_loopback_webhooks_with_valid_secrets(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="only to http"):
        await bot.set_webhook("https://example.org/hook")
    with pytest.raises(BadRequest, match="secret token contains unallowed characters"):
        await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="geen spaties")


@dataclass
class SlowReceiver:
    """Answers each request after a short pause, recording when each started and ended."""

    log: list[tuple[str, int, int]] = field(default_factory=list)  # (event, update, user)
    open_now: int = 0
    most_open: int = 0
    url: str = ""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            update: Any = request.json()
            who = update["message"]["from"]["id"]
            self.log.append(("start", update["update_id"], who))
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)
            await asyncio.sleep(0.05)
            self.open_now -= 1
            self.log.append(("end", update["update_id"], who))
            write_response(writer, 200, b"{}")
            await writer.drain()
        writer.close()


async def test_chats_are_delivered_in_parallel_each_in_order(core: SandboxCore) -> None:
    endpoint = SlowReceiver()
    server = await asyncio.start_server(endpoint.handle, "127.0.0.1", 0)
    endpoint.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook"
    bob = BERT
    for n in range(3):
        core.inject({"user": ANNA, "text": f"anna {n}"})
        core.inject({"user": bob, "text": f"bob {n}"})
    await core.call("1:x", "setWebhook", {"url": endpoint.url, "max_connections": 5}, {})
    await eventually(lambda: len(endpoint.log) == 12, seconds=5)
    server.close()
    await core.close()
    assert endpoint.most_open == 2  # the two chats at once, never two of one chat
    for who in (ANNA["id"], bob["id"]):
        mine = [(event, update) for event, update, user in endpoint.log if user == who]
        updates = [update for event, update in mine if event == "start"]
        assert updates == sorted(updates)
        # each ends before the next of the same chat starts
        assert [event for event, _ in mine] == ["start", "end"] * 3
