"""Fixtures: a sandbox core, its HTTP server, and PTB bots over either transport."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from sandbox import SandboxCore, SandboxRequest, serve
from sandbox.server import SandboxServer
from tests.sandbox.support import NOW, TOKEN


@pytest.fixture
def core() -> SandboxCore:
    """A fresh sandbox whose clock stands still."""
    return SandboxCore(clock=lambda: float(NOW))


@pytest.fixture
async def server(core: SandboxCore) -> AsyncIterator[SandboxServer]:
    """The sandbox's HTTP server on a free port."""
    running = await serve(core)
    yield running
    await running.close()
    await core.close()


@pytest.fixture
async def http_bot(server: SandboxServer) -> AsyncIterator[Bot]:
    """A PTB bot talking HTTP (PTB's default HTTPXRequest) to the sandbox."""
    bot = Bot(TOKEN, base_url=f"{server.url}/bot", base_file_url=f"{server.url}/file/bot")
    async with bot:
        yield bot


@pytest.fixture
async def local_bot(core: SandboxCore) -> AsyncIterator[Bot]:
    """A PTB bot using the in-process transport."""
    bot = Bot(TOKEN, request=SandboxRequest(core), get_updates_request=SandboxRequest(core))
    async with bot:
        yield bot
    await core.close()


@pytest.fixture(params=["in-process", "http"])
def bot(request: pytest.FixtureRequest) -> Bot:
    """The same tests over both transports."""
    fixture = "local_bot" if request.param == "in-process" else "http_bot"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]
