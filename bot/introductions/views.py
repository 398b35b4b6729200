"""Texts, keyboards and callback data of the warm introduction, in one place."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.repository_users import UserRepository
from bot.core.services import Services
from bot.delivery.renderers import register_renderer
from bot.i18n import Translator
from bot.introductions.repository import IntroRepository
from bot.socialmap.cards import contact_line, summary
from bot.socialmap.facilities import describe
from bot.socialmap.repository import OfferRepository

# new: question id and result index · cancel, yes, no: request id · fu: request id and answer
CALLBACK_PATTERN = r"^intro:(new|cancel|yes|no|fu):(\d+)(?::(\d+|[ynw]))?$"
FOLLOW_UP_KIND = "intro_followup"
SUGGESTIONS = 3


def start_button(
    t: Translator, question_id: int, index: int, *, numbered: bool
) -> InlineKeyboardButton:
    """'Breng me in contact' for the result at `index` of a stored question."""
    label = t("intro.button", number=index + 1) if numbered else t("intro.button.details")
    return InlineKeyboardButton(label, callback_data=f"intro:new:{question_id}:{index}")


def cancel_keyboard(t: Translator, request_id: int) -> InlineKeyboardMarkup:
    """A way out while the professional writes their message."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t("intro.cancel"), callback_data=f"intro:cancel:{request_id}")]]
    )


def owner_keyboard(t: Translator, request_id: int) -> InlineKeyboardMarkup:
    """Accept or decline, for the owners of the entry."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t("intro.accept"), callback_data=f"intro:yes:{request_id}")],
            [InlineKeyboardButton(t("intro.decline"), callback_data=f"intro:no:{request_id}")],
        ]
    )


def follow_up_keyboard(t: Translator, request_id: int) -> InlineKeyboardMarkup:
    """Ja / nee / nog niet."""
    base = f"intro:fu:{request_id}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("intro.followup.yes"), callback_data=f"{base}:y"),
                InlineKeyboardButton(t("intro.followup.no"), callback_data=f"{base}:n"),
                InlineKeyboardButton(t("intro.followup.not_yet"), callback_data=f"{base}:w"),
            ]
        ]
    )


def mention(user_id: int, name: str, username: str | None) -> str:
    """A link that opens a chat with the person, and their @name if they have one."""
    link = f'<a href="tg://user?id={int(user_id)}">{html.escape(name or str(user_id))}</a>'
    return f"{link} (@{html.escape(username)})" if username else link


async def translator_for(session: AsyncSession, services: Services, user_id: int) -> Translator:
    """The language a person chose (the default one when they never did)."""
    row = await UserRepository(session).get(user_id)
    return services.catalogues.translator(row.language if row else None)


async def offer_name(session: AsyncSession, t: Translator, offer_id: str) -> str:
    """The entry's name, or a plain word when it left the map."""
    offer = await OfferRepository(session).get(offer_id)
    return offer.name if offer is not None else t("intro.unknown_offer")


async def suggestions(
    session: AsyncSession, services: Services, t: Translator, query: str | None, exclude: str
) -> str:
    """Two or three other offers for the same question, or a hint to ask again."""
    if not query:
        return t("intro.suggestions.ask_again")
    matcher = await services.map.matcher(session)
    result = matcher.search(query, limit=SUGGESTIONS + 1, lang=t.language)
    hits = [hit for hit in result.results if hit.offer.id != exclude][:SUGGESTIONS]
    if not hits:
        return t("intro.suggestions.ask_again")
    via_bot = await IntroRepository(session).reachable(hit.offer.id for hit in hits)
    lines = [t("intro.suggestions")]
    for number, hit in enumerate(hits, start=1):
        offer = hit.offer
        lines.append(
            f"<b>{number}. {html.escape(offer.name)}</b> — "
            f"{html.escape(summary(describe(t, offer), 90))}\n"
            + contact_line(t, offer, via_bot=offer.id in via_bot)
        )
    lines.append(t("intro.suggestions.more"))
    return "\n\n".join(lines)


@dataclass(frozen=True)
class FollowUp:
    """The queued "is er contact geweest?", ready to send."""

    text: str
    markup: InlineKeyboardMarkup


def register_renderers() -> None:
    """Tell the delivery queue's sender that this room renders its follow-up questions."""
    register_renderer(FOLLOW_UP_KIND, render_follow_up)


async def render_follow_up(
    session: AsyncSession, services: Services, chat_id: int, payload: dict[str, Any]
) -> FollowUp | None:
    """The queued "is er contact geweest?" for one side (None: forgotten or answered)."""
    row = await IntroRepository(session).get(int(payload["intro_id"]))
    if row is None:
        return None
    side = str(payload.get("side"))
    person = row.professional_id if side == "professional" else row.decided_by
    answered = row.professional_answer if side == "professional" else row.owner_answer
    if person != chat_id or answered is not None:
        return None
    t = await translator_for(session, services, chat_id)
    name = await offer_name(session, t, row.offer_id)
    text = t(f"intro.followup.{side}", name=name)
    return FollowUp(text, follow_up_keyboard(t, row.id))
