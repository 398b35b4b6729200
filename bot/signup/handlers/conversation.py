"""The sign-up journey: /aanmelden walks a volunteer through their entry, step by step.

The step and the answers live in the `signup_drafts` table, read on every message and button,
so a restart (or another process) continues exactly where the person was.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.core.commands import BACK, SIGNUP, STOP
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, first_in_line, send, with_person
from bot.core.journeys import Journey, register_journey
from bot.core.person import Person
from bot.owners.edits import EDIT_OF
from bot.owners.submit_edit import submit_edit
from bot.signup.answers import Outcome, on_button, on_text
from bot.signup.checks import offer_from
from bot.signup.coordinators import notify_coordinators
from bot.signup.handlers.moderation import typed_message
from bot.signup.prompts import begin, show, today
from bot.signup.repository_drafts import DraftRepository, signing_up
from bot.signup.repository_submissions import SubmissionRepository
from bot.signup.steps import Draft, clear_transient, previous_step, slug
from bot.signup.views import CALLBACK_PATTERN
from bot.visible import visible


@with_person(SIGNUP)
async def signup_command(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/aanmelden."""
    await begin(update, context, person, session)


@with_person(BACK)
async def back(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """/terug: one step back."""
    drafts = DraftRepository(session)
    draft = await drafts.get(person.user_id)
    if draft is None:
        await send(update, person.t("signup.none"))
        return
    step = previous_step(draft.step) or draft.step
    data = clear_transient(dict(draft.data))
    await drafts.save(person.user_id, step, data, context.services.clock())
    await show(update, context, person, step, data)


@with_person(STOP)
async def stop(update: Update, _c: BotContext, person: Person, session: AsyncSession) -> None:
    """/stop: cancel and delete the draft."""
    deleted = await DraftRepository(session).delete(person.user_id)
    await send(update, person.t("signup.stopped" if deleted else "signup.none"))


async def _apply(
    update: Update, context: BotContext, person: Person, session: AsyncSession, outcome: Outcome
) -> None:
    if outcome.submit:
        await _submit(update, context, person, session, outcome.draft)
        return
    await DraftRepository(session).save(
        person.user_id, outcome.step, outcome.draft, context.services.clock()
    )
    in_place = outcome.in_place and outcome.error is None
    await show(
        update,
        context,
        person,
        outcome.step,
        outcome.draft,
        before=outcome.error,
        in_place=in_place,
    )


async def _submit(
    update: Update, context: BotContext, person: Person, session: AsyncSession, draft: Draft
) -> None:
    if draft.get(EDIT_OF):
        # An owner's edit of a published entry (from /mijninitiatief) ends here too.
        await submit_edit(update, context, person, session, draft)
        return
    offer, errors = offer_from(draft, slug(draft.get("name", "")), today(context))
    if offer is None:
        fields = ", ".join(sorted({person.t(f"signup.field.{e.field}") for e in errors}))
        await send(update, person.t("signup.error.incomplete", fields=fields))
        return
    now = context.services.clock()
    data = clear_transient(draft)
    resubmitted = data.pop("submission_id", None)
    row = await SubmissionRepository(session).submit(person.user_id, data, now, resubmitted)
    await DraftRepository(session).delete(person.user_id)
    await edit_or_send(update, person.t("signup.sent", name=offer.name))
    await notify_coordinators(context, session, row)


@with_person()
async def typed(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """A typed message: the message a coordinator was asked for, or the answer to a step."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    if await typed_message(update, context, person, session, message.text):
        context.consumed = True
        return
    draft = await DraftRepository(session).get(person.user_id)
    if draft is None:
        return
    context.consumed = True
    await _apply(
        update,
        context,
        person,
        session,
        on_text(person.t, draft.step, dict(draft.data), visible(message.text)),
    )


@with_person()
async def pressed(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """A sign-up button; it only counts on the prompt of the person's current step."""
    match = callback_match(update, CALLBACK_PATTERN)
    if match is None:
        return
    step, action, argument = match.group(1), match.group(2), match.group(3) or ""
    draft = await DraftRepository(session).get(person.user_id)
    if draft is None:
        await send(update, person.t("signup.none"))
        return
    if draft.step != step:
        await show(
            update, context, person, draft.step, dict(draft.data), before=person.t("signup.stale")
        )
        return
    await _apply(
        update,
        context,
        person,
        session,
        on_button(person.t, step, dict(draft.data), action, argument),
    )


def register(application: WijkApplication) -> None:
    """Add /aanmelden, /terug, /stop, the typed answers (before other journeys) and buttons."""
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(SIGNUP.names, signup_command))
    application.add_handler(CommandHandler(BACK.names, back, filters=private))
    application.add_handler(CommandHandler(STOP.names, stop, filters=private))
    text = filters.TEXT & ~filters.COMMAND & private & ~filters.UpdateType.EDITED
    register_journey(application, Journey.SIGNUP, signing_up)
    application.add_handler(MessageHandler(text, first_in_line(Journey.SIGNUP, typed)), group=-1)
    application.add_handler(CallbackQueryHandler(pressed, pattern=CALLBACK_PATTERN))
