"""`kill -9` of the worker halfway a broadcast of 1,000; the other worker finishes it.

The sandbox, PostgreSQL and two `wijkwijzer worker` processes: one leads (the advisory lock),
the other waits. When about half the subscribers have the message, the leader is killed with
SIGKILL. The other worker takes the lock on its next tick and sends what was not claimed at
once; the rows the dead worker had claimed (its batch of up to 100) are settled when their 30 s
lease ends: sent again if their request had not left, counted as sent if it had (the one row
in flight; `bot.delivery.sender`).

So nobody gets the message twice. The only way to miss it is a kill in the instant between the
row's in-flight mark and the request being written; the test allows that for exactly that row,
which then says "unconfirmed", and prints whether it happened.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.delivery.repository import IN_FLIGHT, SENDING, SENT, UNCONFIRMED
from sandbox.processes import stop
from tests.conftest import POSTGRES_URL
from tests.e2e.broadcast_setup import (
    count_in_state,
    delivery_errors,
    delivery_states,
    greet,
    received,
    send_calls,
    start_worker,
    subscribe,
)
from tests.e2e.conftest import Sandbox

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="two workers share the scheduled work through a PostgreSQL advisory lock; "
    "set WIJKWIJZER_TEST_DATABASE_URL",
)
SUBSCRIBERS = list(range(50_000, 51_000))
TEXT = "Let op: de wijktafel van donderdag verhuist naar de bibliotheek."
LEADS = "this process now runs the scheduled work"


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> float:
    """Poll until `condition()` is true; the moment it was (time.time())."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)  # gently: the sandbox and both workers share two cores
    return time.time()


def _leader(workers: dict[Path, subprocess.Popen[str]]) -> Path:
    [lead] = [log for log in workers if LEADS in log.read_text()]
    return lead


def test_kill_9_halfway_a_broadcast_of_1000_the_next_leader_finishes_it(
    sandbox: Sandbox, seeded_database_url: str, tmp_path: Path
) -> None:
    url, wanted = seeded_database_url, set(SUBSCRIBERS)
    greet(sandbox, SUBSCRIBERS)
    subscribe(url, SUBSCRIBERS, TEXT)
    logs = [tmp_path / "worker-a" / "log", tmp_path / "worker-b" / "log"]
    workers = {}
    for log in logs:
        log.parent.mkdir()
        workers[log] = start_worker(sandbox, url, log)
    try:
        _wait(lambda: len(send_calls(sandbox, wanted)) >= 550, 90, "about half, mid-batch")
        lead_log = _leader(workers)
        [rest_log] = [log for log in logs if log != lead_log]
        workers[lead_log].send_signal(signal.SIGKILL)
        workers[lead_log].wait()
        killed_at = time.time()
        states = delivery_states(url)
        in_flight = {chat for chat, state in states.items() if state == IN_FLIGHT}
        claimed = sum(state == SENDING for state in states.values())
        sent_before = sum(state == SENT for state in states.values())
        assert len(in_flight) <= 1  # one request at a time
        assert 450 <= sent_before < 1000

        finished_at = _wait(lambda: count_in_state(url, SENT) == 1000, 90, "all rows sent")
        after_kill = [c for c in send_calls(sandbox, wanted) if float(c["time"]) > killed_at]
        takeover = float(after_kill[0]["time"]) - killed_at
        assert takeover < 60, takeover  # "the next leader finishes it", within a minute
        assert finished_at - killed_at < 60
        assert LEADS in rest_log.read_text()
    finally:
        for process in workers.values():
            stop(process)
    counts = received(sandbox, SUBSCRIBERS, TEXT)
    assert max(counts.values()) == 1  # nobody twice
    missed = {chat for chat, n in counts.items() if n == 0}
    assert missed <= in_flight, missed
    assert {chat for chat, error in delivery_errors(url).items() if error == UNCONFIRMED} >= missed
    print(  # noqa: T201 - the numbers the issue asks for, in the test's output with -s
        f"killed after {sent_before} sent; takeover {takeover:.1f} s; "
        f"done {finished_at - killed_at:.1f} s after the kill; "
        f"claimed at the kill: {claimed}, in flight: {len(in_flight)}; missed: {len(missed)}"
    )
    for log in logs:
        assert "Traceback" not in log.read_text(), log.read_text()
