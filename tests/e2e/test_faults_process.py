"""Telegram failing under load: 429s, 500s and dropped connections during a broadcast and a reply.

`wijkwijzer run` against the sandbox (on SQLite, and on PostgreSQL in CI's second run). The
coordinator sends a `/bericht` to 240 subscribers (four of whom blocked the bot); while it goes
out the sandbox makes sendMessage fail: a 429 with retry_after, two 500s, two dropped
connections. Everyone gets the message once, the bot waits out the 429 and backs off after the
others, and the coordinator's report counts right. Then a question asked while sendMessage
answers a 429, a 500 and a dropped connection in a row is still answered, once.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.delivery.repository import BLOCKED, SENT
from sandbox.processes import stop
from tests.e2e.broadcast_setup import (
    TABLE,
    count_in_state,
    drop_pending_updates,
    greet,
    received,
    send_calls,
    subscribe,
)
from tests.e2e.conftest import ADMIN_ID, Sandbox, start_bot
from tests.e2e.test_signup_process import _press, _say

COR: dict[str, Any] = {"id": ADMIN_ID, "first_name": "Cor", "language_code": "nl"}
ANNA: dict[str, Any] = {"id": 1001, "first_name": "Anna", "language_code": "nl"}
SUBSCRIBERS = list(range(60_000, 60_240))
BLOCKED_CHATS = SUBSCRIBERS[10:200:50]  # four of them
TEXT = "De wijktafel van donderdag begint een half uur later."
QUESTION = "wie doet iets tegen eenzaamheid in de Indische Buurt?"


def _fault(sandbox: Sandbox, **fault: Any) -> float:
    """Make the next sendMessage calls fail; the moment just before (sandbox clock)."""
    before = time.time()
    response = sandbox.http.post("/_sandbox/faults", json={"method": "sendMessage", **fault})
    response.raise_for_status()
    return before


def _retried(sandbox: Sandbox, since: float, chats: set[int]) -> list[float]:
    """The call times to the first chat tried more than once since `since` (the faulted one)."""
    times: dict[int, list[float]] = defaultdict(list)
    for call in send_calls(sandbox, chats):
        if float(call["time"]) >= since:
            times[int(call["chat_id"])].append(float(call["time"]))
    again = [chat_times for chat_times in times.values() if len(chat_times) > 1]
    assert again, f"no chat was tried again after {since}"
    return min(again, key=lambda chat_times: chat_times[0])


def _progress(sandbox: Sandbox, chats: set[int], at_least: int) -> None:
    deadline = time.monotonic() + 60
    while len(send_calls(sandbox, chats)) < at_least:
        assert time.monotonic() < deadline, f"fewer than {at_least} sends"
        time.sleep(0.05)


def test_a_broadcast_and_a_reply_survive_429_500_and_dropped_connections(
    sandbox: Sandbox, seeded_database_url: str, tmp_path: Path
) -> None:
    url, chats = seeded_database_url, set(SUBSCRIBERS)
    greet(sandbox, SUBSCRIBERS)
    drop_pending_updates(sandbox)
    for chat_id in BLOCKED_CHATS:
        sandbox.http.post("/_sandbox/block", json={"user_id": chat_id}).raise_for_status()
    subscribe(url, SUBSCRIBERS)
    log = tmp_path / "bot.log"
    bot = start_bot(sandbox, url, tmp_path, log)
    try:
        preview = _say(sandbox, COR, f"/bericht 1 {TEXT}", "Voorbeeld: zo krijgen de 240")
        _press(sandbox, COR, preview, "Versturen", "Het bericht gaat naar 240 ontvangers")

        _progress(sandbox, chats, 40)
        too_many = _fault(sandbox, error_code=429, retry_after=2)
        _progress(sandbox, chats, 90)
        server_error = _fault(sandbox, error_code=500, times=2)
        _progress(sandbox, chats, 140)
        dropped = _fault(sandbox, error_code=0, drop=True, times=2)

        deadline = time.monotonic() + 120
        while count_in_state(url, SENT) + count_in_state(url, BLOCKED) < len(SUBSCRIBERS):
            assert time.monotonic() < deadline, "the broadcast did not finish"
            time.sleep(0.2)
        # the report job runs every minute: wait for it
        report = sandbox.wait_for(
            ADMIN_ID, lambda ms: any("📬" in (m.get("text") or "") for m in ms), timeout=90
        )[-1]
        assert report["text"] == (
            f"📬 Je bericht aan {TABLE} is verstuurd: 236 verstuurd, 0 mislukt, 4 geblokkeerd."
        )

        counts = received(sandbox, SUBSCRIBERS, TEXT)
        assert {chat for chat, n in counts.items() if n == 0} == set(BLOCKED_CHATS)
        assert {n for chat, n in counts.items() if chat not in BLOCKED_CHATS} == {1}

        # 429: the same chat again only after retry_after (the limiter holds every call)
        first, again = _retried(sandbox, too_many, chats)[:2]
        assert again - first >= 2.0
        # 500 and dropped connections: tried again after 0.5 s, then 1 s
        for since in (server_error, dropped):
            tries = _retried(sandbox, since, chats)
            assert len(tries) == 3, tries
            assert tries[1] - tries[0] >= 0.5
            assert tries[2] - tries[1] >= 1.0

        # a question while sendMessage fails: answered once
        _fault(sandbox, error_code=429, retry_after=1)
        _fault(sandbox, error_code=500)
        _fault(sandbox, error_code=0, drop=True)
        sandbox.inject({"user": ANNA, "text": QUESTION})
        [answer] = sandbox.wait_for(ANNA["id"], bool)
        assert "Waarom:" in answer["text"]  # the answer's cards, not the apology
        # a later reply comes next to it: by then a second copy would have shown
        help_reply = _say(sandbox, ANNA, "/help", "/")
        assert [m["message_id"] for m in sandbox.messages(ANNA["id"])] == [
            answer["message_id"],
            help_reply["message_id"],
        ]
    finally:
        stop(bot)
    assert "Traceback" not in log.read_text(), log.read_text()
