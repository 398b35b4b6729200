"""The bot remembers the groups it is in, and only those."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Chat
from tests.harness import BotHarness, user

GROUP = {"id": -2001, "type": "group", "title": "Wijktafel Indische Buurt"}


async def _chat_ids(harness: BotHarness) -> list[int]:
    async with harness.services.db.transaction() as session:
        return list((await session.scalars(select(Chat.chat_id))).all())


async def test_added_to_a_group_says_hello_and_is_remembered(harness: BotHarness) -> None:
    [hello] = await harness.feed({"user": user(), "chat": GROUP, "my_chat_member": "member"})
    assert hello["text"].startswith("Hoi allemaal!")
    assert await _chat_ids(harness) == [-2001]


async def test_removed_from_a_group_is_forgotten(harness: BotHarness) -> None:
    await harness.feed({"user": user(), "chat": GROUP, "my_chat_member": "member"})
    await harness.feed({"user": user(), "chat": GROUP, "my_chat_member": "kicked"})
    assert await _chat_ids(harness) == []


async def test_group_chatter_is_not_answered(harness: BotHarness) -> None:
    assert await harness.send(user(), "goedemorgen allemaal", chat=GROUP) == []
