"""The sandbox core: one in-memory Telegram that both transports (in-process and HTTP) share."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from sandbox import api_chats, api_messages
from sandbox.api import ApiCall, Handler, SandboxEvent
from sandbox.errors import ApiError, DroppedConnection, SandboxError
from sandbox.feed import UpdateFeed
from sandbox.inject import build_update
from sandbox.params import FilePart, Params, decode_params
from sandbox.world import JSON, Counters, StoredFile, World

__all__ = ["SandboxCore", "SandboxError", "decode_params"]

_LOGGER = logging.getLogger(__name__)
_TOKEN = re.compile(r"(\d+):(.+)")
# The bot's id before it made its first call (which tells the id through its token).
_DEFAULT_BOT_ID = 1
_MAX_UPDATES = 100
_DEFAULT_MAX_CONNECTIONS = 40

Listener = Callable[[SandboxEvent], None]


@dataclass
class _Fault:
    """The next ``remaining`` calls of a method fail like this."""

    error: ApiError | None  # None: drop the connection
    remaining: int


def _fault_error(error_code: int, retry_after: int | None, description: str | None) -> ApiError:
    if error_code == HTTPStatus.TOO_MANY_REQUESTS:
        seconds = retry_after or 1
        text = description or f"Too Many Requests: retry after {seconds}"
        return ApiError(error_code, text, {"retry_after": seconds})
    if not 400 <= error_code <= 599:
        raise SandboxError("error_code must be 429, another 4xx/5xx code, or 0 to drop")
    return ApiError(error_code, description or HTTPStatus(error_code).phrase)


class SandboxCore:
    """Users, chats, messages and updates, answering Bot API calls as Telegram does."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        bot_username: str = "wijkwijzer_bot",
        bot_first_name: str = "Wijkwijzer",
        bot_id: int | None = None,
    ) -> None:
        self._clock = clock
        self._counters = Counters()
        self._world = World(self._counters, bot_id or _DEFAULT_BOT_ID, bot_username, bot_first_name)
        self._feed = UpdateFeed(clock)
        self._faults: dict[str, list[_Fault]] = {}
        self._calls: list[JSON] = []
        self._listeners: list[Listener] = []
        handlers: dict[str, Handler] = {
            **api_messages.METHODS,
            **api_chats.METHODS,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }
        self._methods = {name.lower(): (name, handler) for name, handler in handlers.items()}

    @property
    def bot_id(self) -> int:
        """The bot's user id, learnt from the token of the latest call."""
        return self._world.bot_id

    # --- the Bot API side -------------------------------------------------------------------

    async def call(
        self, token: str, method: str, params: dict[str, Any], files: dict[str, FilePart]
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call: the HTTP status and Telegram's JSON body."""
        token_match = _TOKEN.fullmatch(token)
        if token_match is None:
            return 401, ApiError(401, "Unauthorized").body()
        self._world.bot_id = int(token_match.group(1))
        name, handler = self._methods.get(method.lower(), (method, None))
        self._calls.append(
            {"method": name, "chat_id": params.get("chat_id"), "time": self._clock()}
        )
        _LOGGER.debug("Bot API call %s(%s)", name, ", ".join(sorted(params)))
        fault = self._take_fault(name.lower())
        if fault is not None:
            if fault.error is None:
                raise DroppedConnection(name)
            return fault.error.error_code, fault.error.body()
        if handler is None:
            return 400, ApiError.bad_request(f"method not supported: {method}").body()
        call = ApiCall(self._world, Params(params, files), int(self._clock()))
        try:
            result = await handler(call)
        except ApiError as exc:
            return exc.error_code, exc.body()
        except Exception:
            # A bug in the sandbox: answer like a broken server instead of hanging the bot.
            _LOGGER.exception("sandbox failed in %s", name)
            return 500, ApiError(500, "Internal Server Error: sandbox bug, see its log").body()
        self._announce(call.events)
        return 200, {"ok": True, "result": result}

    async def _get_updates(self, call: ApiCall) -> list[JSON]:
        params = call.params
        limit = min(max(params.opt_int("limit") or _MAX_UPDATES, 1), _MAX_UPDATES)
        timeout = params.opt_float("timeout") or 0.0
        allowed = params.opt_list("allowed_updates")
        return await self._feed.get_updates(params.opt_int("offset"), limit, timeout, allowed)

    async def _set_webhook(self, call: ApiCall) -> bool:
        params = call.params
        self._feed.set_webhook(
            url=params.opt_str("url") or "",
            secret_token=params.opt_str("secret_token"),
            max_connections=params.opt_int("max_connections") or _DEFAULT_MAX_CONNECTIONS,
            allowed_updates=params.opt_list("allowed_updates"),
            drop_pending_updates=params.flag("drop_pending_updates"),
        )
        return True

    async def _delete_webhook(self, call: ApiCall) -> bool:
        self._feed.delete_webhook(call.params.flag("drop_pending_updates"))
        return True

    async def _get_webhook_info(self, call: ApiCall) -> JSON:
        return self._feed.webhook_info()

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.pop(0)
        return fault

    def _announce(self, events: list[SandboxEvent]) -> None:
        for event in events:
            for listener in list(self._listeners):
                try:
                    listener(event)
                except Exception:
                    _LOGGER.exception("sandbox listener failed on %s", event.kind)

    # --- the users' side --------------------------------------------------------------------

    def inject(self, payload: dict[str, Any], *, queue: bool = True) -> dict[str, Any]:
        """Build the update a user's action causes; queue it for the bot unless queue=False."""
        body = build_update(self._world, payload, int(self._clock()))
        self._counters.update_id += 1
        update = {"update_id": self._counters.update_id, **body}
        if queue:
            self._feed.push(copy.deepcopy(update))
        return update

    def messages(self, chat_id: int, after: int = 0) -> list[dict[str, Any]]:
        """The bot's messages in a chat after message id ``after``, oldest first."""
        return self._world.bot_messages(chat_id, after)

    async def wait_for_messages(
        self, chat_id: int, after: int = 0, seconds: float = 0.0
    ) -> list[dict[str, Any]]:
        """Like `messages`, but when there are none yet, wait up to ``seconds`` for
        the bot to send one there (a long poll: test drivers need not poll every few ms)."""
        found = self.messages(chat_id, after)
        if found or seconds <= 0:
            return found
        arrived = asyncio.Event()

        def on_event(event: SandboxEvent) -> None:
            if event.chat_id == chat_id and event.kind == "message":
                arrived.set()

        unsubscribe = self.listen(on_event)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), seconds)
        finally:
            unsubscribe()
        return self.messages(chat_id, after)

    def last_user_message_id(self, chat_id: int, user_id: int | None = None) -> int:
        """The id of the newest message users (or that one user) sent in a chat; 0 when none."""
        chat = self._world.chats.get(chat_id)
        ids = [
            message_id
            for message_id, stored in (chat.messages.items() if chat else [])
            if not stored.from_bot and (user_id is None or stored.data["from"]["id"] == user_id)
        ]
        return max(ids, default=0)

    def inline_answers(self, user_id: int) -> dict[str, Any]:
        """The bot's last answerInlineQuery for a user (``results`` empty when none)."""
        empty: dict[str, Any] = {
            "inline_query_id": None,
            "query": None,
            "results": [],
            "next_offset": "",
        }
        return copy.deepcopy(self._world.inline_answers.get(user_id, empty))

    def callback_answers(self, user_id: int) -> list[dict[str, Any]]:
        """What answerCallbackQuery said to a user, oldest first."""
        return copy.deepcopy(self._world.callback_answers.get(user_id, []))

    def commands(
        self,
        scope_type: str | None = None,
        chat_id: int | None = None,
        language_code: str = "",
        user_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """What setMyCommands stored for exactly this scope and language."""
        key = api_chats.command_key(scope_type, chat_id, user_id, language_code)
        return copy.deepcopy(self._world.commands.get(key, []))

    def file(self, file_id: str) -> StoredFile | None:
        """A file the bot sent, with its name and MIME type."""
        return self._world.files.get(file_id)

    def file_bytes(self, file_id: str) -> bytes | None:
        """The content of a file the bot sent."""
        stored = self.file(file_id)
        return stored.content if stored else None

    def block(self, user_id: int) -> None:
        """From now on, writing to this user fails with 403 "bot was blocked by the user"."""
        self._world.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """Undo :meth:`block`."""
        self._world.blocked.discard(user_id)

    def add_fault(
        self,
        method: str,
        error_code: int,
        retry_after: int | None = None,
        times: int = 1,
        *,
        drop: bool = False,
        description: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of a method fail (error_code 0 or drop: no answer)."""
        entry = self._methods.get(method.lower()) if isinstance(method, str) else None
        if entry is None:
            raise SandboxError(f"unknown Bot API method {method!r}")
        if not isinstance(times, int) or times < 1:
            raise SandboxError("times must be a positive integer")
        if retry_after is not None and (not isinstance(retry_after, int) or retry_after < 1):
            raise SandboxError("retry_after must be a positive integer")
        dropped = drop or error_code == 0
        error = None if dropped else _fault_error(error_code, retry_after, description)
        self._faults.setdefault(entry[0].lower(), []).append(_Fault(error, times))

    def calls(self) -> list[dict[str, Any]]:
        """Every Bot API call received: method, chat_id and time (seconds, with fractions)."""
        return copy.deepcopy(self._calls)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot."""
        return self._feed.pending()

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` on each message, edit, deletion or answer; returns an unsubscriber."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def reset(self) -> None:
        """Empty everything; ids keep counting, so a running bot's getUpdates offset stays valid."""
        world = self._world
        self._world = World(self._counters, world.bot_id, world.bot_username, world.bot_first_name)
        self._feed.clear()
        self._faults.clear()
        self._calls.clear()

    async def close(self) -> None:
        """Stop background work (webhook delivery)."""
        await self._feed.close()
