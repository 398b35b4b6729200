"""/introducties: per area, how many introductions were asked, accepted and led to contact.

Coordinators see counts only: never a message, a question or who was involved.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import INTRODUCTIONS
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.i18n import Translator
from bot.introductions.repository import IntroRepository
from bot.introductions.rules import AreaCount, IntroFacts, count_by_area

PAGE_SIZE = 10
CALLBACK_PATTERN = r"^introstats:(\d+)$"


def stats_page(t: Translator, counts: list[AreaCount], page: int) -> str:
    """One page of per-area counts under the totals."""
    total = AreaCount(t("intro.stats.total"))
    for row in counts:
        for name in ("requested", "accepted", "yes", "no", "not_yet"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    lines = [t("intro.stats.title"), _line(t, total, bold=True), ""]
    first = page * PAGE_SIZE
    lines += [_line(t, row) for row in counts[first : first + PAGE_SIZE]]
    lines += ["", t("intro.stats.footer")]
    return "\n".join(lines)


def _line(t: Translator, row: AreaCount, *, bold: bool = False) -> str:
    return t(
        "intro.stats.total_line" if bold else "intro.stats.area",
        area=row.area,
        requested=row.requested,
        accepted=row.accepted,
        yes=row.yes,
        no=row.no,
        not_yet=row.not_yet,
    )


def paging(t: Translator, page: int, areas: int) -> InlineKeyboardMarkup | None:
    """Previous / next buttons when there are more areas than fit one page."""
    buttons = []
    if page > 0:
        buttons.append(
            InlineKeyboardButton(t("ask.previous"), callback_data=f"introstats:{page - 1}")
        )
    if (page + 1) * PAGE_SIZE < areas:
        buttons.append(InlineKeyboardButton(t("ask.more"), callback_data=f"introstats:{page + 1}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


async def _counts(t: Translator, session: AsyncSession) -> list[AreaCount]:
    rows = await IntroRepository(session).sent()
    facts = [
        IntroFacts(row.area, row.state, row.professional_answer, row.owner_answer) for row in rows
    ]
    return count_by_area(facts, t("intro.stats.no_area"))


@with_person(INTRODUCTIONS)
async def introductions(
    update: Update, _c: BotContext, person: Person, session: AsyncSession
) -> None:
    """/introducties: the first page of counts."""
    counts = await _counts(person.t, session)
    if not counts:
        await send(update, person.t("intro.stats.empty"))
        return
    await send(update, stats_page(person.t, counts, 0), paging(person.t, 0, len(counts)))


@with_person(INTRODUCTIONS)
async def page_pressed(
    update: Update, _c: BotContext, person: Person, session: AsyncSession
) -> None:
    """Another page of the counts (the role is checked again on every press)."""
    match = callback_match(update, CALLBACK_PATTERN)
    if match is None:
        return
    counts = await _counts(person.t, session)
    page = min(int(match.group(1)), max(0, (len(counts) - 1) // PAGE_SIZE))
    await edit_or_send(
        update, stats_page(person.t, counts, page), paging(person.t, page, len(counts))
    )


def register(application: WijkApplication) -> None:
    """Add /introducties and its paging buttons."""
    application.add_handler(CommandHandler(INTRODUCTIONS.names, introductions))
    application.add_handler(CallbackQueryHandler(page_pressed, pattern=CALLBACK_PATTERN))
