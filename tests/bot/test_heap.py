"""A serving process keeps the matcher's index out of the collector's full passes."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot import heap
from bot.__main__ import main
from bot.config import Settings
from bot.web import public


@pytest.fixture
def enabled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(heap, "_enabled", False)  # restored after the test
    heap.enable()
    try:
        yield
    finally:
        gc.unfreeze()


def test_off_by_default_so_tests_and_commands_pay_nothing() -> None:
    before = gc.get_freeze_count()
    heap.settle()
    assert gc.get_freeze_count() == before


def test_settling_freezes_what_is_alive_and_collects_the_rest(enabled: None) -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    alive = [Node() for _ in range(100)]
    heap.settle()
    frozen = gc.get_freeze_count()
    assert frozen >= len(alive)
    alive.clear()  # the old index goes away when a new one is built...
    heap.settle()  # ...and the next settle unfreezes, collects it and freezes the rest
    assert gc.get_freeze_count() < frozen


def test_wijkwijzer_web_settles_the_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_enabled", False)  # restored after the test
    served: list[int] = []

    async def serve(_settings: Settings, port: int, **_kwargs: object) -> None:
        served.append(port)

    monkeypatch.setattr(public, "serve_public", serve)
    assert main(["web", "--port", "0"]) == 0
    assert served == [0]
    assert heap._enabled  # the switch this command must turn on
