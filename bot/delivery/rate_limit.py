"""Every Bot API call paced by PTB's AIORateLimiter, and tried again after a passing failure.

The limiter itself waits out a 429 (`retry_after`) and tries again; it gives up on any other
error. Telegram's 5xx answers and connections that drop are usually gone a moment later, so
those are tried again too, after a short backoff: a reply to a question then still arrives,
and the delivery queue's own (much longer) backoff is left for real outages. A timeout is not
tried again: the request may well have reached Telegram, and sending again could double it.

`on_the_wire` lets a caller hear when its request is about to leave, after every wait (the
delivery queue marks its row then, so a process killed before that point never counts as sent).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]
Hook = Callable[[], Awaitable[None]]
Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


@dataclass(frozen=True)
class WireHooks:
    """Called around each try of a Bot API call: as it leaves, and when it came back failed."""

    leaving: Hook
    failed: Hook


_HOOKS: ContextVar[WireHooks | None] = ContextVar("wire_hooks", default=None)


@contextmanager
def on_the_wire(hooks: WireHooks) -> Iterator[None]:
    """Within this block (this task only), Bot API calls run `hooks` around each try."""
    token = _HOOKS.set(hooks)
    try:
        yield
    finally:
        _HOOKS.reset(token)


def _hooked(callback: Callback, hooks: WireHooks) -> Callback:
    async def call(*args: Any, **kwargs: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
        # runs inside the limiter: every pause and 429 wait is over, the request leaves now
        await hooks.leaving()
        try:
            return await callback(*args, **kwargs)
        except Exception:
            await hooks.failed()
            raise

    return call


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter that also retries 5xx answers and dropped connections with backoff."""

    def __init__(
        self,
        *,
        max_retries: int = 3,
        network_retries: int = 2,
        backoff: float = 0.5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(max_retries=max_retries)
        self.network_retries = network_retries
        self.backoff = backoff
        self.sleep = sleep

    async def process_request(  # noqa: PLR0917 - the signature PTB calls
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Pace the call and wait out 429s (AIORateLimiter), retrying passing network errors."""
        hooks = _HOOKS.get()
        if hooks is not None:
            callback = _hooked(callback, hooks)
        attempt = 0
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, TimedOut):
                # PTB's BadRequest is a NetworkError, but sending it again changes nothing
                raise
            except NetworkError as err:
                if attempt >= self.network_retries:
                    raise
                delay = self.backoff * 2**attempt
                attempt += 1
                log.info("%s failed (%s); trying again in %.1f s", endpoint, err, delay)
                await self.sleep(delay)
