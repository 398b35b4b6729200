"""Retention: asked questions go after a day, missed ones after the configured days."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import func, select

from bot.ask.repository_questions import QuestionRepository
from bot.db.models import AskedQuestion, MissedQuestion
from bot.rooms import purge_expired
from tests.harness import BotHarness


async def _counts(harness: BotHarness) -> tuple[int, int]:
    async with harness.services.db.transaction() as session:
        asked = await session.scalar(select(func.count(AskedQuestion.id)))
        missed = await session.scalar(select(func.count(MissedQuestion.id)))
    return int(asked or 0), int(missed or 0)


async def _purge(harness: BotHarness) -> None:
    context: Any = type("JobContext", (), {"services": harness.services})()
    await purge_expired(context)


async def test_questions_are_kept_only_as_long_as_needed(harness: BotHarness) -> None:
    async with harness.services.db.transaction() as session:
        questions = QuestionRepository(session)
        asked = await questions.ask(1001, 1001, "fietsles oost", "nl", harness.clock())
        await questions.miss(asked, harness.clock())
    assert await _counts(harness) == (1, 1)
    harness.clock.advance(days=2)
    await _purge(harness)
    assert await _counts(harness) == (0, 1)  # the miss stays for the coordinators
    harness.clock.advance(days=89)
    await _purge(harness)
    assert await _counts(harness) == (0, 0)


async def test_the_retention_of_misses_is_a_setting(harness: BotHarness) -> None:
    services = harness.services
    services.settings = dataclasses.replace(services.settings, missed_retention_days=200)
    async with services.db.transaction() as session:
        questions = QuestionRepository(session)
        await questions.miss(await questions.ask(1, 1, "x", "nl", harness.clock()), harness.clock())
    harness.clock.advance(days=120)
    await _purge(harness)
    assert await _counts(harness) == (0, 1)
    harness.clock.advance(days=81)
    await _purge(harness)
    assert await _counts(harness) == (0, 0)
