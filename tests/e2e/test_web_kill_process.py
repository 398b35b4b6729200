"""Two web processes behind a balancer: one is killed (-9) halfway through a sign-up, and the
user finishes on the other, at the right step, with the entry in the moderation queue."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models import OfferSubmission
from bot.db.session import Database
from bot.sandbox.balancer import Balancer, balancer_in_thread
from tests.conftest import POSTGRES_URL
from tests.e2e.conftest import (
    Sandbox,
    _stop,
    db_upgrade,
    free_port,
    start_web,
    wait_healthy,
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


def _wait_confirmed(sandbox: Sandbox, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while sandbox.get("/_sandbox/pending_updates"):
        assert time.monotonic() < deadline, "updates still pending"
        time.sleep(0.02)


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
            _say(sandbox, COR, "/start", "Hoi Cor!")
            _say(sandbox, VERA, "/aanmelden", "Hoe heet je initiatief?")
            _say(sandbox, VERA, "Koffie op Dinsdag", "Wat doen jullie")
            description = "Elke dinsdag koffie en een praatje voor eenzame ouderen in de buurt."
            themes = _say(sandbox, VERA, description, "Over welke thema's")
            _press(sandbox, VERA, themes, "Klaar ▸", "Waar zijn jullie actief?")
            confirm = _say(sandbox, VERA, "Dappurbuurt", "Bedoel je: Dapperbuurt?")
            areas = _press(sandbox, VERA, confirm, "✓ Ja, klopt", "Gekozen gebieden: Dapperbuurt")
            groups = _press(sandbox, VERA, areas, "Klaar ▸", "Voor wie is het vooral?")
            # both web processes took part in the conversation so far
            assert all(balancer.stats.calls.get(backend, 0) >= 3 for backend in backends)
            before_kill = _steps_shown(sandbox, VERA["id"])
            # kill between updates: once the last one was confirmed to Telegram (killed while
            # handling one, the process may have sent its reply but not yet answered 200)
            _wait_confirmed(sandbox)
            calls_before = dict(balancer.stats.calls)

            webs[0].kill()  # SIGKILL: no clean shutdown, no goodbye to Telegram
            webs[0].wait(timeout=15)

            when = _press(sandbox, VERA, groups, "Klaar ▸", "Wanneer?")
            assert "Stap 6 van 9" in when["text"]
            _say(sandbox, VERA, "elke dinsdag 10-12 uur", "Hoe kunnen mensen jullie bereiken?")
            languages = _say(sandbox, VERA, "info@koffiedinsdag.nl", "Welke talen")
            consent = _press(sandbox, VERA, languages, "Klaar ▸", "Mag ik dit publiceren")
            card = _press(sandbox, VERA, consent, "✅ Ja, publiceer het", "Zo zien professionals")
            wait_note = _grows(sandbox, COR["id"], "wacht op goedkeuring")
            _press(sandbox, VERA, card, "✅ Klopt, insturen", "is ingestuurd")
            wait_note()
            queue = _say(sandbox, COR, "/wachtrij", "Wachtrij")

            # the dead process was skipped, and everything after the kill went to the other
            assert balancer.stats.skipped >= 1
            assert balancer.stats.failed == 0
            assert balancer.stats.calls[backends[0]] == calls_before[backends[0]]
        finally:
            logs = [_stop(web) for web in webs]
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
    assert "error while handling" not in log, log  # no update failed on either process
