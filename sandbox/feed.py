"""Delivering updates to the bot: getUpdates long polling, or POSTs to a webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from sandbox.errors import ApiError

JSON = dict[str, Any]
_LOGGER = logging.getLogger(__name__)
# Telegram delivers these only when allowed_updates names them.
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_FIRST_BACKOFF = 0.05
_MAX_BACKOFF = 1.0


@dataclass
class Webhook:
    """The webhook the bot set, and how delivering to it went."""

    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None
    last_error_date: int | None = None
    last_error_message: str | None = None


def update_type(update: JSON) -> str:
    """The kind of an update: the one key besides ``update_id``."""
    return next((key for key in update if key != "update_id"), "")


class UpdateFeed:
    """Pending updates, confirmed by getUpdates offsets or removed once a webhook took them."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._pending: list[JSON] = []
        self._allowed: frozenset[str] = frozenset()
        self._waiters: set[asyncio.Future[None]] = set()
        self._version = 0
        self._poll_generation = 0
        self.webhook: Webhook | None = None
        self._delivery: asyncio.Task[None] | None = None
        # per chat: how long to wait after its next failed delivery
        self._backoff: dict[Any, float] = {}

    # --- queue ------------------------------------------------------------------------------

    def push(self, update: JSON) -> None:
        """Queue an update and wake whoever waits for one."""
        self._pending.append(update)
        self._wake()

    def pending(self) -> list[JSON]:
        """The updates not yet confirmed, in order."""
        return list(self._pending)

    def clear(self) -> None:
        """Forget pending updates, the allowed_updates setting and the webhook."""
        self._pending.clear()
        self._allowed = frozenset()
        self._stop_delivery()
        self.webhook = None
        self._wake()

    def _is_allowed(self, update: JSON) -> bool:
        kind = update_type(update)
        return kind in self._allowed if self._allowed else kind not in _NOT_BY_DEFAULT

    def _take(self, limit: int) -> list[JSON]:
        # Telegram never stores updates of kinds the bot did not ask for.
        self._pending = [u for u in self._pending if self._is_allowed(u)]
        return [dict(u) for u in self._pending[:limit]]

    def _wake(self) -> None:
        self._version += 1
        for waiter in list(self._waiters):
            # Waiters may sit in another thread's loop (a terminal reading stdin, say).
            with contextlib.suppress(RuntimeError):
                waiter.get_loop().call_soon_threadsafe(_resolve, waiter)

    async def _wait(self, seconds: float | None, seen_version: int) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            if self._version != seen_version:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, seconds)
        finally:
            self._waiters.discard(waiter)

    # --- getUpdates -------------------------------------------------------------------------

    async def get_updates(
        self, offset: int | None, limit: int, wait_seconds: float, allowed_updates: list[str] | None
    ) -> list[JSON]:
        """getUpdates: confirm by offset, then answer at once or wait up to wait_seconds."""
        if self.webhook is not None:
            raise ApiError.conflict(
                "can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()  # an older long poll learns it was superseded
        if offset:
            self._confirm(offset)
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(wait_seconds, 0.0)
        while True:
            if generation != self._poll_generation:
                raise ApiError.conflict(
                    "terminated by other getUpdates request; "
                    "make sure that only one bot instance is running"
                )
            if self.webhook is not None:
                raise ApiError.conflict("webhook was set while getUpdates was waiting")
            seen = self._version
            batch = self._take(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                return batch
            await self._wait(remaining, seen)

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        else:
            # A negative offset keeps only the last -offset updates, as Telegram documents.
            self._pending = self._pending[offset:]

    # --- webhook ----------------------------------------------------------------------------

    def set_webhook(
        self,
        url: str,
        secret_token: str | None,
        max_connections: int,
        allowed_updates: list[str] | None,
        drop_pending_updates: bool,
    ) -> None:
        """Start delivering to a loopback URL; an empty URL removes the webhook."""
        if not url:
            self.delete_webhook(drop_pending_updates)
            return
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.hostname not in _LOOPBACK_HOSTS:
            raise ApiError.bad_request(
                "bad webhook: the sandbox delivers only to http(s)://127.0.0.1 or localhost"
            )
        if secret_token is not None and not _SECRET_TOKEN.fullmatch(secret_token):
            raise ApiError.bad_request("bad webhook: secret token contains unallowed characters")
        if drop_pending_updates:
            self._pending.clear()
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates)
        self._stop_delivery()
        self.webhook = Webhook(url, secret_token, max_connections, allowed_updates)
        self._delivery = asyncio.get_running_loop().create_task(self._deliver(self.webhook))
        self._wake()

    def delete_webhook(self, drop_pending_updates: bool) -> None:
        """Stop delivering; pending updates stay for getUpdates unless dropped."""
        self._stop_delivery()
        self.webhook = None
        if drop_pending_updates:
            self._pending.clear()

    def webhook_info(self) -> JSON:
        """Telegram's WebhookInfo."""
        hook = self.webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len([u for u in self._pending if self._is_allowed(u)]),
        }
        if hook:
            info["max_connections"] = hook.max_connections
            if hook.allowed_updates is not None:
                info["allowed_updates"] = hook.allowed_updates
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info

    def _stop_delivery(self) -> None:
        task, self._delivery = self._delivery, None
        if task is not None and not task.done():
            with contextlib.suppress(RuntimeError):  # its loop is gone: so is the task
                task.get_loop().call_soon_threadsafe(task.cancel)

    async def close(self) -> None:
        """Stop the webhook delivery task and wait for it to end."""
        task, self._delivery = self._delivery, None
        if task is not None and not task.done():
            task.cancel()
            if task.get_loop() is asyncio.get_running_loop():
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _deliver(self, hook: Webhook) -> None:
        """POST pending updates as Telegram does: up to `max_connections` at once, but one
        at a time per chat (or user), in order; a failed one is retried after a backoff."""
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        in_flight: dict[int, asyncio.Task[None]] = {}
        self._backoff.clear()
        try:
            async with httpx.AsyncClient(timeout=10.0, trust_env=False) as client:
                while self.webhook is hook:
                    seen = self._version
                    for update in self._ready(in_flight, max(1, hook.max_connections)):
                        in_flight[update["update_id"]] = asyncio.create_task(
                            self._send_one(client, hook, headers, update)
                        )
                    await self._wait(None, seen)
                    for update_id in [i for i, task in in_flight.items() if task.done()]:
                        del in_flight[update_id]
        finally:
            for task in in_flight.values():
                task.cancel()

    def _ready(self, in_flight: dict[int, asyncio.Task[None]], connections: int) -> list[JSON]:
        """Pending updates to send now: the oldest of each chat that is not on its way."""
        self._pending = [u for u in self._pending if self._is_allowed(u)]
        busy = sum(1 for task in in_flight.values() if not task.done())
        chosen: list[JSON] = []
        first_of_chat: set[Any] = set()
        for update in self._pending:
            key = _order_key(update)
            if key in first_of_chat:
                continue  # an earlier update of this chat goes first
            first_of_chat.add(key)
            task = in_flight.get(update["update_id"])
            if task is not None and not task.done():
                continue
            if busy + len(chosen) >= connections:
                break
            chosen.append(dict(update))
        return chosen

    async def _send_one(
        self,
        client: httpx.AsyncClient,
        hook: Webhook,
        headers: dict[str, str],
        update: JSON,
    ) -> None:
        key, backoff = _order_key(update), self._backoff
        try:
            if await self._post(client, hook, headers, update):
                self._pending = [u for u in self._pending if u["update_id"] != update["update_id"]]
                backoff.pop(key, None)
            else:
                pause = backoff.get(key, _FIRST_BACKOFF)
                backoff[key] = min(pause * 2, _MAX_BACKOFF)
                await asyncio.sleep(pause)
        finally:
            self._wake()

    async def _post(
        self, client: httpx.AsyncClient, hook: Webhook, headers: dict[str, str], update: JSON
    ) -> bool:
        try:
            response = await client.post(hook.url, json=update, headers=headers)
        except httpx.HTTPError as exc:
            error = f"Connection failed: {exc.__class__.__name__}"
        else:
            if response.is_success:
                return True
            error = (
                f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}"
            )
        _LOGGER.debug("webhook delivery of update %s failed: %s", update["update_id"], error)
        hook.last_error_date = int(self._clock())
        hook.last_error_message = error
        return False


def _order_key(update: JSON) -> Any:
    """What Telegram keeps in order: the update's chat, else its user, else itself."""
    body = update.get(update_type(update))
    if not isinstance(body, dict):
        return ("update", update["update_id"])
    chat = body.get("chat") or (body.get("message") or {}).get("chat")
    if isinstance(chat, dict) and "id" in chat:
        return ("chat", chat["id"])
    person = body.get("from") or body.get("user")
    if isinstance(person, dict) and "id" in person:
        return ("user", person["id"])
    return ("update", update["update_id"])


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
