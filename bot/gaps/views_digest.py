"""The gaps digest: one message with, per area, its questions, biggest gaps and most asked
themes over a period; the monthly digest's settings; and the renderer of queued digests.

The numbers are those of /wittevlekken (`bot.gaps.views`), suppression included: a theme
of fewer than five questions shows "< 5" and no shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.services import Services
from bot.gaps.aggregation import SUPPRESS_BELOW, GapsTable, count
from bot.gaps.tables import load_table
from bot.gaps.views import area_name, gap_line, theme_line
from bot.i18n import Translator
from bot.meetings.repository import MeetingRepository
from bot.meetings.views import chat_translator, unsubscribe_keyboard
from matching.gazetteer import Gazetteer
from matching.thesaurus import Thesaurus

# the kind of queued message the gaps room renders
DIGEST_KIND = "gaps_digest"
DIGEST_GAPS = 3  # biggest gaps per area
DIGEST_THEMES = 5  # most asked themes per area
# Telegram takes 4096 characters; areas that do not fit are named at the end instead.
TEXT_BUDGET = 3600


@dataclass(frozen=True)
class DigestMessage:
    """A digest as the delivery queue sends it."""

    text: str
    markup: InlineKeyboardMarkup | None


def monthly_key(user_id: int, month: date) -> str:
    """The queue's message key of one coordinator's digest of one month: once per month."""
    return f"digest:{month:%Y-%m}:{user_id}"


def wijktafel_key(digest_id: int) -> str:
    """The queue's message key of a digest sent to a wijktafel's subscribers."""
    return f"digest:wijktafel:{digest_id}"


def _area_block(
    t: Translator, gazetteer: Gazetteer, thesaurus: Thesaurus, table: GapsTable
) -> list[str]:
    total = count(table.total, table.total < SUPPRESS_BELOW)
    lines = [t("gaps.digest.area", area=area_name(gazetteer, table.area), total=total)]
    if not table.rows:
        return lines
    if table.gaps:
        lines.append(t("gaps.gaps_header"))
        lines += [gap_line(t, gazetteer, thesaurus, c) for c in table.gaps[:DIGEST_GAPS]]
    lines.append(t("gaps.digest.most_asked"))
    lines += [theme_line(t, thesaurus, cell) for cell in table.rows[:DIGEST_THEMES]]
    return lines


def digest_text(
    t: Translator,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    heading: str,
    tables: list[GapsTable],
) -> str:
    """The heading, then one block per area while they fit in one message."""
    lines = [heading]
    left_out: list[str] = []
    for table in tables:
        block = ["", *_area_block(t, gazetteer, thesaurus, table)]
        if left_out or len("\n".join(lines + block)) > TEXT_BUDGET:
            left_out.append(area_name(gazetteer, table.area))
            continue
        lines += block
    if left_out:
        lines += ["", t("gaps.digest.left_out", areas=", ".join(left_out))]
    lines += ["", t("gaps.legend"), t("gaps.digest.more")]
    return "\n".join(lines)


def settings_text(t: Translator, gazetteer: Gazetteer, areas: list[str]) -> str:
    """What the person's monthly digest holds."""
    if not areas:
        return t("gaps.digest.settings_off")
    names = ", ".join(area_name(gazetteer, code) for code in areas)
    return t("gaps.digest.settings_on", areas=names)


def settings_keyboard(
    t: Translator, gazetteer: Gazetteer, areas: list[str]
) -> InlineKeyboardMarkup:
    """A button to take out each followed area, and one to pick an area to add."""
    rows = [
        [
            InlineKeyboardButton(
                t.label("gaps.digest.remove", area=area_name(gazetteer, code)),
                callback_data=f"gaps:dx:{code}",
            )
        ]
        for code in areas
    ]
    rows.append([InlineKeyboardButton(t("gaps.digest.add"), callback_data="gaps:start")])
    return InlineKeyboardMarkup(rows)


def settings_button(t: Translator) -> InlineKeyboardButton:
    """The button to the monthly digest's settings (under the stadsdeel picker)."""
    return InlineKeyboardButton(t("gaps.digest.settings"), callback_data="gaps:d")


def with_follow_button(
    t: Translator, markup: InlineKeyboardMarkup, area: str, following: bool
) -> InlineKeyboardMarkup:
    """The period picker with a switch: this area in my monthly digest, or not."""
    button = InlineKeyboardButton(
        t("gaps.digest.unfollow") if following else t("gaps.digest.follow"),
        callback_data=f"gaps:{'du' if following else 'df'}:{area}",
    )
    return InlineKeyboardMarkup([*markup.inline_keyboard, [button]])


async def render_digest(
    session: AsyncSession, services: Services, chat_id: int, payload: dict[str, Any], /
) -> DigestMessage | None:
    """A queued digest in the recipient's language, with the numbers as they are now for
    the period it names (None: nothing left to show)."""
    t = await chat_translator(session, services, chat_id)
    matcher = await services.map.matcher(session)
    gazetteer, thesaurus = matcher.gazetteer, matcher.thesaurus
    first = date.fromisoformat(str(payload["first"]))
    last = date.fromisoformat(str(payload["last"]))
    areas = [
        str(code) for code in payload.get("areas", []) if gazetteer.area(str(code)) is not None
    ]
    if not areas:
        return None
    tables = [await load_table(session, services, area, first, last) for area in areas]
    period = t("gaps.digest.period", first=t.date(first, "d MMM y"), last=t.date(last, "d MMM y"))
    wijktafel_id = payload.get("wijktafel_id")
    if wijktafel_id is None:
        heading = t("gaps.digest.monthly", month=t.date(first, "MMMM y"), period=period)
        markup = InlineKeyboardMarkup([[settings_button(t)]])
        return DigestMessage(digest_text(t, gazetteer, thesaurus, heading, tables), markup)
    table = await MeetingRepository(session).wijktafel(int(wijktafel_id))
    if table is None:
        return None
    heading = t("gaps.digest.wijktafel", name=table.name, period=period)
    text = digest_text(t, gazetteer, thesaurus, heading, tables)
    return DigestMessage(text, unsubscribe_keyboard(t, table))
