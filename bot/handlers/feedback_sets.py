"""Feedback sets: attach a ready-made set to a series or meeting, change it, pause it.

Organisers manage the sets they made; coordinators manage all. Every button re-checks.
"""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext, WijkApplication
from bot.db.models import FeedbackSet
from bot.db.repositories.feedback_sets import FeedbackSetRepository
from bot.db.repositories.meetings import MeetingRepository
from bot.feedback.questions import MAX_QUESTIONS, parse_own
from bot.handlers.base import callback_match, edit_or_send, send, with_person
from bot.handlers.feedback_views import (
    DELAYS,
    SET_PATTERN,
    TARGET_PATTERN,
    set_keyboard,
    set_text,
)
from bot.jobs.feedback import check_soon
from bot.people import Person
from bot.roles import Role
from bot.visible import visible

ATTACH = "fba"


def may_use(person: Person) -> bool:
    """Organisers and coordinators work with feedback."""
    return person.has(Role.ORGANISER) or person.has(Role.COORDINATOR)


def may_manage(person: Person, feedback_set: FeedbackSet) -> bool:
    """Coordinators manage every set; organisers the sets they made."""
    return person.has(Role.COORDINATOR) or (
        person.has(Role.ORGANISER) and feedback_set.created_by == person.user_id
    )


async def refuse(update: Update, person: Person) -> None:
    """Tell someone without the role what /feedback is for."""
    await send(update, person.t("feedback.refuse"))


async def target_name(session: AsyncSession, person: Person, row: FeedbackSet) -> str:
    """What a set is for: a whole series or one meeting."""
    repo = MeetingRepository(session)
    table = await repo.wijktafel(row.wijktafel_id)
    name = table.name if table else "-"
    if row.meeting_id is None:
        return person.t.label("feedback.target.series", name=name)
    meeting = await repo.meeting(row.meeting_id)
    return person.t(
        "feedback.target.meeting", title=meeting.title if meeting else "-", id=row.meeting_id
    )


async def _set_view(
    session: AsyncSession, person: Person, row: FeedbackSet
) -> tuple[str, InlineKeyboardMarkup]:
    target = await target_name(session, person, row)
    sent = await FeedbackSetRepository(session).has_rounds(row.id)
    return set_text(person.t, row, target), set_keyboard(person.t, row, sent=sent)


async def show_set(update: Update, session: AsyncSession, person: Person, row: FeedbackSet) -> None:
    """Send the set with its switches."""
    await send(update, *await _set_view(session, person, row))


async def edit_set(
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
            parsed = parse_own(visible(value))
            if isinstance(parsed, str):
                await send(update, t(parsed) + "\n\n" + t("feedback.set.help", id=row.id))
                return
            await repo.set_question(row, int(what), parsed)
    else:
        await send(update, t("feedback.error.number", most=MAX_QUESTIONS))
        return
    await show_set(update, session, person, row)


@with_person()
async def choose_target(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """The attach button lists series and meetings; a press on one makes a ready-made set."""
    if not may_use(person):
        await refuse(update, person)
        return
    query = update.callback_query
    data = query.data if query else ""
    repo, t = MeetingRepository(session), person.t
    match = re.match(TARGET_PATTERN, data or "")
    if match is None:
        buttons = []
        for table in await repo.wijktafels():
            label = t.label("feedback.target.series", name=table.name)
            buttons.append([InlineKeyboardButton(label, callback_data=f"fbt:w:{table.id}")])
            for meeting in await repo.meetings([table.id]):
                label = t.label("feedback.target.meeting", title=meeting.title, id=meeting.id)
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
    await show_set(update, session, person, row)
    check_soon(context.job_queue)


@with_person()
async def set_switch(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """A switch under a set: audience, groups, remark, delay, pause, or delete."""
    match = callback_match(update, SET_PATTERN)
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


def register(application: WijkApplication) -> None:
    """The attach, target and switch buttons."""
    application.add_handler(CallbackQueryHandler(choose_target, pattern=f"^{ATTACH}$"))
    application.add_handler(CallbackQueryHandler(choose_target, pattern=TARGET_PATTERN))
    application.add_handler(CallbackQueryHandler(set_switch, pattern=SET_PATTERN))
