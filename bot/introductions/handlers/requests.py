"""The warm introduction: "breng me in contact" on an entry reachable via the bot.

A professional presses the button under a result, writes one or two sentences, and the
entry's owners get the request with accept / decline. On accept both get each other's
Telegram contact (taken from the updates, never stored); on decline the professional gets
a friendly note and other suggestions. Each button is checked against the database: only
the asker starts, only a current owner answers, only the two sides answer the follow-up.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.ask.repository_questions import QuestionRepository
from bot.core.client_details import clean, with_note
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import (
    callback_match,
    edit_or_send,
    first_in_line,
    send,
    tell,
    with_person,
)
from bot.core.journeys import Journey, register_journey
from bot.core.person import Person
from bot.db.models import IntroRequest
from bot.introductions.entry import begin
from bot.introductions.repository import (
    ACCEPTED,
    DECLINED,
    EXPIRED,
    REQUESTED,
    IntroRepository,
    writing_request,
)
from bot.introductions.rules import ANSWERS, MAX_MESSAGE, message_problem
from bot.introductions.views import (
    CALLBACK_PATTERN,
    cancel_keyboard,
    mention,
    offer_name,
    owner_keyboard,
    suggestions,
    translator_for,
)
from bot.policy import INTRO_DAILY_LIMIT, INTRO_LIMIT_PERIOD
from bot.socialmap.repository import OfferRepository

log = logging.getLogger(__name__)


async def _start(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    *,
    question_id: int,
    index: int,
) -> None:
    chat = update.effective_chat
    question = await QuestionRepository(session).get(question_id)
    # Only the asker, in their own private chat, can ask to be introduced.
    if (
        chat is None
        or chat.type != ChatType.PRIVATE
        or question is None
        or question.user_id != person.user_id
        or question.chat_id != chat.id
    ):
        await send(update, person.t("ask.expired"))
        return
    matcher = await context.services.map.matcher(session)
    result = matcher.search(question.query, limit=1, lang=person.language, offset=index)
    if not result.results:
        await send(update, person.t("ask.expired"))
        return
    offer = result.results[0].offer
    areas = [area.name for area in result.areas] or matcher.where(offer)
    area = next(iter(areas), None)
    await begin(update, context, person, session, offer, area=area, query=question.query)


async def _send_request(
    update: Update, context: BotContext, person: Person, session: AsyncSession, row: IntroRequest
) -> None:
    message = update.effective_message
    text = " ".join((message.text or "").split()) if message else ""
    problem = message_problem(text)
    if problem is not None:
        await send(update, person.t(problem, max=MAX_MESSAGE), cancel_keyboard(person.t, row.id))
        return
    # Phone numbers and e-mail addresses are refused above (the sender can rephrase); names,
    # addresses and the like are taken out before the text is kept and passed on.
    cleaned = clean(context, text)
    text = cleaned.text
    repo = IntroRepository(session)
    now = context.services.clock()
    offer = await OfferRepository(session).get(row.offer_id)
    owners = await repo.owners(row.offer_id)
    if offer is None or not owners or row.offer_id not in await repo.reachable([row.offer_id]):
        await repo.cancel_draft(row)
        name = offer.name if offer else person.t("intro.unknown_offer")
        await send(update, person.t("intro.not_reachable", name=name))
        return
    if await repo.sent_since(person.user_id, now - INTRO_LIMIT_PERIOD) >= INTRO_DAILY_LIMIT:
        await repo.cancel_draft(row)
        await send(update, person.t("intro.limit", count=INTRO_DAILY_LIMIT))
        return
    query = row.query
    await repo.send(row, text, now)
    await send(update, with_note(person, person.t("intro.sent", name=offer.name), cleaned))
    reached = 0
    for owner_id in owners:
        t = await translator_for(session, context.services, owner_id)
        body = t("intro.request", name=offer.name, message=text) + "\n\n" + t("intro.request.note")
        reached += await tell(context, owner_id, body, owner_keyboard(t, row.id))
    if reached:
        return
    await repo.decide(row, EXPIRED, None, now)
    others = await suggestions(session, context.services, person.t, query, row.offer_id)
    await send(update, person.t("intro.unreachable", name=offer.name) + "\n\n" + others)


async def _decide(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    request_id: int,
    *,
    accept: bool,
) -> None:
    repo = IntroRepository(session)
    row = await repo.get(request_id)
    if row is None or row.state != REQUESTED:
        await edit_or_send(update, person.t("intro.closed"))
        return
    if person.user_id not in await repo.owners(row.offer_id):
        await send(update, person.t("intro.not_owner"))
        return
    query, professional = row.query, row.professional_id
    state = ACCEPTED if accept else DECLINED
    if professional is None or not await repo.decide(
        row, state, person.user_id, context.services.clock()
    ):
        await edit_or_send(update, person.t("intro.closed"))
        return
    pro_t = await translator_for(session, context.services, professional)
    name = await offer_name(session, pro_t, row.offer_id)
    if not accept:
        await edit_or_send(update, person.t("intro.declined.owner"))
        others = await suggestions(session, context.services, pro_t, query, row.offer_id)
        await tell(context, professional, pro_t("intro.declined", name=name) + "\n\n" + others)
        return
    owner = update.effective_user
    owner_contact = mention(
        person.user_id, owner.first_name if owner else "", owner.username if owner else None
    )
    professional_contact = await _contact_of(context, professional)
    later = person.t("intro.accepted.later")
    reply = person.t("intro.accepted.owner") + "\n" + professional_contact + "\n\n" + later
    await edit_or_send(update, _below_request(update, reply))
    text = pro_t("intro.accepted", name=name) + "\n" + owner_contact
    await tell(context, professional, text + "\n\n" + pro_t("intro.accepted.later"))


def _below_request(update: Update, text: str) -> str:
    """The owner keeps the request's text (now only in their chat) above the outcome."""
    query = update.callback_query
    message = query.message if query is not None else None
    if isinstance(message, Message) and message.text:
        return message.text_html + "\n\n" + text
    return text


async def _contact_of(context: BotContext, user_id: int) -> str:
    """The professional's name and @name, asked from Telegram now rather than stored."""
    try:
        chat = await context.bot.get_chat(user_id)
    except TelegramError as err:
        log.info("could not look up user %s: %s", user_id, err)
        return mention(user_id, "", None)
    return mention(user_id, chat.first_name or chat.full_name or "", chat.username)


async def _follow_up(
    update: Update, person: Person, session: AsyncSession, request_id: int, code: str
) -> None:
    repo = IntroRepository(session)
    row = await repo.get(request_id)
    answer = ANSWERS.get(code)
    if row is None or row.followup_at is None or answer is None:
        await edit_or_send(update, person.t("intro.closed"))
        return
    if person.user_id == row.professional_id:
        await repo.answer(row, "professional", answer)
    elif person.user_id == row.decided_by:
        await repo.answer(row, "owner", answer)
    else:
        await send(update, person.t("intro.closed"))
        return
    await edit_or_send(update, person.t(f"intro.followup.thanks.{answer}"))


@with_person()
async def pressed(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Every button of the journey: start, cancel, accept, decline and the follow-up."""
    match = callback_match(update, CALLBACK_PATTERN)
    if match is None:
        return
    action, number, extra = match.group(1), int(match.group(2)), match.group(3) or ""
    if action == "new" and extra.isdigit():
        await _start(update, context, person, session, question_id=number, index=int(extra))
    elif action == "cancel":
        repo = IntroRepository(session)
        draft = await repo.draft_of(person.user_id, context.services.clock())
        if draft is not None and draft.id == number:
            await repo.cancel_draft(draft)
        await edit_or_send(update, person.t("intro.cancelled"))
    elif action in ("yes", "no"):
        await _decide(update, context, person, session, number, accept=action == "yes")
    elif action == "fu":
        await _follow_up(update, person, session, number, extra)


@with_person()
async def typed(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """A typed message while the person writes their request is that request's text."""
    draft = await IntroRepository(session).draft_of(person.user_id, context.services.clock())
    if draft is None:
        return
    context.consumed = True
    await _send_request(update, context, person, session, draft)


def register(application: WijkApplication) -> None:
    """Add the buttons and the typed request text (before the sign-up and ask journeys)."""
    application.add_handler(CallbackQueryHandler(pressed, pattern=CALLBACK_PATTERN))
    text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED
    register_journey(application, Journey.INTRODUCTION, writing_request)
    request = first_in_line(Journey.INTRODUCTION, typed)
    application.add_handler(MessageHandler(text, request), group=-2)
