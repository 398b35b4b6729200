"""SandboxRequest's read timeout: its own unless the call gives one (PTB's DEFAULT_NONE)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import TimedOut
from telegram.request import BaseRequest

from sandbox import SandboxCore, SandboxRequest
from sandbox.params import FilePart
from tests.sandbox.support import NOW, TOKEN

URL = f"https://api.telegram.org/bot{TOKEN}/getMe"


class _StuckCore(SandboxCore):
    """A core that never answers: only the read timeout ends a call."""

    async def call(
        self, token: str, method: str, params: dict[str, Any], files: dict[str, FilePart]
    ) -> tuple[int, dict[str, Any]]:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


def _stuck() -> _StuckCore:
    return _StuckCore(clock=lambda: float(NOW))


async def test_a_call_without_a_read_timeout_gets_the_requests_own() -> None:
    # a zero timeout expires at once: no real waiting
    request = SandboxRequest(_stuck(), read_timeout=0)
    with pytest.raises(TimedOut):
        await request.do_request(URL, "POST")
    with pytest.raises(TimedOut):
        await request.do_request(URL, "POST", read_timeout=BaseRequest.DEFAULT_NONE)


async def test_a_read_timeout_given_with_the_call_wins() -> None:
    request = SandboxRequest(_stuck(), read_timeout=None)  # would wait for ever
    with pytest.raises(TimedOut):
        # the outer bound only turns a wrong answer into a failure instead of a hang
        await asyncio.wait_for(request.do_request(URL, "POST", read_timeout=0), 5)
    answering = SandboxRequest(SandboxCore(clock=lambda: float(NOW)), read_timeout=0)
    status, _body = await answering.do_request(URL, "POST", read_timeout=None)
    assert status == 200  # no limit given: the getMe answer arrives
