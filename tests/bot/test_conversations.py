"""One query per typed message tells which journeys may be waiting for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from bot.core.journeys import Journey, journey_checks, open_journeys
from bot.db.models import IntroRequest, MeetingDraft, OfferSubmission, SignupDraft
from tests.harness import BotHarness, user

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANNA = user(1001, name="Anna")


async def _open(harness: BotHarness, user_id: int) -> frozenset[Journey]:
    checks = journey_checks(harness.application.bot_data)
    async with harness.services.db.transaction() as session:
        return await open_journeys(session, user_id, checks)


def test_every_journey_that_takes_text_registered_what_open_means(harness: BotHarness) -> None:
    assert set(journey_checks(harness.application.bot_data)) == set(Journey)


async def test_each_open_conversation_is_found_for_its_person_only(harness: BotHarness) -> None:
    db = harness.services.db
    assert await _open(harness, 1) == frozenset()
    async with db.transaction() as session:
        session.add(SignupDraft(user_id=1, step="name", data={}, updated_at=NOW))
        session.add(MeetingDraft(user_id=2, step="title", data={}, updated_at=NOW))
        session.add(IntroRequest(professional_id=3, offer_id="x", state="draft", created_at=NOW))
        session.add(
            IntroRequest(professional_id=4, offer_id="x", state="requested", created_at=NOW)
        )
        session.add(
            OfferSubmission(
                data={}, state="pending", created_at=NOW, awaiting_by=5, awaiting_since=NOW
            )
        )
    assert await _open(harness, 1) == {Journey.SIGNUP}
    assert await _open(harness, 2) == {Journey.PLANNING}
    assert await _open(harness, 3) == {Journey.INTRODUCTION}
    assert await _open(harness, 4) == frozenset()  # a request already sent takes no text
    assert await _open(harness, 5) == {Journey.SIGNUP}  # a coordinator's message on it
    assert await _open(harness, 6) == frozenset()


async def _statements_of(harness: BotHarness, text: str) -> list[str]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = harness.services.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        [answer] = await harness.send(ANNA, text)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert "Osdorp" in answer["text"]
    return statements


async def test_a_plain_question_reads_the_person_once(harness: BotHarness) -> None:
    [greeting] = await harness.send(ANNA, "/start")
    await harness.press(ANNA, greeting, "Nederlands")
    harness.clock.now += timedelta(minutes=1)
    statements = await _statements_of(harness, "taalcafe osdorp")
    reads_of_users = [s for s in statements if "FROM users" in s]
    # Four journeys could take typed text first; they share one probe and one person.
    assert len(reads_of_users) == 1, statements
    # "Last seen" a minute ago is recent enough: no write to the users table.
    assert not [s for s in statements if s.startswith("UPDATE users")]
    # (two of them keep the question's demand: its row, and the link "niet wat ik zocht" uses)
    assert len(statements) <= 10, statements
    harness.clock.now += timedelta(minutes=20)
    statements = await _statements_of(harness, "taalcafe osdorp")
    assert len([s for s in statements if s.startswith("UPDATE users")]) == 1
