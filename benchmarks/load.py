"""Load: simulated users against two webhook web processes on PostgreSQL.

Run: python -m benchmarks.load [--users 20 200] [--seconds 20] [--think 1.0] [--warmup 5]
                               [--database-url URL]

Set-up, all on 127.0.0.1: a throwaway PostgreSQL (or --database-url), `wijkwijzer db
upgrade`, the Bot API sandbox, two `wijkwijzer run` web processes in webhook mode, and the
sandbox's round-robin balancer (`sandbox/balancer.py`) in this process as their one
webhook URL. The sandbox delivers like Telegram: up to 40 updates at once, one at a time
per chat.

Each simulated user asks a question, waits for the answer, reads it, presses "🔎 1" for the
details, waits for them, reads, and starts again, for the given seconds. "Reads" is a pause
of --think seconds on average (uniformly 0.5 to 1.5 times it, from a fixed seed per user);
the users also start spread over the first such pause. --think 0 makes every user act the
moment an answer appears, all at once: that measures saturation rather than people. Flood
control is raised for the run (it measures capacity, not the per-user limit). Before the
first step, --warmup seconds of the first step's load go unmeasured (new processes open
database connections and prepare statements on their first requests).
Reported per step of users:

- reply latency (p50/p95/p99): how long a web process took to handle one update, answer
  sent included — measured at the balancer, from forwarding Telegram's call to its 200;
- end-to-end latency: from the user's action to the bot's message appearing in the sandbox
  (includes the sandbox's queue; the users wait with a long poll on the sandbox);
- throughput (user actions answered per second), errors (non-200 calls, apologies) and
  answers: late (not within the user's 15 s wait, but there once the run drained) and lost
  (never answered, or still in the sandbox at the end).

Targets (issue 8): p95 reply latency <= 150 ms at 20 users with zero errors; at 200 users
no errors and no lost update. The numbers are printed; the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks import processes
from bot.loop import run_serving
from sandbox.balancer import Balancer, BalancerStats
from sandbox.processes import free_port, stop, wait_healthy

TOKEN = "4242:load-benchmark"  # noqa: S105 - the sandbox accepts any token
QUESTIONS = (
    "wie doet iets tegen eenzaamheid in de Indische Buurt?",
    "taalcafé Osdorp",
    "debt help Dapperbuurt",
    "buurtteam oost",
    "mantelzorg west",
    "huiswerkbegeleiding nieuw-west",
    "bibliotheek noord",
    "ouderen ontmoeten zuidoost",
)
APOLOGY = "er ging aan mijn kant iets mis"
WAIT_SECONDS = 15.0


@dataclass
class Stats:
    """What one step of the run measured."""

    end_to_end: list[float] = field(default_factory=list)
    answered: int = 0
    errors: int = 0
    # (chat, last message id seen) of each action the user stopped waiting for
    missing: list[tuple[int, int]] = field(default_factory=list)


class Users:
    """Simulated users talking to the bot through the sandbox's control API."""

    def __init__(self, sandbox: str, stats: Stats, think: float) -> None:
        # Each user holds a long poll open: httpx's default of 100 connections would make
        # users beyond the 100th wait for someone else's poll to end before they could act.
        unlimited = httpx.Limits(max_connections=None, max_keepalive_connections=None)
        self.http = httpx.AsyncClient(
            base_url=sandbox, timeout=30, trust_env=False, limits=unlimited
        )
        self.stats = stats
        self.think = think

    async def pending_after_drain(self) -> list[Any]:
        """Updates still in the sandbox once calls on their way back have returned."""
        pending: list[Any] = []
        for _ in range(int(WAIT_SECONDS / 0.1)):
            pending = (await self.http.get("/_sandbox/pending_updates")).json()
            if not pending:
                break
            await asyncio.sleep(0.1)
        return pending

    async def _inject(self, payload: dict[str, Any]) -> None:
        (await self.http.post("/_sandbox/updates", json=payload)).raise_for_status()

    async def _new(self, chat_id: int, after: int) -> list[dict[str, Any]]:
        # One long poll: the sandbox answers as soon as the bot's message is there.
        params = {"chat_id": chat_id, "after": after, "wait": WAIT_SECONDS}
        messages: list[dict[str, Any]] = (
            await self.http.get("/_sandbox/messages", params=params)
        ).json()
        if not messages:
            self.stats.missing.append((chat_id, after))
        return messages

    async def late_and_lost(self) -> tuple[int, int]:
        """Of the actions nobody waited for any longer: answered after all, and never."""
        late = 0
        for chat_id, after in self.stats.missing:
            params = {"chat_id": chat_id, "after": after}
            late += bool((await self.http.get("/_sandbox/messages", params=params)).json())
        return late, len(self.stats.missing) - late

    async def _act(self, user: dict[str, Any], payload: dict[str, Any], after: int) -> list[Any]:
        started = time.perf_counter()
        await self._inject({"user": user, **payload})
        new = await self._new(user["id"], after)
        if new:
            self.stats.end_to_end.append(time.perf_counter() - started)
            self.stats.answered += 1
            if any(APOLOGY in (m.get("text") or "") for m in new):
                self.stats.errors += 1
        return new

    async def run(self, number: int, until: float) -> None:
        """One user's loop: a question, read, the first details, read, again."""
        user = {"id": 700_000 + number, "first_name": f"U{number}", "language_code": "nl"}
        pace = random.Random(number)  # a fixed seed per user: the same pauses every run
        if self.think > 0:  # people do not all press enter in the same millisecond
            await asyncio.sleep(pace.uniform(0, self.think))
        after, turn = 0, number
        while time.monotonic() < until:
            question = QUESTIONS[turn % len(QUESTIONS)]
            turn += 1
            answer = await self._act(user, {"text": question}, after)
            if not answer:
                continue
            after = answer[-1]["message_id"]
            details = _button(answer[0], "🔎 1")
            if details is None:
                continue
            await self._read(pace)
            press = {"press": {"message_id": answer[0]["message_id"], "data": details}}
            shown = await self._act(user, press, after)
            if shown:
                after = shown[-1]["message_id"]
            await self._read(pace)

    async def _read(self, pace: random.Random) -> None:
        if self.think > 0:
            await asyncio.sleep(self.think * pace.uniform(0.5, 1.5))


def _button(message: dict[str, Any], label: str) -> str | None:
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if button.get("text") == label:
                return str(button.get("callback_data"))
    return None


def _percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return " / ".join(f"{cuts[p - 1] * 1000:.0f}" for p in (50, 95, 99)) + " ms"


@contextlib.contextmanager
def _database(url: str | None) -> Iterator[str]:
    if url:
        yield url
    else:
        with processes.postgres() as started:
            yield started


async def _warm_up(sandbox: str, users: int, seconds: float, think: float) -> None:
    people = Users(sandbox, Stats(), think)
    until = time.monotonic() + seconds
    await asyncio.gather(*(people.run(n + 999_000, until) for n in range(users)))
    await people.pending_after_drain()
    await people.http.aclose()


async def _step(
    balancer: Balancer, sandbox: str, users: int, seconds: float, think: float
) -> Stats:
    stats = Stats()
    calls = balancer.stats = BalancerStats()
    people = Users(sandbox, stats, think)
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(people.run(n + users * 1000, until) for n in range(users)))
    took = time.monotonic() - started
    # calls still on their way back count as delivered once they return
    pending = await people.pending_after_drain()
    late, lost = await people.late_and_lost()
    await people.http.aclose()
    print(f"\n{users} users, {took:.1f} s, pausing {think:g} s on average between actions")
    print(f"  user actions answered : {stats.answered} ({stats.answered / took:.1f}/s)")
    print(f"  reply latency p50/p95/p99 : {_percentiles(calls.latencies)}")
    print(f"  end-to-end p50/p95/p99    : {_percentiles(stats.end_to_end)}")
    errors = stats.errors + calls.failed
    print(f"  errors: {errors} (apologies {stats.errors}, failed calls {calls.failed})")
    print(f"  late answers (after 15 s): {late}")
    print(f"  lost: {lost} never answered, {len(pending)} left in the sandbox")
    return stats


async def _run(args: argparse.Namespace, database: str, folder: Path) -> None:
    env = processes.environment(WIJKWIJZER_DATABASE_URL=database, WIJKWIJZER_TELEGRAM_TOKEN=TOKEN)
    upgrade = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "db", "upgrade", env=env, cwd=folder
    )
    await upgrade.wait()
    sandbox = processes.start(["sandbox", "--port", "0"], env, folder / "sandbox.log")
    assert sandbox.stdout is not None  # noqa: S101 - started with a pipe
    sandbox_url = sandbox.stdout.readline().strip().split(" ", 1)[1]
    balancer_port = free_port()
    ports = [free_port(), free_port()]
    webs = [
        processes.start(
            ["run"],
            env
            | {
                "WIJKWIJZER_TELEGRAM_BASE_URL": f"{sandbox_url}/bot",
                "WIJKWIJZER_WEBHOOK_URL": f"http://127.0.0.1:{balancer_port}/telegram",
                "WIJKWIJZER_PORT": str(port),
                "WIJKWIJZER_FLOOD_PER_MINUTE": "100000",
            },
            folder / f"web{n}.log",
        )
        for n, port in enumerate(ports)
    ]
    balancer = Balancer([f"http://127.0.0.1:{port}" for port in ports])
    server = balancer.server(balancer_port)
    serving = asyncio.create_task(server.serve())
    try:
        for port, web in zip(ports, webs, strict=True):
            try:
                await asyncio.to_thread(wait_healthy, f"http://127.0.0.1:{port}", web, 90)
            except RuntimeError as err:
                raise SystemExit(f"{err}; see the logs in {folder}") from err
        print(f"2 web processes on PostgreSQL, sandbox {sandbox_url}, logs in {folder}")
        if args.warmup > 0:
            await _warm_up(sandbox_url, args.users[0], args.warmup, args.think)
        for users in args.users:
            await _step(balancer, sandbox_url, users, args.seconds, args.think)
    finally:
        server.should_exit = True
        await serving
        await balancer.aclose()
        for process in [*webs, sandbox]:
            stop(process, 20)


def main(argv: list[str] | None = None) -> int:
    """Start everything, run the steps, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--think", type=float, default=1.0, help="average pause between a user's actions (s)"
    )
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds first")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (asyncpg URL)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="wijkwijzer-load."))
    with _database(args.database_url) as database:
        run_serving(_run(args, database, folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
