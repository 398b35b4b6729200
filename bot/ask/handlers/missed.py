"""/gemist (/missed): coordinators see recent questions that found nothing useful."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.ask.repository_questions import QuestionRepository
from bot.core.commands import MISSED
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import edit_or_send, with_person
from bot.core.person import Person

PAGE = 10
PATTERN = r"^missed:(\d+)$"


async def _page(
    person: Person, session: AsyncSession, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    rows = await QuestionRepository(session).recent_misses(PAGE + 1, page * PAGE)
    if not rows and page == 0:
        return person.t("missed.none"), None
    lines = [person.t("missed.header")]
    for row in rows[:PAGE]:
        when = person.t.datetime(row.created_at, "d MMM HH:mm")
        key = "missed.line_word" if row.missing else "missed.line"
        lines.append(person.t(key, when=when, query=row.query, word=row.missing or ""))
    buttons = []
    if page > 0:
        buttons.append(
            InlineKeyboardButton(person.t("ask.previous"), callback_data=f"missed:{page - 1}")
        )
    if len(rows) > PAGE:
        buttons.append(
            InlineKeyboardButton(person.t("ask.more"), callback_data=f"missed:{page + 1}")
        )
    return "\n".join(lines), InlineKeyboardMarkup([buttons]) if buttons else None


@with_person(MISSED)
async def show_missed(
    update: Update, _c: BotContext, person: Person, session: AsyncSession
) -> None:
    """The newest missed questions."""
    text, keyboard = await _page(person, session, 0)
    await edit_or_send(update, text, keyboard)


@with_person(MISSED)
async def page_missed(
    update: Update, _c: BotContext, person: Person, session: AsyncSession
) -> None:
    """Another page of missed questions (the role is checked again on every press)."""
    data = update.callback_query.data if update.callback_query else None
    page = int(data.split(":")[1]) if data else 0
    text, keyboard = await _page(person, session, page)
    await edit_or_send(update, text, keyboard)


def register(application: WijkApplication) -> None:
    """Add /gemist and its paging buttons."""
    application.add_handler(CommandHandler(MISSED.names, show_missed))
    application.add_handler(CallbackQueryHandler(page_missed, pattern=PATTERN))
