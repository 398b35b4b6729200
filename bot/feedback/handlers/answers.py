"""Participants' side of feedback: poll answers, group poll counts and the typed remark.

A person's polls are non-anonymous to the bot only so that each answer can be counted per
meeting and changed later; the database keeps the answer on the poll (which belongs to one
invite), never a name. Group polls are anonymous: only their counts arrive.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    MessageHandler,
    PollAnswerHandler,
    PollHandler,
    filters,
)

from bot.core.client_details import clean, with_note
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, first_in_line, send, with_person
from bot.core.journeys import Journey, register_journey
from bot.core.person import Person
from bot.feedback.repository_rounds import OPEN, FeedbackRoundRepository, remark_awaited
from bot.feedback.views import MAX_REMARK, REMARK_PATTERN
from bot.policy import FEEDBACK_REMARK_WINDOW


@with_person()
async def poll_answer(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Store (or change, or with no options retract) a person's answer to one of our polls."""
    answer = update.poll_answer
    if answer is None:
        return
    rounds = FeedbackRoundRepository(session)
    poll = await rounds.poll(answer.poll_id)
    # Only the person the poll was sent to counts; forgotten people's polls have no chat.
    if poll is None or poll.invite_id is None or poll.chat_id != person.user_id:
        return
    row = await rounds.get(poll.round_id)
    if row is None or row.state != OPEN:
        return
    poll.choice = list(answer.option_ids) or None
    poll.answered_at = context.services.clock() if poll.choice else None


async def group_poll(update: Update, context: BotContext) -> None:
    """Keep a group poll's counts current (Telegram sends its new state after each vote)."""
    state = update.poll
    if state is None:
        return
    async with context.services.db.transaction() as session:
        poll = await FeedbackRoundRepository(session).poll(state.id)
        if poll is not None and poll.invite_id is None and not poll.closed:
            poll.tallies = [option.voter_count for option in state.options]


@with_person()
async def remark_button(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """ "Schrijf iets": the next message this person types is their remark."""
    match = callback_match(update, REMARK_PATTERN)
    if match is None:
        return
    rounds = FeedbackRoundRepository(session)
    row = await rounds.get(int(match.group(1)))
    invite = await rounds.invite_of(row.id, person.user_id) if row else None
    if row is None or invite is None or row.state != OPEN:
        await send(update, person.t("feedback.remark.closed"))
        return
    invite.awaiting_since = context.services.clock()
    await send(update, person.t("feedback.remark.go", limit=MAX_REMARK))


@with_person()
async def typed_remark(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Take the message as the remark when the person just pressed "schrijf iets"."""
    message = update.effective_message
    if message is None or not message.text:
        return
    now = context.services.clock()
    rounds = FeedbackRoundRepository(session)
    invite = await rounds.awaiting_remark(person.user_id, now - FEEDBACK_REMARK_WINDOW)
    if invite is None:
        return
    context.consumed = True
    text = message.text.strip()
    if len(text) > MAX_REMARK:
        await send(update, person.t("feedback.remark.long", limit=MAX_REMARK, length=len(text)))
        return
    cleaned = clean(context, text)
    await rounds.add_remark(invite, cleaned.text, now)
    await send(update, with_note(person, person.t("feedback.remark.thanks"), cleaned))


def register(application: WijkApplication) -> None:
    """Poll answers, group poll states, the remark button and the typed remark (first)."""
    application.add_handler(PollAnswerHandler(poll_answer))
    application.add_handler(PollHandler(group_poll))
    application.add_handler(CallbackQueryHandler(remark_button, pattern=REMARK_PATTERN))
    private = filters.ChatType.PRIVATE
    text = filters.TEXT & ~filters.COMMAND & private & ~filters.UpdateType.EDITED
    # Before sign-up (-1) and asking (0): a remark someone was asked for is not a question.
    register_journey(application, Journey.REMARK, remark_awaited)
    remark = first_in_line(Journey.REMARK, typed_remark)
    application.add_handler(MessageHandler(text, remark), group=-4)
