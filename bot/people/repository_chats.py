"""Queries about the group chats the bot is in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Chat


class ChatRepository:
    """Group chats, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def joined(self, chat_id: int, chat_type: str, title: str | None, now: datetime) -> None:
        """Remember a group the bot was added to (or update its title)."""
        chat = await self.session.get(Chat, chat_id)
        if chat is None:
            self.session.add(Chat(chat_id=chat_id, type=chat_type, title=title, joined_at=now))
        else:
            chat.type = chat_type
            chat.title = title
        await self.session.flush()

    async def left(self, chat_id: int) -> None:
        """Forget a group the bot was removed from."""
        await self.session.execute(delete(Chat).where(Chat.chat_id == chat_id))

    async def all(self) -> Sequence[Chat]:
        """Every group the bot is in."""
        return (await self.session.scalars(select(Chat).order_by(Chat.chat_id))).all()
