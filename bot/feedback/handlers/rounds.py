"""/feedback: the rounds with results (summary, chart, CSV) and the way into the sets.

`/feedback` lists the rounds and offers to attach a set; `/feedback <set>` shows a set;
`/feedback <set> <n> <question>` changes question n (see `sets`).
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.commands import FEEDBACK
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.db.models import FeedbackRound, FeedbackSet
from bot.feedback.chart import render_chart
from bot.feedback.handlers.sets import (
    ATTACH,
    edit_set,
    may_manage,
    may_use,
    refuse,
    show_set,
    target_name,
)
from bot.feedback.repository_rounds import FeedbackRoundRepository
from bot.feedback.repository_sets import FeedbackSetRepository
from bot.feedback.results import csv_export
from bot.feedback.views import (
    PAGE_PATTERN,
    ROUND_PATTERN,
)
from bot.feedback.views_results import load_result, summary_keyboard, summary_text, trend_of
from bot.meetings.repository import MeetingRepository

PAGE = 5


async def _visible_rounds(
    session: AsyncSession, person: Person
) -> list[tuple[FeedbackRound, FeedbackSet]]:
    sets = FeedbackSetRepository(session)
    found = []
    for row in await FeedbackRoundRepository(session).recent(limit=200):
        feedback_set = await sets.get(row.set_id)
        if feedback_set is not None and await may_manage(session, person, feedback_set):
            found.append((row, feedback_set))
    return found


async def _overview(
    session: AsyncSession, person: Person, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    t = person.t
    rounds = await _visible_rounds(session, person)
    lines = [t("feedback.overview.title")]
    buttons: list[list[InlineKeyboardButton]] = []
    if not rounds:
        lines.append(t("feedback.overview.none"))
    meetings, rounds_repo = MeetingRepository(session), FeedbackRoundRepository(session)
    for row, _set in rounds[page * PAGE : (page + 1) * PAGE]:
        meeting = await meetings.meeting(row.meeting_id)
        title = meeting.title if meeting else "-"
        when = t.date(row.occurrence, "d MMM y")
        invited = len(await rounds_repo.invites(row.id))
        answered = len(await rounds_repo.respondents(row.id))
        label = t.label(
            "feedback.overview.round", title=title, when=when, answered=answered, invited=invited
        )
        buttons.append([InlineKeyboardButton(label, callback_data=f"fbr:{row.id}:show")])
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀", callback_data=f"fbp:{page - 1}"))
    if (page + 1) * PAGE < len(rounds):
        nav.append(InlineKeyboardButton("▶", callback_data=f"fbp:{page + 1}"))
    if nav:
        buttons.append(nav)
    sets = [
        s
        for s in await FeedbackSetRepository(session).all()
        if await may_manage(session, person, s)
    ]
    if sets:
        lines += ["", t("feedback.overview.sets")]
        for feedback_set in sets:
            target = await target_name(session, person, feedback_set)
            lines.append(t("feedback.overview.set", id=feedback_set.id, target=target))
    buttons.append([InlineKeyboardButton(t("feedback.overview.attach"), callback_data=ATTACH)])
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


@with_person()
async def feedback_command(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/feedback [set [n question | n - | open text]]."""
    if not may_use(person):
        await refuse(update, person)
        return
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=2) if message else []
    if len(parts) < 2:
        text, markup = await _overview(session, person, 0)
        await send(update, text, markup)
        return
    row = await FeedbackSetRepository(session).get(int(parts[1])) if parts[1].isdigit() else None
    if row is None or not await may_manage(session, person, row):
        await send(update, person.t("feedback.error.set", value=parts[1]))
        return
    if len(parts) == 2:
        await show_set(update, session, person, row)
        return
    await edit_set(update, context, session, person, row, args=parts[2].split(maxsplit=1))


@with_person()
async def round_button(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Results of a round: the summary (refreshed), the chart, or the CSV export."""
    chat = update.effective_chat
    match = callback_match(update, ROUND_PATTERN)
    if match is None or chat is None:
        return
    row = await FeedbackRoundRepository(session).get(int(match.group(1)))
    feedback_set = await FeedbackSetRepository(session).get(row.set_id) if row else None
    if row is None or feedback_set is None or not await may_manage(session, person, feedback_set):
        await send(update, person.t("feedback.error.round"))
        return
    t, action = person.t, match.group(2)
    result = await load_result(session, t, row)
    if action == "csv":
        data = csv_export(t, result)
        day = row.occurrence.isoformat()
        await context.bot.send_document(
            chat.id,
            document=data,
            filename=f"feedback-{row.id}-{day}.csv",
            caption=t("feedback.csv.caption", title=result.title),
        )
        return
    trend = await trend_of(session, t, row)
    if action == "png":
        png = await asyncio.to_thread(render_chart, t, result, trend)
        await context.bot.send_photo(
            chat.id, photo=png, caption=t("feedback.png.caption", title=result.title)
        )
        return
    text, markup = summary_text(t, row, result, trend), summary_keyboard(t, row.id)
    if action == "show":
        await send(update, text, markup)
        return
    try:
        await edit_or_send(update, text, markup)
    except BadRequest as err:
        # Nothing new since the last look: Telegram refuses an edit that changes nothing.
        if "not modified" not in str(err):
            raise


@with_person()
async def page_button(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Paging through the rounds of the overview."""
    match = callback_match(update, PAGE_PATTERN)
    if match is None or not may_use(person):
        return
    text, markup = await _overview(session, person, int(match.group(1)))
    await edit_or_send(update, text, markup)


def register(application: WijkApplication) -> None:
    """Add /feedback and its buttons."""
    # Results are for the organiser's eyes: in groups the fallback points to the private chat.
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(FEEDBACK.names, feedback_command, filters=private))
    application.add_handler(CallbackQueryHandler(round_button, pattern=ROUND_PATTERN))
    application.add_handler(CallbackQueryHandler(page_button, pattern=PAGE_PATTERN))
