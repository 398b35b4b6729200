"""Shared steps of the feedback tests: a wijktafel with people, a set, the jobs at given times."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from bot.delivery.sender import deliver_due
from bot.feedback.jobs import close_rounds, send_reminders, start_rounds
from bot.meetings.repository import RsvpRepository
from tests.bot.test_meetings import ADMIN, FORM
from tests.harness import BotHarness, labels, user

ANNA, BOB, CARLA = user(1001, name="Anna"), user(1002, name="Bob"), user(1003, name="Carla")
# The meeting of the form ends on Tuesday 1 December 2026 at 21:00 in Amsterdam (20:00 UTC).
ENDED = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
SEND_AT = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # two hours later
OCCURRENCE = date(2026, 12, 1)


async def wijktafel_with_people(harness: BotHarness) -> None:
    """The coordinator plans the meeting; three people subscribe; Anna and Bob say yes."""
    await harness.send(ADMIN, FORM)
    for person in (ANNA, BOB, CARLA):
        await harness.follow_link(person, "wt_1")
    async with harness.services.db.transaction() as session:
        rsvps = RsvpRepository(session)
        for person, answer in ((ANNA, "yes"), (BOB, "yes"), (CARLA, "no")):
            await rsvps.answer(
                1,
                OCCURRENCE,
                person["id"],
                name=person["first_name"],
                answer=answer,
                now=harness.clock(),
            )


async def attach_ready_made(harness: BotHarness, sender: dict[str, Any] = ADMIN) -> dict[str, Any]:
    """/feedback → attach → the whole series; returns the set message."""
    [overview] = await harness.send(sender, "/feedback")
    [targets] = await harness.press(sender, overview, "➕ Vragenlijst koppelen")  # noqa: RUF001
    [shown] = await harness.press(sender, targets, "hele reeks Wijktafel Dapperbuurt")
    return shown


async def run_jobs(harness: BotHarness, when: datetime) -> None:
    """Let the feedback job and the sender run at this moment."""
    harness.clock.now = when
    await start_rounds(harness.services)
    await send_reminders(harness.services)
    await close_rounds(harness.application.bot, harness.services)
    while (await deliver_due(harness.application.bot, harness.services)).sent:
        pass


def polls_of(harness: BotHarness, chat_id: int) -> list[dict[str, Any]]:
    """The polls in a chat, in order."""
    return [m["poll"] for m in harness.core.messages(chat_id) if m.get("poll")]


async def vote(
    harness: BotHarness, person: dict[str, Any], poll: dict[str, Any], *options: int
) -> None:
    """A person answers (or with no options retracts) a poll."""
    await harness.feed(
        {"user": person, "poll_answer": {"poll_id": poll["id"], "option_ids": list(options)}}
    )


async def summary(harness: BotHarness, sender: dict[str, Any] = ADMIN) -> dict[str, Any]:
    """/feedback and the newest round's button: the summary message."""
    [overview] = await harness.send(sender, "/feedback")
    first = next(label for label in labels(overview) if label.startswith("📊"))
    [shown] = await harness.press(sender, overview, first)
    return shown


def counts_in_summary(text: str) -> dict[tuple[int, str], int]:
    """(question number, option) → count, read back from the summary text."""
    found: dict[tuple[int, str], int] = {}
    number = 0
    for line in text.splitlines():
        head = line.removeprefix("<b>")
        if head[:1].isdigit() and ". " in head:
            number = int(head.split(".", 1)[0])
        elif number and ": " in line and " · " in line:
            for part in line.split(" · "):
                option, count = part.rsplit(": ", 1)
                found[(number, option)] = int(count)
            number = 0
    return found


def counts_in_csv(data: bytes) -> tuple[Counter[tuple[int, str]], list[dict[str, str]]]:
    """(question number, option) → rows in the CSV export, and every row."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    counts: Counter[tuple[int, str]] = Counter(
        (int(r["question_no"]), r["option"]) for r in rows if r["source"] != "remark"
    )
    return counts, rows
