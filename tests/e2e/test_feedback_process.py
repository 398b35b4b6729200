"""Feedback end to end: a set is attached after a meeting, three people answer, and the
organiser gets the summary, the chart (PNG) and the CSV, whose totals match the summary."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.db.models import Meeting
from bot.db.session import Database
from bot.meetings.recurrence import AMSTERDAM
from bot.meetings.repository import MeetingRepository, RsvpRepository
from tests.bot.feedback_support import counts_in_csv, counts_in_summary
from tests.e2e.conftest import ADMIN_ID, Sandbox, start_bot

COR: dict[str, Any] = {"id": ADMIN_ID, "first_name": "Cor", "language_code": "nl"}
PEOPLE: list[dict[str, Any]] = [
    {"id": 1001 + i, "first_name": name, "language_code": "nl"}
    for i, name in enumerate(("Anna", "Bob", "Carla"))
]
# Each person's answers to the three ready-made questions (option indexes).
ANSWERS = ([4], [0], [0]), ([3], [1], [1]), ([4], [0], [0])


async def _meeting_that_ended(database_url: str) -> date:
    """A wijktafel whose meeting ended three hours ago, with three people who said yes."""
    now = datetime.now(UTC)
    start = (now - timedelta(hours=4)).astimezone(AMSTERDAM).replace(second=0, microsecond=0)
    db = Database(database_url)
    try:
        async with db.transaction() as session:
            repo = MeetingRepository(session)
            table = await repo.add_wijktafel("Wijktafel Oost", "Oost", ADMIN_ID, now)
            await repo.add_meeting(
                Meeting(
                    wijktafel_id=table.id,
                    title="Wijktafel Oost",
                    place="Buurthuis",
                    starts_at=start,
                    duration_minutes=60,
                    rrule=None,
                    created_by=ADMIN_ID,
                    created_at=now - timedelta(days=7),
                )
            )
            for person in PEOPLE:
                await RsvpRepository(session).answer(
                    1, start.date(), person["id"], name=person["first_name"], answer="yes", now=now
                )
    finally:
        await db.dispose()
    return start.date()


def _new(sandbox: Sandbox, chat_id: int, check: Any, timeout: float = 30.0) -> dict[str, Any]:
    """Wait for a new bot message in the chat that passes `check`."""
    seen = {m["message_id"] for m in sandbox.messages(chat_id)}

    def fresh(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [m for m in messages if m["message_id"] not in seen and check(m)]

    return fresh(sandbox.wait_for(chat_id, lambda ms: bool(fresh(ms)), timeout))[-1]


def _first(sandbox: Sandbox, chat_id: int, check: Any, timeout: float = 30.0) -> dict[str, Any]:
    """Wait for the first bot message in the chat that passes `check` (new or not)."""
    messages = sandbox.wait_for(chat_id, lambda ms: any(check(m) for m in ms), timeout)
    return next(m for m in messages if check(m))


def _subscribe(sandbox: Sandbox, person: dict[str, Any]) -> None:
    """Someone new follows the wijktafel link: first the language (the consent), then the
    subscription goes on from that press."""
    sandbox.inject({"user": person, "text": "/start wt_1"})
    greeting = _first(sandbox, person["id"], _text("Daarna meld ik je aan"))
    _press(sandbox, person, greeting, "Nederlands")
    _first(sandbox, person["id"], _text("Je bent aangemeld"))


def _press(sandbox: Sandbox, who: dict[str, Any], message: dict[str, Any], label: str) -> None:
    sandbox.inject({"user": who, "press": {"message_id": message["message_id"], "button": label}})


def _text(fragment: str) -> Any:
    return lambda m: fragment in (m.get("text") or "")


def _labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def test_organiser_gets_summary_chart_and_csv(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    asyncio.run(_meeting_that_ended(database_url))
    log = tmp_path / "bot.log"
    bot = start_bot(sandbox, database_url, tmp_path, log)
    try:
        for person in PEOPLE:
            _subscribe(sandbox, person)
        sandbox.inject({"user": COR, "text": "/feedback"})
        overview = _new(sandbox, ADMIN_ID, _text("Terugkoppeling na bijeenkomsten"))
        _press(sandbox, COR, overview, "➕ Vragenlijst koppelen")  # noqa: RUF001
        targets = _new(sandbox, ADMIN_ID, _text("Waar hoort de vragenlijst bij?"))
        _press(sandbox, COR, targets, "hele reeks Wijktafel Oost")
        _new(sandbox, ADMIN_ID, _text("Vragenlijst 1 voor hele reeks Wijktafel Oost"))

        for person, answers in zip(PEOPLE, ANSWERS, strict=True):
            messages = sandbox.wait_for(
                person["id"], lambda ms: sum(1 for m in ms if m.get("poll")) == 3
            )
            polls = [m["poll"] for m in messages if m.get("poll")]
            assert polls[0]["question"] == "Hoe nuttig was deze wijktafel?"
            for poll, options in zip(polls, answers, strict=True):
                answer = {"poll_id": poll["id"], "option_ids": options}
                sandbox.inject({"user": person, "poll_answer": answer})

        def answered_by_all(message: dict[str, Any]) -> bool:
            return "Respons: 3 van 3 (100%)" in (message.get("text") or "")

        summary: dict[str, Any] = {}
        for _ in range(50):  # the answers are handled in the bot's own time
            sandbox.inject({"user": COR, "text": "/feedback"})
            overview = _new(sandbox, ADMIN_ID, _text("Terugkoppeling na bijeenkomsten"))
            button = next(label for label in _labels(overview) if label.startswith("📊"))
            _press(sandbox, COR, overview, button)
            summary = _new(sandbox, ADMIN_ID, _text("Respons:"))
            if answered_by_all(summary):
                break
        assert answered_by_all(summary), summary
        counts = counts_in_summary(summary["text"])
        assert counts[(1, "5 – heel erg")] == 2  # noqa: RUF001
        assert counts[(1, "4")] == 1
        assert "(3 antwoorden, gemiddeld 4,7)" in summary["text"]

        _press(sandbox, COR, summary, "📈 Grafiek")
        photo = _new(sandbox, ADMIN_ID, lambda m: bool(m.get("photo")))
        png = sandbox.http.get(f"/_sandbox/files/{photo['photo'][-1]['file_id']}").content
        assert png.startswith(b"\x89PNG")

        _press(sandbox, COR, summary, "📄 CSV")
        document = _new(sandbox, ADMIN_ID, lambda m: bool(m.get("document")))
        assert document["document"]["file_name"].endswith(".csv")
        data = sandbox.http.get(f"/_sandbox/files/{document['document']['file_id']}").content
        per_option, rows = counts_in_csv(data)
        assert {k: v for k, v in counts.items() if v} == dict(per_option)
        assert sum(per_option.values()) == 9
        assert not any(person["first_name"] in str(rows) for person in PEOPLE)
    finally:
        if bot.poll() is None:
            bot.terminate()
            bot.wait(timeout=15)
    assert "Traceback" not in log.read_text()
