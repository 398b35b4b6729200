"""The event loop of a long-running process (web, worker, sandbox)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

LOOP_FACTORY: Callable[[], asyncio.AbstractEventLoop] | None
try:
    from uvloop import new_event_loop as LOOP_FACTORY  # noqa: N812 - the loop factory
except ImportError:  # optional: absent on Windows
    LOOP_FACTORY = None


def run_serving(main: Coroutine[Any, Any, None]) -> None:
    """Run a serving process on uvloop where it is installed: its libuv event loop does the
    many small network reads and writes of a busy bot faster than asyncio's own loop."""
    with asyncio.Runner(loop_factory=LOOP_FACTORY) as runner:
        runner.run(main)
