"""Two web processes behind a balancer: one is killed (-9) halfway through a sign-up while
it holds the user's next step, and the user finishes on the other, at the right step, with
the entry in the moderation queue."""

from __future__ import annotations

import asyncio
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models import OfferSubmission
from bot.db.session import Database
from sandbox.balancer import Balancer, balancer_in_thread
from sandbox.processes import free_port, stop, wait_healthy
from tests.conftest import POSTGRES_URL
from tests.e2e.conftest import (
    Sandbox,
    db_upgrade,
    start_web,
)
from tests.e2e.test_signup_process import COR, VERA, _grows, _press, _say

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="web processes share one database only on PostgreSQL (set WIJKWIJZER_TEST_DATABASE_URL)",
)
STEP = re.compile(r"Stap (\d+) van 9")


def _steps_shown(sandbox: Sandbox, chat_id: int) -> list[int]:
    """The sign-up step numbers of the bot's messages in the chat, oldest first."""
    return [
        int(found.group(1))
        for message in sandbox.messages(chat_id)
        if (found := STEP.search(message.get("text") or ""))
    ]


def _wait_until(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _wait_confirmed(sandbox: Sandbox) -> None:
    """Until no update is pending: every call so far has been answered."""
    _wait_until(lambda: not sandbox.get("/_sandbox/pending_updates"))


async def _submissions(database_url: str, owner_id: int) -> list[tuple[str, Any]]:
    db = Database(database_url)
    try:
        async with db.transaction() as session:
            rows = await session.execute(
                select(OfferSubmission.state, OfferSubmission.data).where(
                    OfferSubmission.owner_id == owner_id
                )
            )
            return [(state, data) for state, data in rows]
    finally:
        await db.dispose()


def _first_five_steps(sandbox: Sandbox) -> dict[str, Any]:
    """Cor (a coordinator) says hello; Vera signs up up to step 5; returns step 5's message."""
    _say(sandbox, COR, "/start", "Hoi Cor!")
    _say(sandbox, VERA, "/aanmelden", "Hoe heet je initiatief?")
    _say(sandbox, VERA, "Koffie op Dinsdag", "Wat doen jullie")
    description = "Elke dinsdag koffie en een praatje voor eenzame ouderen in de buurt."
    themes = _say(sandbox, VERA, description, "Over welke thema's")
    _press(sandbox, VERA, themes, "Klaar ▸", "Waar zijn jullie actief?")
    confirm = _say(sandbox, VERA, "Dappurbuurt", "Bedoel je: Dapperbuurt?")
    areas = _press(sandbox, VERA, confirm, "✓ Ja, klopt", "Gekozen gebieden: Dapperbuurt")
    return _press(sandbox, VERA, areas, "Klaar ▸", "Voor wie is het vooral?")


def _last_steps_and_the_queue(sandbox: Sandbox) -> dict[str, Any]:
    """Vera answers steps 6 to 9 and sends the entry in; returns Cor's /wachtrij."""
    _say(sandbox, VERA, "elke dinsdag 10-12 uur", "Hoe kunnen mensen jullie bereiken?")
    languages = _say(sandbox, VERA, "info@koffiedinsdag.nl", "Welke talen")
    consent = _press(sandbox, VERA, languages, "Klaar ▸", "Mag ik dit publiceren")
    card = _press(sandbox, VERA, consent, "✅ Ja, publiceer het", "Zo zien professionals")
    wait_note = _grows(sandbox, COR["id"], "wacht op goedkeuring")
    _press(sandbox, VERA, card, "✅ Klopt, insturen", "is ingestuurd")
    wait_note()
    return _say(sandbox, COR, "/wachtrij", "Wachtrij")


def test_a_sign_up_continues_on_the_other_web_process_after_a_kill(
    sandbox: Sandbox, seeded_database_url: str, tmp_path: Path
) -> None:
    database_url = seeded_database_url  # as after the release phase of an earlier version
    db_upgrade(database_url, tmp_path)
    balancer_port, ports = free_port(), [free_port(), free_port()]
    hook = f"http://127.0.0.1:{balancer_port}/telegram"
    backends = [f"http://127.0.0.1:{port}" for port in ports]
    balancer = Balancer(backends)
    with balancer_in_thread(balancer, balancer_port):
        webs = [start_web(sandbox, database_url, tmp_path, port, hook) for port in ports]
        try:
            for backend, web in zip(backends, webs, strict=True):
                wait_healthy(backend, web)
            groups = _first_five_steps(sandbox)
            # both web processes took part in the conversation so far
            assert all(balancer.stats.calls.get(backend, 0) >= 3 for backend in backends)
            before_kill = _steps_shown(sandbox, VERA["id"])
            calls_before = dict(balancer.stats.calls)

            # The next step goes to web process 0, frozen so that it holds the call, and is
            # killed (SIGKILL) with the call on its way: the balancer answers 502, the
            # sandbox delivers the step again, and the other process handles it.
            _wait_confirmed(sandbox)
            webs[0].send_signal(signal.SIGSTOP)
            balancer.mark_down(backends[1])  # resting: the frozen one gets the next call
            wait_when = _grows(sandbox, VERA["id"], "Wanneer?")
            sandbox.inject(
                {"user": VERA, "press": {"message_id": groups["message_id"], "button": "Klaar ▸"}}
            )
            _wait_until(lambda: balancer.stats.in_flight.get(backends[0]) == 1)
            webs[0].kill()
            webs[0].wait(timeout=15)
            when = wait_when()
            assert "Stap 6 van 9" in when["text"]
            queue = _last_steps_and_the_queue(sandbox)

            # the call it died on failed; later ones skipped it and went to the other
            assert balancer.stats.failed == 1
            assert balancer.stats.skipped >= 1
            assert balancer.stats.calls[backends[0]] == calls_before[backends[0]]
        finally:
            logs = [stop(web) for web in webs]
    assert "Koffie op Dinsdag" in queue["text"]
    steps = _steps_shown(sandbox, VERA["id"])
    # each step once, in order (4 twice: the area, then "did you mean Dapperbuurt?")
    assert steps == [1, 2, 3, 4, 4, 5, 6, 7, 8, 9], [
        (m["message_id"], (m.get("text") or "")[:60]) for m in sandbox.messages(VERA["id"])
    ]
    assert before_kill[-1] == 5
    [(state, data)] = asyncio.run(_submissions(database_url, VERA["id"]))
    assert state == "pending"
    assert data["name"] == "Koffie op Dinsdag"
    log = "".join(path.read_text() for path in sorted(tmp_path.glob("web-*.log"))) + "".join(logs)
    assert "error while handling update" not in log, log  # no update failed on either process
