"""Which journey renders each kind of queued message: a registry the sender looks up.

A delivery's payload names its kind (`{"kind": "broadcast", ...}`). The journey that queues
a kind registers how to render it (each room's `views.register_renderers()`, called from
`bot/application.py`), so the sender imports no journey. A kind nobody registered is not
sent and not lost: the sender logs it and tries again later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardMarkup, Message

from bot.core.services import Services


class TextMessage(Protocol):
    """A text message and its keyboard, sent with sendMessage."""

    @property
    def text(self) -> str: ...

    @property
    def markup(self) -> InlineKeyboardMarkup | None: ...


@runtime_checkable
class SelfSending(Protocol):
    """A message that sends itself (a native poll)."""

    async def send(self, bot: Bot, chat_id: int) -> Message: ...


Outgoing: TypeAlias = SelfSending | TextMessage


class Renderer(Protocol):
    """The message a queued delivery stands for, for its chat (None: gone, settled failed)."""

    async def __call__(
        self, session: AsyncSession, services: Services, chat_id: int, payload: dict[str, Any], /
    ) -> Outgoing | None: ...


class AfterSent(Protocol):
    """Runs in the transaction that marks the delivery sent (e.g. to remember a poll's id)."""

    async def __call__(
        self, session: AsyncSession, rendered: Outgoing, chat_id: int, message: Message, /
    ) -> None: ...


@dataclass(frozen=True)
class KindRenderer:
    """How one kind of delivery is rendered, and what follows once Telegram took it."""

    render: Renderer
    after_sent: AfterSent | None = None


_REGISTRY: dict[str, KindRenderer] = {}


def register_renderer(kind: str, render: Renderer, *, after_sent: AfterSent | None = None) -> None:
    """Render deliveries of this kind with `render` (registering again replaces it)."""
    _REGISTRY[kind] = KindRenderer(render, after_sent)


def renderer_for(payload: Mapping[str, Any]) -> KindRenderer | None:
    """The renderer of a delivery's kind; None when no journey registered that kind."""
    kind = payload.get("kind")
    return _REGISTRY.get(kind) if isinstance(kind, str) else None
