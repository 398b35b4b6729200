"""Drive the real `Application` with real `Update` objects through the in-process sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update

from bot.application import build_application, start_services, stop_services
from bot.config import Settings
from bot.core.context import WijkApplication
from bot.core.services import Services
from bot.db.session import Database
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer
from sandbox import SandboxCore, SandboxRequest
from sandbox.formatting import parse_entities
from tests.clock import FakeClock

TOKEN = "4242:test-token"


def user(user_id: int = 1001, language: str | None = "nl", name: str = "Anna") -> dict[str, Any]:
    """A Telegram user as the sandbox control API takes it."""
    data: dict[str, Any] = {"id": user_id, "first_name": name, "is_bot": False}
    if language:
        data["language_code"] = language
    return data


class BotHarness:
    """Sends users' messages and presses to the bot and reads back what it sent."""

    def __init__(self, application: WijkApplication, core: SandboxCore, clock: FakeClock) -> None:
        self.application = application
        self.core = core
        self.clock = clock

    @classmethod
    @asynccontextmanager
    async def started(
        cls,
        database_url: str,
        clock: FakeClock,
        admin_ids: set[int],
        offers: Sequence[Offer] = (),
    ) -> AsyncIterator[BotHarness]:
        """Build, start and finally stop the application (on a map of these offers, if given)."""
        if offers:
            db = Database(database_url)
            try:
                async with db.transaction() as session:
                    await OfferRepository(session).upsert(offers, "map", clock())
            finally:
                await db.dispose()
        core = SandboxCore(clock=lambda: clock().timestamp())
        settings = Settings(database_url=database_url, admin_ids=frozenset(admin_ids))
        application = build_application(
            settings,
            token=TOKEN,
            request=SandboxRequest(core),
            updates_request=SandboxRequest(core),
            clock=clock,
        )
        async with application:
            await start_services(application)
            try:
                yield cls(application, core, clock)
            finally:
                await stop_services(application)

    @property
    def services(self) -> Services:
        """The running services (database, catalogues, clock)."""
        return self.application.bot_data["services"]  # type: ignore[no-any-return]

    async def feed(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        """Inject one update, let the bot handle it, return what it sent in that chat."""
        chat_id = payload.get("chat", {}).get("id", payload["user"]["id"])
        before = self.last_message_id(chat_id)
        data = self.core.inject(payload, queue=False)
        await self.application.process_update(Update.de_json(data, self.application.bot))
        return self.core.messages(chat_id, before)

    async def send(
        self, sender: dict[str, Any], text: str, chat: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """A user types a message."""
        payload: dict[str, Any] = {"user": sender, "text": text}
        if chat is not None:
            payload["chat"] = chat
        return await self.feed(payload)

    async def press(
        self, sender: dict[str, Any], message: dict[str, Any], label: str
    ) -> list[dict[str, Any]]:
        """A user presses the button with this label on a bot message."""
        press = {"message_id": message["message_id"], "button": label}
        return await self.feed({"user": sender, "press": press})

    async def follow_link(
        self, sender: dict[str, Any], payload: str, language: str = "Nederlands"
    ) -> list[dict[str, Any]]:
        """A user opens a `?start=<payload>` link; someone new first picks a language (the
        consent), and the link goes on from that press. Returns what the bot sent last."""
        replies = await self.send(sender, f"/start {payload}")
        if replies and labels(replies[-1]) == ["Nederlands", "English"]:
            return await self.press(sender, replies[-1], language)
        return replies

    def shown(self, key: str, language: str = "nl", **values: Any) -> str:
        """The catalogue message `key` as a chat shows it (its HTML markup parsed away)."""
        text = self.services.catalogues.translator(language)(key, **values)
        return parse_entities(text, "HTML")[0]

    def last_message_id(self, chat_id: int) -> int:
        """The id of the newest bot message in the chat (0 when none)."""
        messages = self.core.messages(chat_id, 0)
        return int(messages[-1]["message_id"]) if messages else 0

    def current(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A bot message as it is now (after edits)."""
        for message in self.core.messages(chat_id, 0):
            if message["message_id"] == message_id:
                return message
        raise LookupError(message_id)


def labels(message: dict[str, Any]) -> list[str]:
    """The button labels of a message, row by row."""
    markup = message.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]
