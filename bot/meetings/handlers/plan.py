"""/bijeenkomst step by step: plan a new meeting or edit one, kept in the `meeting_drafts` table.

Each typed answer, shared location and button reads the coordinator's draft, so a restart
continues where they were. /terug and /stop act on a meeting draft first and otherwise fall
through to the sign-up (which has its own draft); typed answers belong to the meeting draft
before any other journey sees them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.core.commands import BACK, MEETING, STOP
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, first_in_line, send, with_person
from bot.core.journeys import Journey, register_journey
from bot.core.person import Person
from bot.core.roles import Role
from bot.meetings import jobs_reminders
from bot.meetings.handlers import broadcast_flow
from bot.meetings.handlers.edit import (
    edit_button,
    edit_location,
    edit_prompt,
    edit_text,
)
from bot.meetings.handlers.edit_turn import EditTurn
from bot.meetings.plan_data import choices, store_meeting
from bot.meetings.plan_steps import (
    NEW_STEPS,
    SUB_STEPS,
    Data,
    Outcome,
    on_button,
    on_location,
    on_text,
    previous_step,
)
from bot.meetings.repository import MeetingRepository
from bot.meetings.repository_drafts import MeetingDraftRepository, planning_meeting
from bot.meetings.views import created_lines
from bot.meetings.views_plan import PLAN_PATTERN, prompt
from bot.signup.repository_submissions import SubmissionRepository
from bot.visible import visible

# Set while handling one update when it belonged to this journey.
# A draft step that is not part of planning a new meeting is an edit step.
PLANNING = {*NEW_STEPS, *SUB_STEPS, "menu"}
BUTTON_ONLY = {"menu", "edit", "edit_dates", "edit_date"}


async def show(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    outcome: Outcome,
    *,
    in_place: bool = False,
) -> None:
    """Send (or edit into place) the prompt of the outcome's step, after its note or error."""
    now, step, data = context.services.clock(), outcome.step, outcome.data
    if step in broadcast_flow.STEPS:
        text, markup = await broadcast_flow.prompt(person.t, session, step, data)
    elif step in PLANNING:
        text, markup = prompt(
            person.t, step, data, await choices(session, person.t, step, data, now), now
        )
    else:
        text, markup = await edit_prompt(EditTurn(person.t, session, step, data, now))
    before = outcome.error or outcome.note
    if before:
        text = f"{before}\n\n{text}"
    if in_place:
        await edit_or_send(update, text, markup)
    else:
        await send(update, text, markup)


async def open_menu(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/bijeenkomst without a form: plan a new meeting or pick one to edit (private chat)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await send(update, person.t("plan.use_private"))
        return
    drafts = MeetingDraftRepository(session)
    draft = await drafts.get(person.user_id)
    # A /bericht in progress only holds the chosen wijktafel: planning a meeting replaces it.
    if draft is not None and draft.step != "menu" and draft.step not in broadcast_flow.STEPS:
        resumed = Outcome(draft.step, dict(draft.data), note=person.t("plan.resume"))
        await show(update, context, person, session, resumed)
        return
    await drafts.save(person.user_id, "menu", {}, context.services.clock())
    await show(update, context, person, session, Outcome("menu", {}))


async def _save_meeting(
    update: Update, context: BotContext, person: Person, session: AsyncSession, data: Data
) -> None:
    now = context.services.clock()
    meeting, table = await store_meeting(session, person.user_id, data, now)
    await MeetingDraftRepository(session).delete(person.user_id)
    repo, username = MeetingRepository(session), context.bot.username
    lines = await created_lines(person.t, repo, meeting, table, username)
    lines.append(person.t("plan.edit_later"))
    await edit_or_send(update, "\n\n".join(lines))
    jobs_reminders.check_soon(context)


async def _apply(
    update: Update, context: BotContext, person: Person, session: AsyncSession, outcome: Outcome
) -> None:
    drafts = MeetingDraftRepository(session)
    if outcome.finish == "save":
        await _save_meeting(update, context, person, session, outcome.data)
        return
    if outcome.finish in {"cancel", "done"}:
        await drafts.delete(person.user_id)
        await edit_or_send(update, person.t(f"plan.finished.{outcome.finish}"))
        return
    await drafts.save(person.user_id, outcome.step, outcome.data, context.services.clock())
    in_place = update.callback_query is not None and outcome.error is None
    await show(update, context, person, session, outcome, in_place=in_place)
    if outcome.reschedule:
        # After the reply, so the change is committed when the scheduler looks.
        jobs_reminders.check_soon(context)


async def _draft_of(person: Person, session: AsyncSession) -> tuple[str, Data] | None:
    """The coordinator's draft; a draft of someone who is no longer coordinator goes."""
    drafts = MeetingDraftRepository(session)
    draft = await drafts.get(person.user_id)
    if draft is None:
        return None
    if not person.has(Role.COORDINATOR):
        await drafts.delete(person.user_id)
        return None
    return draft.step, dict(draft.data)


async def _moderation_waits(person: Person, session: AsyncSession, now: datetime) -> bool:
    """Whether the coordinator was asked for a moderation text after their last planning step.

    Then the typed message is that text (the more recent request wins).
    """
    draft = await MeetingDraftRepository(session).get(person.user_id)
    waiting = await SubmissionRepository(session).awaiting_text_from(person.user_id, now)
    since = waiting.awaiting_since if waiting else None
    return draft is not None and since is not None and since > draft.updated_at


@with_person()
async def typed(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """A typed message or shared location while planning or editing a meeting."""
    message = update.effective_message
    found = await _draft_of(person, session)
    if message is None or found is None:
        return
    step, data = found
    now = context.services.clock()
    if step in BUTTON_ONLY or await _moderation_waits(person, session, now):
        # A menu waits for a press: what is typed meanwhile is for the other journeys.
        return
    if step in broadcast_flow.STEPS:
        if message.text is None:
            return
        context.consumed = True
        await _broadcast_text(
            update, person, session, step=step, data=data, text=message.text, now=now
        )
        return
    outcome: Outcome | None = None
    if message.location is not None:
        lat, lon = message.location.latitude, message.location.longitude
        outcome = on_location(step, data, lat, lon) or await edit_location(
            EditTurn(person.t, session, step, data, now), lat, lon
        )
    elif message.text is not None and step in PLANNING:
        outcome = on_text(person.t, step, data, visible(message.text), now)
    elif message.text is not None:
        turn = EditTurn(person.t, session, step, data, now)
        outcome = await edit_text(turn, visible(message.text))
    if outcome is None:
        return
    context.consumed = True
    await _apply(update, context, person, session, outcome)


async def _broadcast_text(
    update: Update,
    person: Person,
    session: AsyncSession,
    *,
    step: str,
    data: Data,
    text: str,
    now: datetime,
) -> None:
    """A typed answer in the /bericht conversation (its state is this same draft row)."""
    _next, (reply, markup) = await broadcast_flow.typed(
        person.t, session, step, data, text, user_id=person.user_id, now=now
    )
    await send(update, reply, markup)


@with_person(MEETING)
async def pressed(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """A planning or editing button; it counts only on the prompt of the current step."""
    match = callback_match(update, PLAN_PATTERN)
    if match is None:
        return
    step, action, argument = match.group(1), match.group(2), match.group(3) or ""
    found = await _draft_of(person, session)
    if found is None:
        await send(update, person.t("plan.none"))
        return
    current, data = found
    stale = Outcome(current, data, note=person.t("plan.stale"))
    if current != step:
        await show(update, context, person, session, stale)
        return
    now = context.services.clock()
    outcome = await _button(person, EditTurn(person.t, session, step, data, now), action, argument)
    if outcome is None:
        await show(update, context, person, session, stale)
        return
    await _apply(update, context, person, session, outcome)


def _without_page(data: Data) -> Data:
    return {k: v for k, v in data.items() if k != "page"}


async def _button(person: Person, turn: EditTurn, action: str, argument: str) -> Outcome | None:
    step, data, repo = turn.step, turn.data, turn.repo
    found: Outcome | None = None
    if step in {"menu", "table"} and action == "page" and argument.isdigit():
        found = Outcome(step, data | {"page": int(argument)})
    elif step == "menu" and action == "new":
        found = Outcome("table", {})
    elif step == "menu" and action == "edit" and argument.isdigit():
        known = await repo.meeting(int(argument)) is not None
        found = Outcome("edit", {"meeting_id": int(argument)}) if known else None
    elif step == "table" and action == "pick" and argument.isdigit():
        table = await repo.wijktafel(int(argument))
        picked = {"table_id": table.id, "name": table.name, "area": table.area} if table else None
        found = Outcome("title", _without_page(data) | picked) if picked else None
    elif step in PLANNING:
        found = on_button(step, data, action, argument)
    else:
        found = await edit_button(turn, action, argument)
    return found


@with_person(BACK)
async def back(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """/terug while planning or editing: one step back (otherwise the sign-up handles it)."""
    found = await _draft_of(person, session)
    if found is None:
        return
    context.consumed = True
    step, data = found
    if step in broadcast_flow.STEPS:
        earlier, data = broadcast_flow.PICK_TABLE, {}
    elif step in PLANNING:
        earlier = previous_step(step, data) or ("menu" if step == "table" else step)
    else:
        earlier = "edit" if step != "edit" else "menu"
        data = {"meeting_id": data["meeting_id"]} if earlier == "edit" else {}
    await MeetingDraftRepository(session).save(
        person.user_id, earlier, data, context.services.clock()
    )
    await show(update, context, person, session, Outcome(earlier, data))


@with_person(STOP)
async def stop(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """/stop while planning, editing or writing a /bericht: drop the draft (otherwise the
    sign-up handles it)."""
    drafts = MeetingDraftRepository(session)
    draft = await drafts.get(person.user_id)
    if draft is None:
        return
    message = (
        "broadcast.cancelled" if draft.step in broadcast_flow.STEPS else "plan.finished.cancel"
    )
    await drafts.delete(person.user_id)
    context.consumed = True
    await send(update, person.t(message))


def register(application: WijkApplication) -> None:
    """Typed answers, locations, /terug and /stop go to a meeting draft before anything else."""
    private = filters.ChatType.PRIVATE
    text = filters.TEXT & ~filters.COMMAND & private & ~filters.UpdateType.EDITED
    answers = text | (filters.LOCATION & private)
    register_journey(application, Journey.PLANNING, planning_meeting)
    planning = first_in_line(Journey.PLANNING, typed)
    application.add_handler(MessageHandler(answers, planning), group=-3)
    for command, callback in ((BACK, back), (STOP, stop)):
        first = first_in_line(Journey.PLANNING, callback)
        handler = CommandHandler(command.names, first, filters=private)
        application.add_handler(handler, group=-3)
    application.add_handler(CallbackQueryHandler(pressed, pattern=PLAN_PATTERN))
