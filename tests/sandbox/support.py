"""Constants and helpers shared by the sandbox tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sandbox import SandboxCore
from sandbox.params import decode_params, encode_form

TOKEN = "123:ABC"
NOW = 1_795_000_000
ANNA = {"id": 1001, "first_name": "Anna", "language_code": "nl"}
BERT = {"id": 1002, "first_name": "Bert", "language_code": "en"}
GROUP = {"id": -2001, "type": "group", "title": "Wijktafel"}
KEYBOARD = {
    "inline_keyboard": [
        [{"text": "Ja", "callback_data": "yes"}, {"text": "Nee", "callback_data": "no"}],
        [{"text": "Website", "url": "https://example.org"}],
    ]
}
# The smallest valid PNG header: 3 x 2 pixels.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x03\x00\x00\x00\x02\x08\x02\x00\x00\x00"


async def api(core: SandboxCore, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """Call the core the way PTB's form encoding and the shared decoder would."""
    return await core.call(TOKEN, method, decode_params(encode_form(params)), {})


async def ok(core: SandboxCore, method: str, **params: Any) -> Any:
    """The result of a call that must succeed."""
    status, body = await api(core, method, **params)
    assert status == 200, body
    return body["result"]


async def error(core: SandboxCore, method: str, **params: Any) -> tuple[int, str]:
    """Status and description of a call that must fail."""
    status, body = await api(core, method, **params)
    assert status != 200, body
    assert body["ok"] is False
    assert body["error_code"] == status
    return status, body["description"]


def start(core: SandboxCore, user: dict[str, Any] = ANNA) -> dict[str, Any]:
    """The user writes /start, so the private chat exists."""
    return core.inject({"user": user, "text": "/start"})


async def eventually(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait until a condition about another task's work holds, checking every 10 ms."""
    for _ in range(int(seconds * 100)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")
