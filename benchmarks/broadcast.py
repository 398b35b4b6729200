"""A reminder to 1,000 subscribers through the delivery queue, against the Bot API sandbox.

Run: python -m benchmarks.broadcast [--recipients 1000] [--db URL]

The real `Application` (with its AIORateLimiter) sends over the in-process sandbox; a fresh
SQLite database holds the queue. Reported: time taken against what 30 messages/s allows, the
busiest sliding one-second window (the limiter is a leaky bucket of 30: after a pause it lets
a burst through on top of the steady rate), peak Python memory (tracemalloc), and lost or
duplicated messages (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.application import build_application, start_services, stop_services
from bot.config import Settings
from bot.core.context import WijkApplication
from bot.db.models import Meeting
from bot.delivery.sender import deliver_due
from bot.meetings.jobs_reminders import schedule_reminders
from bot.meetings.recurrence import AMSTERDAM
from bot.meetings.repository import MeetingRepository, SubscriptionRepository
from sandbox import SandboxCore, SandboxRequest

TOKEN = "4242:benchmark"  # noqa: S105 (the sandbox accepts any token)
PLANNED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the week-before reminder, 10:00 local
FIRST_ID = 100_000


async def _prepare(application: WijkApplication, core: SandboxCore, recipients: int) -> None:
    services = application.bot_data["services"]
    for chat_id in range(FIRST_ID, FIRST_ID + recipients):
        user = {"id": chat_id, "first_name": f"P{chat_id}", "is_bot": False}
        core.inject({"user": user, "text": "hallo"}, queue=False)
    async with services.db.transaction() as session:
        repo = MeetingRepository(session)
        table = await repo.add_wijktafel("Wijktafel Benchmark", "Oost", None, PLANNED)
        await repo.add_meeting(
            Meeting(
                wijktafel_id=table.id,
                title="Wijktafel",
                place="Buurthuis",
                starts_at=datetime(2026, 12, 1, 19, 30, tzinfo=AMSTERDAM),
                duration_minutes=90,
                created_at=PLANNED,
            )
        )
        subs = SubscriptionRepository(session)
        for chat_id in range(FIRST_ID, FIRST_ID + recipients):
            await subs.subscribe(table.id, chat_id, chat_id, PLANNED)


async def run(recipients: int, database_url: str) -> dict[str, Any]:
    """Queue and send one reminder to every recipient; measure and check."""
    now = {"value": PLANNED}
    core = SandboxCore(clock=time.time)
    settings = Settings(database_url=database_url)
    application = build_application(
        settings,
        token=TOKEN,
        request=SandboxRequest(core),
        updates_request=SandboxRequest(core),
        clock=lambda: now["value"],
    )
    async with application:
        await start_services(application)
        try:
            await _prepare(application, core, recipients)
            services = application.bot_data["services"]
            now["value"] = DUE
            tracemalloc.start()
            started = time.perf_counter()
            queued = (await schedule_reminders(services)).deliveries
            while True:
                report = await deliver_due(application.bot, services)
                if report.sent + report.failed + report.blocked + report.retried == 0:
                    break
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            await stop_services(application)
    sends = [c for c in core.calls() if c["method"] == "sendMessage"]
    times = sorted(float(c["time"]) for c in sends)
    received = Counter(
        {chat: len(core.messages(chat)) for chat in range(FIRST_ID, FIRST_ID + recipients)}
    )
    return {
        "recipients": recipients,
        "queued": queued,
        "seconds": round(elapsed, 2),
        "seconds_at_30_per_s": round(recipients / 30, 2),
        "messages_per_second": round(len(sends) / elapsed, 1),
        "busiest_1s_window": _busiest_window(times, 1.0),
        "busiest_1s_window_after_first_second": _busiest_window(
            [t for t in times if times and t >= times[0] + 1], 1.0
        ),
        "peak_python_memory_mb": round(peak / 2**20, 1),
        "lost": sum(1 for n in received.values() if n == 0),
        "duplicated": sum(1 for n in received.values() if n > 1),
    }


def _busiest_window(times: list[float], width: float) -> int:
    """The most sends in any sliding window of `width` seconds."""
    best, low = 0, 0
    for high, moment in enumerate(times):
        while moment - times[low] >= width:
            low += 1
        best = max(best, high - low + 1)
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite+aiosqlite:///{Path(folder) / 'broadcast.db'}"
        result = asyncio.run(run(args.recipients, url))
    print(json.dumps(result, indent=2))
    return 0 if result["lost"] == result["duplicated"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
