"""Feedback sets: attach a ready-made set to a series or meeting, change it, pause it.

Organisers manage the sets of the wijktafels a coordinator made them organiser of (`/rol ID
organisator <wijktafel>`); coordinators manage all. Every button re-checks, and every change
is in the audit trail (feedback_audit).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.core.roles import Role
from bot.db.models import FeedbackSet
from bot.delivery.broadcast_cap import BroadcastCap
from bot.feedback.jobs import check_soon
from bot.feedback.questions import parse_own
from bot.feedback.repository_organisers import OrganiserRepository
from bot.feedback.repository_sets import FeedbackSetRepository
from bot.feedback.views import (
    SET_PATTERN,
    TARGET_PATTERN,
    set_keyboard,
    set_text,
)
from bot.meetings.repository import MeetingRepository
from bot.policy import FEEDBACK_DELAY_CHOICES, FEEDBACK_MAX_QUESTIONS
from bot.visible import visible

ATTACH = "fba"
MAX_REMARK_QUESTION = 300  # the column's size; sent as a text message, escaped


def may_use(person: Person) -> bool:
    """Organisers and coordinators work with feedback."""
    return person.has(Role.ORGANISER) or person.has(Role.COORDINATOR)


async def managed_wijktafels(session: AsyncSession, person: Person) -> set[int] | None:
    """The wijktafels whose sets this person manages: None for all (coordinators), those a
    coordinator made them organiser of (organisers), or none."""
    if person.has(Role.COORDINATOR):
        return None
    if not person.has(Role.ORGANISER):
        return set()
    return await OrganiserRepository(session).wijktafels_of(person.user_id)


async def may_manage(session: AsyncSession, person: Person, feedback_set: FeedbackSet) -> bool:
    """Coordinators manage every set; organisers the sets of the wijktafels they organise."""
    managed = await managed_wijktafels(session, person)
    return managed is None or feedback_set.wijktafel_id in managed


async def _audit(
    session: AsyncSession,
    person: Person,
    row: FeedbackSet,
    action: str,
    *,
    detail: str,
    now: datetime,
) -> None:
    await OrganiserRepository(session).audit(
        person.user_id, row.wijktafel_id, action, detail, now=now, set_id=row.id
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
    text = set_text(person.t, row, target)
    if row.audience == "all":
        text += "\n\n" + person.t("feedback.set.counts_as_broadcast")
    return text, set_keyboard(person.t, row, sent=sent)


async def show_set(update: Update, session: AsyncSession, person: Person, row: FeedbackSet) -> None:
    """Send the set with its switches."""
    await send(update, *await _set_view(session, person, row))


async def edit_set(
    update: Update,
    context: BotContext,
    session: AsyncSession,
    person: Person,
    row: FeedbackSet,
    *,
    args: list[str],
) -> None:
    """`<n> <question>`, `<n> -` or `open <text>|-`; then the set again."""
    t, repo, now = person.t, FeedbackSetRepository(session), context.services.clock()
    what = args[0].casefold()
    # bidi and zero-width characters out before measuring, as for a /bericht message
    value = visible(args[1]).strip() if len(args) > 1 else ""
    if what in {"open", "vrij", "free"}:
        if not value or len(value) > MAX_REMARK_QUESTION:
            await send(update, t("feedback.error.remark"))
            return
        row.remark, row.remark_text = True, None if value == "-" else value
        await _audit(session, person, row, "open", detail=value, now=now)
    elif what.isdigit() and 1 <= int(what) <= min(len(row.questions) + 1, FEEDBACK_MAX_QUESTIONS):
        if value == "-":
            if int(what) > len(row.questions) or len(row.questions) == 1:
                await send(update, t("feedback.error.last"))
                return
            await repo.remove_question(row, int(what))
            await _audit(session, person, row, "remove", detail=what, now=now)
        else:
            parsed = parse_own(value)
            if isinstance(parsed, str):
                await send(update, t(parsed) + "\n\n" + t("feedback.set.help", id=row.id))
                return
            await repo.set_question(row, int(what), parsed)
            await _audit(session, person, row, "question", detail=f"{what}: {value}", now=now)
    else:
        await send(update, t("feedback.error.number", most=FEEDBACK_MAX_QUESTIONS))
        return
    row.sender_id = person.user_id
    await show_set(update, session, person, row)
    await _tell_if_capped(update, context, session, person, row)


async def _tell_if_capped(
    update: Update, context: BotContext, session: AsyncSession, person: Person, row: FeedbackSet
) -> None:
    """Who just changed a set for all subscribers sends its rounds: at their daily cap, say
    that the next round waits, and from when it can go."""
    if row.audience != "all":
        return
    settings = context.services.settings
    cap = BroadcastCap(session, limit=settings.broadcasts_per_day, timezone=settings.timezone)
    state = await cap.used(person.user_id, context.services.clock())
    if state.reached:
        again = person.t.datetime(state.again_at, "EEEE d MMMM HH:mm")
        await send(update, person.t("feedback.cap.reached", limit=state.limit, again=again))


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
    managed = await managed_wijktafels(session, person)
    match = re.match(TARGET_PATTERN, data or "")
    if match is None:
        await _list_targets(update, session, person, managed)
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
    if managed is not None and wijktafel_id not in managed:
        # a forged or stale press for a wijktafel this organiser was not given
        await send(update, t("feedback.target.not_yours"))
        return
    row = await FeedbackSetRepository(session).create(
        wijktafel_id,
        meeting_id,
        delay_minutes=context.services.settings.feedback_delay_minutes,
        by=person.user_id,
        now=context.services.clock(),
    )
    await _audit(session, person, row, "create", detail=data or "", now=context.services.clock())
    await show_set(update, session, person, row)
    check_soon(context.job_queue)


async def _list_targets(
    update: Update, session: AsyncSession, person: Person, managed: set[int] | None
) -> None:
    """The series and meetings this person may attach a set to, as buttons."""
    repo, t = MeetingRepository(session), person.t
    buttons = []
    for table in await repo.wijktafels():
        if managed is not None and table.id not in managed:
            continue
        label = t.label("feedback.target.series", name=table.name)
        buttons.append([InlineKeyboardButton(label, callback_data=f"fbt:w:{table.id}")])
        for meeting in await repo.meetings([table.id]):
            label = t.label("feedback.target.meeting", title=meeting.title, id=meeting.id)
            buttons.append([InlineKeyboardButton(label, callback_data=f"fbt:m:{meeting.id}")])
    if not buttons:
        await send(
            update, t("feedback.target.none" if managed is None else "feedback.target.none_yours")
        )
        return
    await send(update, t("feedback.target.choose"), InlineKeyboardMarkup(buttons))


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
    if row is None or not await may_manage(session, person, row):
        await send(update, person.t("feedback.error.set", value=match.group(1)))
        return
    action, t = match.group(2), person.t
    now = context.services.clock()
    detail = ("all" if row.audience == "yes" else "yes") if action == "aud" else ""
    await _audit(session, person, row, action, detail=detail, now=now)
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
        later = [d for d in FEEDBACK_DELAY_CHOICES if d > row.delay_minutes]
        row.delay_minutes = later[0] if later else FEEDBACK_DELAY_CHOICES[0]
    elif action == "act":
        row.active = not row.active
    # whoever changes the set answers for what it sends (see FeedbackSet.sender_id)
    row.sender_id = person.user_id
    await edit_or_send(update, *await _set_view(session, person, row))
    await _tell_if_capped(update, context, session, person, row)


def register(application: WijkApplication) -> None:
    """The attach, target and switch buttons."""
    application.add_handler(CallbackQueryHandler(choose_target, pattern=f"^{ATTACH}$"))
    application.add_handler(CallbackQueryHandler(choose_target, pattern=TARGET_PATTERN))
    application.add_handler(CallbackQueryHandler(set_switch, pattern=SET_PATTERN))
