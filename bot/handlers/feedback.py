"""/feedback: organisers attach question sets to meetings and read the results.

`/feedback` lists the rounds with results and offers to attach a set; `/feedback <set>`
shows a set; `/feedback <set> <n> <question>` changes question n (see `set_text`).
Organisers manage the sets they made; coordinators manage all. Every button re-checks.
"""

from __future__ import annotations

import asyncio
import re

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.commands import FEEDBACK
from bot.context import BotContext, WijkApplication
from bot.db.models import FeedbackRound, FeedbackSet
from bot.db.repositories.feedback import FeedbackRoundRepository, FeedbackSetRepository
from bot.db.repositories.meetings import MeetingRepository
from bot.feedback.chart import render_chart
from bot.feedback.questions import MAX_QUESTIONS, parse_own
from bot.feedback.results import csv_export
from bot.handlers.base import edit_or_send, send, with_person
from bot.handlers.feedback_results import load_result, summary_keyboard, summary_text, trend_of
from bot.handlers.feedback_views import (
    DELAYS,
    PAGE_PATTERN,
    ROUND_PATTERN,
    SET_PATTERN,
    TARGET_PATTERN,
    set_keyboard,
    set_text,
)
from bot.jobs.feedback import check_soon
from bot.people import Person
from bot.roles import Role

PAGE = 5
ATTACH = "fba"


def may_use(person: Person) -> bool:
    """Organisers and coordinators work with feedback."""
    return person.has(Role.ORGANISER) or person.has(Role.COORDINATOR)


def may_manage(person: Person, feedback_set: FeedbackSet) -> bool:
    """Coordinators manage every set; organisers the sets they made."""
    return person.has(Role.COORDINATOR) or (
        person.has(Role.ORGANISER) and feedback_set.created_by == person.user_id
    )


async def _refuse(update: Update, person: Person) -> None:
    await send(update, person.t("feedback.refuse"))


async def _target_name(session: AsyncSession, person: Person, row: FeedbackSet) -> str:
    repo = MeetingRepository(session)
    table = await repo.wijktafel(row.wijktafel_id)
    name = table.name if table else "-"
    if row.meeting_id is None:
        return person.t("feedback.target.series", name=name)
    meeting = await repo.meeting(row.meeting_id)
    return person.t(
        "feedback.target.meeting", title=meeting.title if meeting else "-", id=row.meeting_id
    )


async def _visible_rounds(
    session: AsyncSession, person: Person
) -> list[tuple[FeedbackRound, FeedbackSet]]:
    sets = FeedbackSetRepository(session)
    found = []
    for row in await FeedbackRoundRepository(session).recent(limit=200):
        feedback_set = await sets.get(row.set_id)
        if feedback_set is not None and may_manage(person, feedback_set):
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
        label = t(
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
    sets = [s for s in await FeedbackSetRepository(session).all() if may_manage(person, s)]
    if sets:
        lines += ["", t("feedback.overview.sets")]
        for feedback_set in sets:
            target = await _target_name(session, person, feedback_set)
            lines.append(t("feedback.overview.set", id=feedback_set.id, target=target))
    buttons.append([InlineKeyboardButton(t("feedback.overview.attach"), callback_data=ATTACH)])
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


async def _set_view(
    session: AsyncSession, person: Person, row: FeedbackSet
) -> tuple[str, InlineKeyboardMarkup]:
    target = await _target_name(session, person, row)
    sent = await FeedbackSetRepository(session).has_rounds(row.id)
    return set_text(person.t, row, target), set_keyboard(person.t, row, sent=sent)


async def _show_set(
    update: Update, session: AsyncSession, person: Person, row: FeedbackSet
) -> None:
    await send(update, *await _set_view(session, person, row))


async def _edit(
    update: Update, session: AsyncSession, person: Person, row: FeedbackSet, args: list[str]
) -> None:
    """`<n> <question>`, `<n> -` or `open <text>|-`; then the set again."""
    t, repo = person.t, FeedbackSetRepository(session)
    what = args[0].casefold()
    value = args[1].strip() if len(args) > 1 else ""
    if what in {"open", "vrij", "free"}:
        if not value or len(value) > 300:
            await send(update, t("feedback.error.remark"))
            return
        row.remark, row.remark_text = True, None if value == "-" else value
    elif what.isdigit() and 1 <= int(what) <= min(len(row.questions) + 1, MAX_QUESTIONS):
        if value == "-":
            if int(what) > len(row.questions) or len(row.questions) == 1:
                await send(update, t("feedback.error.last"))
                return
            await repo.remove_question(row, int(what))
        else:
            parsed = parse_own(value)
            if isinstance(parsed, str):
                await send(update, t(parsed) + "\n\n" + t("feedback.set.help", id=row.id))
                return
            await repo.set_question(row, int(what), parsed)
    else:
        await send(update, t("feedback.error.number", most=MAX_QUESTIONS))
        return
    await _show_set(update, session, person, row)


@with_person()
async def feedback_command(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/feedback [set [n question | n - | open text]]."""
    if not may_use(person):
        await _refuse(update, person)
        return
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=2) if message else []
    if len(parts) < 2:
        text, markup = await _overview(session, person, 0)
        await send(update, text, markup)
        return
    row = await FeedbackSetRepository(session).get(int(parts[1])) if parts[1].isdigit() else None
    if row is None or not may_manage(person, row):
        await send(update, person.t("feedback.error.set", value=parts[1]))
        return
    if len(parts) == 2:
        await _show_set(update, session, person, row)
        return
    await _edit(update, session, person, row, parts[2].split(maxsplit=1))


@with_person()
async def choose_target(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """The attach button lists series and meetings; a press on one makes a ready-made set."""
    if not may_use(person):
        await _refuse(update, person)
        return
    query = update.callback_query
    data = query.data if query else ""
    repo, t = MeetingRepository(session), person.t
    match = re.match(TARGET_PATTERN, data or "")
    if match is None:
        buttons = []
        for table in await repo.wijktafels():
            label = t("feedback.target.series", name=table.name)
            buttons.append([InlineKeyboardButton(label, callback_data=f"fbt:w:{table.id}")])
            for meeting in await repo.meetings([table.id]):
                label = t("feedback.target.meeting", title=meeting.title, id=meeting.id)
                buttons.append([InlineKeyboardButton(label, callback_data=f"fbt:m:{meeting.id}")])
        if not buttons:
            await send(update, t("feedback.target.none"))
            return
        await send(update, t("feedback.target.choose"), InlineKeyboardMarkup(buttons))
        return
    kind, target_id = match.group(1), int(match.group(2))
    wijktafel_id: int | None = None
    meeting_id: int | None = None
    if kind == "w":
        found_table = await repo.wijktafel(target_id)
        wijktafel_id = found_table.id if found_table else None
    else:
        found_meeting = await repo.meeting(target_id)
        if found_meeting is not None:
            wijktafel_id, meeting_id = found_meeting.wijktafel_id, found_meeting.id
    if wijktafel_id is None:
        await send(update, t("rsvp.gone"))
        return
    row = await FeedbackSetRepository(session).create(
        wijktafel_id,
        meeting_id,
        delay_minutes=context.services.settings.feedback_delay_minutes,
        by=person.user_id,
        now=context.services.clock(),
    )
    await _show_set(update, session, person, row)
    check_soon(context.job_queue)


@with_person()
async def set_switch(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """A switch under a set: audience, groups, remark, delay, pause, or delete."""
    query = update.callback_query
    match = re.match(SET_PATTERN, query.data or "") if query else None
    if match is None:
        return
    repo = FeedbackSetRepository(session)
    row = await repo.get(int(match.group(1)))
    if row is None or not may_manage(person, row):
        await send(update, person.t("feedback.error.set", value=match.group(1)))
        return
    action, t = match.group(2), person.t
    if action == "del":
        if await repo.has_rounds(row.id):
            await send(update, t("feedback.set.keep", id=row.id))
            return
        await repo.delete(row)
        await edit_or_send(update, t("feedback.set.deleted", id=match.group(1)))
        return
    if action == "aud":
        row.audience = "all" if row.audience == "yes" else "yes"
    elif action == "grp":
        row.to_groups = not row.to_groups
    elif action == "rem":
        row.remark = not row.remark
    elif action == "dly":
        later = [d for d in DELAYS if d > row.delay_minutes]
        row.delay_minutes = later[0] if later else DELAYS[0]
    elif action == "act":
        row.active = not row.active
    await edit_or_send(update, *await _set_view(session, person, row))


@with_person()
async def round_button(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Results of a round: the summary (refreshed), the chart, or the CSV export."""
    query, chat = update.callback_query, update.effective_chat
    match = re.match(ROUND_PATTERN, query.data or "") if query else None
    if match is None or chat is None:
        return
    row = await FeedbackRoundRepository(session).get(int(match.group(1)))
    feedback_set = await FeedbackSetRepository(session).get(row.set_id) if row else None
    if row is None or feedback_set is None or not may_manage(person, feedback_set):
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
    query = update.callback_query
    match = re.match(PAGE_PATTERN, query.data or "") if query else None
    if match is None or not may_use(person):
        return
    text, markup = await _overview(session, person, int(match.group(1)))
    await edit_or_send(update, text, markup)


def register(application: WijkApplication) -> None:
    """Add /feedback and its buttons."""
    # Results are for the organiser's eyes: in groups the fallback points to the private chat.
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(FEEDBACK.names, feedback_command, filters=private))
    application.add_handler(CallbackQueryHandler(choose_target, pattern=f"^{ATTACH}$"))
    application.add_handler(CallbackQueryHandler(choose_target, pattern=TARGET_PATTERN))
    application.add_handler(CallbackQueryHandler(set_switch, pattern=SET_PATTERN))
    application.add_handler(CallbackQueryHandler(round_button, pattern=ROUND_PATTERN))
    application.add_handler(CallbackQueryHandler(page_button, pattern=PAGE_PATTERN))
