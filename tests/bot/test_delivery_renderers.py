"""The sender renders each queued message by its kind, with the renderer a journey registered.

A kind nobody registered (a journey not wired, a row from a newer release) is logged and kept:
it is tried again later, and sent once a renderer for it is there.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.services import Services
from bot.delivery import renderers
from bot.delivery.renderers import TextMessage, renderer_for
from bot.delivery.repository import PENDING, SENT, DeliveryRepository
from bot.delivery.sender import deliver_due
from bot.feedback.messages import FEEDBACK_KINDS
from bot.introductions.views import render_follow_up
from bot.meetings.views import render_delivery
from tests.harness import BotHarness, user

KIND = "kind-nobody-renders"
PERSON = 1001


class _Text:
    text = "Hallo"
    markup = None


async def _render(
    _session: AsyncSession, _services: Services, _chat_id: int, _payload: dict[str, Any]
) -> TextMessage:
    return _Text()


def test_the_application_registers_every_journeys_kinds(harness: BotHarness) -> None:
    for kind in ("broadcast", "report", "date_change", "reminder", "moved_up"):
        found = renderer_for({"kind": kind})
        assert found is not None, kind
        assert found.render is render_delivery, kind  # the meetings room's
    follow_up = renderer_for({"kind": "intro_followup"})
    assert follow_up is not None
    assert follow_up.render is render_follow_up  # the introductions room's own
    for kind in FEEDBACK_KINDS:
        found = renderer_for({"kind": kind})
        assert found is not None, kind
        assert found.after_sent is not None, kind  # a poll's id is remembered
    assert renderer_for({"kind": KIND}) is None
    assert renderer_for({}) is None


async def test_a_kind_without_renderer_is_logged_kept_and_sent_once_registered(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    await harness.send(user(PERSON), "/start")
    before = harness.last_message_id(PERSON)
    async with harness.services.db.transaction() as session:
        await DeliveryRepository(session).enqueue([PERSON], "k:1", {"kind": KIND}, harness.clock())

    with caplog.at_level(logging.ERROR, logger="bot.delivery.sender"):
        report = await deliver_due(harness.application.bot, harness.services)
    assert (report.sent, report.failed, report.retried) == (0, 0, 1)
    assert any(KIND in record.getMessage() for record in caplog.records)
    async with harness.services.db.transaction() as session:
        (row,) = await DeliveryRepository(session).of_chat(PERSON)
        assert row.state == PENDING
        assert row.last_error is not None
        assert KIND in row.last_error
    assert harness.core.messages(PERSON, before) == []

    monkeypatch.setitem(renderers._REGISTRY, KIND, renderers.KindRenderer(_render))
    harness.clock.advance(hours=1)
    report = await deliver_due(harness.application.bot, harness.services)
    assert report.sent == 1
    async with harness.services.db.transaction() as session:
        (row,) = await DeliveryRepository(session).of_chat(PERSON)
        assert row.state == SENT
    assert [message["text"] for message in harness.core.messages(PERSON, before)] == ["Hallo"]
