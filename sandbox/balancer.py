"""A small load balancer: one webhook URL in front of several web processes.

Telegram (and the sandbox) posts every update to one URL, so running two web processes
needs something in front of them. This one does what a load balancer does with default
settings, enough for the load benchmark and the fault tests:

- round robin over the web processes;
- a web process that refuses the connection (not running) is skipped: the call goes to the
  next one, and the dead one rests for a while before it is tried again;
- a web process that took the call and then failed (died mid-update) is not asked again for
  that call: the balancer answers 502 and Telegram delivers the update again, as it would
  after any failed call (POST is not idempotent, so a load balancer does not replay it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# Telegram's headers (the webhook's secret token) go through; the rest is the balancer's own.
_PASSED_HEADER_PREFIX = "x-telegram"


@dataclass
class BalancerStats:
    """What went through the balancer since the last reset."""

    calls: dict[str, int] = field(default_factory=dict)  # answered calls per web process
    latencies: list[float] = field(default_factory=list)  # seconds per answered call
    failed: int = 0  # calls answered with anything but 200 (or not answered at all)
    skipped: int = 0  # times a web process refused the connection and the next one got it
    in_flight: dict[str, int] = field(default_factory=dict)  # calls waiting for an answer


class Balancer:
    """Round robin over `backends` (base URLs), skipping one that is down."""

    def __init__(
        self,
        backends: list[str],
        path: str = "/telegram",
        *,
        rest_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        if not backends:
            raise ValueError("a balancer needs at least one web process")
        self.backends = list(backends)
        self.path = path
        self.rest_seconds = rest_seconds
        self.stats = BalancerStats()
        self.app = Starlette(routes=[Route(path, self.forward, methods=["POST"])])
        self._clock = clock
        self._turn = 0
        self._down_until: dict[str, float] = {}
        self._client = client  # made in the serving loop when not given

    def order(self) -> list[str]:
        """The web processes to try for the next call: round robin, resting ones last."""
        start = self._turn % len(self.backends)
        self._turn += 1
        rotated = self.backends[start:] + self.backends[:start]
        now = self._clock()
        return sorted(rotated, key=lambda backend: self._down_until.get(backend, 0.0) > now)

    def mark_down(self, backend: str) -> None:
        """Let a web process rest: it is tried only when the others are down too."""
        self._down_until[backend] = self._clock() + self.rest_seconds

    async def forward(self, request: Request) -> Response:
        """Pass Telegram's call on and answer with the web process's status."""
        body = await request.body()
        headers = {
            key: value
            for key, value in request.headers.items()
            if key.lower().startswith(_PASSED_HEADER_PREFIX)
        }
        headers["Content-Type"] = "application/json"
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=30, trust_env=False)
        for backend in self.order():
            started = time.perf_counter()
            waiting = self.stats.in_flight
            waiting[backend] = waiting.get(backend, 0) + 1
            try:
                answer = await self._client.post(
                    f"{backend}{self.path}", content=body, headers=headers
                )
            except httpx.ConnectError:
                self.mark_down(backend)
                self.stats.skipped += 1
                continue
            except httpx.HTTPError:
                # it took the call and failed on it: Telegram redelivers, possibly elsewhere
                self.mark_down(backend)
                self.stats.failed += 1
                return Response(status_code=502)
            finally:
                waiting[backend] -= 1
            self.stats.latencies.append(time.perf_counter() - started)
            self.stats.calls[backend] = self.stats.calls.get(backend, 0) + 1
            if answer.status_code != 200:
                self.stats.failed += 1
            return Response(status_code=answer.status_code)
        self.stats.failed += 1
        return Response(status_code=502)

    async def aclose(self) -> None:
        """Close the connections to the web processes."""
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    def server(self, port: int, host: str = "127.0.0.1") -> uvicorn.Server:
        """A uvicorn server for the balancer (serve it in a running event loop)."""
        config = uvicorn.Config(self.app, host=host, port=port, log_level="warning", lifespan="off")
        return uvicorn.Server(config)


@contextlib.contextmanager
def balancer_in_thread(balancer: Balancer, port: int, timeout: float = 10.0) -> Iterator[str]:
    """Serve the balancer on 127.0.0.1:port from a thread (for synchronous callers such as
    tests); yields its base URL once it listens, and stops it when the block ends."""
    server = balancer.server(port)

    async def serve() -> None:
        try:
            await server.serve()
        finally:
            await balancer.aclose()

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the balancer did not start on port {port}")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def main(argv: list[str] | None = None) -> int:
    """`python -m sandbox.balancer --port 8080 http://127.0.0.1:8081 http://…:8082`."""
    parser = argparse.ArgumentParser(description="round-robin balancer for web processes")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/telegram", help="the webhook URL's path")
    parser.add_argument("backends", nargs="+", help="base URLs of the web processes")
    args = parser.parse_args(argv)
    balancer = Balancer(args.backends, args.path)

    async def serve() -> None:
        try:
            await balancer.server(args.port).serve()
        finally:
            await balancer.aclose()

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
