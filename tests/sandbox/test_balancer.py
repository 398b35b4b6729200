"""The balancer in front of the web processes: round robin, a dead one skipped, no replay."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from sandbox.balancer import Balancer

A, B = "http://web-a", "http://web-b"
SECRET = {"X-Telegram-Bot-Api-Secret-Token": "tok"}


class Backends:
    """Two web processes behind a mock transport; each can be up, refusing or failing."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.secrets: list[str | None] = []
        self.behaviour: dict[str, Callable[[httpx.Request], httpx.Response]] = {
            A: self.ok,
            B: self.ok,
        }

    @staticmethod
    def ok(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200)

    @staticmethod
    def refusing(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    @staticmethod
    def dying(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("server disconnected", request=request)

    def handle(self, request: httpx.Request) -> httpx.Response:
        backend = f"{request.url.scheme}://{request.url.host}"
        self.seen.append(backend)
        self.secrets.append(request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        return self.behaviour[backend](request)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def backends() -> Backends:
    return Backends()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def balancer(backends: Backends, clock: Clock) -> Balancer:
    client = httpx.AsyncClient(transport=httpx.MockTransport(backends.handle))
    return Balancer([A, B], rest_seconds=5.0, clock=clock, client=client)


async def _call(balancer: Balancer) -> int:
    transport = httpx.ASGITransport(app=balancer.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://balancer") as http:
        response = await http.post("/telegram", content=b'{"update_id": 1}', headers=SECRET)
    return response.status_code


async def test_calls_alternate_and_carry_the_secret_token(
    balancer: Balancer, backends: Backends
) -> None:
    assert [await _call(balancer) for _ in range(4)] == [200] * 4
    assert backends.seen == [A, B, A, B]
    assert backends.secrets == ["tok"] * 4
    assert balancer.stats.calls == {A: 2, B: 2}
    assert balancer.stats.failed == 0


async def test_a_dead_web_process_is_skipped_and_rests(
    balancer: Balancer, backends: Backends, clock: Clock
) -> None:
    backends.behaviour[A] = backends.refusing
    assert [await _call(balancer) for _ in range(3)] == [200] * 3
    # A refused once; while it rests every call goes straight to B
    assert backends.seen == [A, B, B, B]
    assert balancer.stats.skipped == 1
    assert balancer.stats.failed == 0

    backends.behaviour[A] = backends.ok  # restarted
    clock.now += 5.1
    backends.seen.clear()
    assert [await _call(balancer) for _ in range(2)] == [200, 200]
    assert sorted(backends.seen) == [A, B]


async def test_a_call_a_web_process_died_on_is_not_replayed(
    balancer: Balancer, backends: Backends
) -> None:
    backends.behaviour[A] = backends.dying
    assert await _call(balancer) == 502  # Telegram delivers it again later
    assert backends.seen == [A]
    assert balancer.stats.failed == 1


async def test_no_web_process_up_gives_502(balancer: Balancer, backends: Backends) -> None:
    backends.behaviour[A] = backends.behaviour[B] = backends.refusing
    assert await _call(balancer) == 502
    assert sorted(backends.seen) == [A, B]


async def test_a_web_process_status_is_passed_on(balancer: Balancer, backends: Backends) -> None:
    backends.behaviour[A] = lambda _request: httpx.Response(503)
    assert await _call(balancer) == 503
    assert balancer.stats.failed == 1


def test_a_balancer_needs_a_web_process() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Balancer([])


async def test_calls_on_their_way_are_counted(balancer: Balancer, backends: Backends) -> None:
    seen_waiting: list[dict[str, int]] = []

    def watching(_request: httpx.Request) -> httpx.Response:
        seen_waiting.append(dict(balancer.stats.in_flight))
        return httpx.Response(200)

    backends.behaviour[A] = watching
    assert await _call(balancer) == 200
    assert seen_waiting == [{A: 1}]
    assert balancer.stats.in_flight == {A: 0}
