"""The ask journey: a question in chat gets the best few offers as short cards, paged."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.cards import full_card, short_card
from bot.commands import ASK
from bot.context import BotContext, WijkApplication
from bot.db.models import AskedQuestion
from bot.db.repositories.introductions import IntroRepository
from bot.db.repositories.questions import QuestionRepository
from bot.handlers.ask_location import answer_near
from bot.handlers.base import callback_match, edit_or_send, send, with_person
from bot.handlers.client_details import clean, with_note
from bot.handlers.intro_views import start_button
from bot.people import Person
from matching.matcher import Matcher
from matching.results import SearchResult
from matching.thesaurus import Tag

PAGE_SIZE = 3
MAX_RESULTS = 30
MAX_QUESTION = 300
CALLBACK_PATTERN = r"^ask:(more|info|miss|skip):(\d+)(?::(\d+))?$"


def _today(context: BotContext) -> date:
    services = context.services
    return services.clock().astimezone(services.settings.timezone).date()


def topic_line(person: Person, matcher: Matcher, result: SearchResult) -> str:
    """What the bot understood: themes, target groups and areas."""
    parts = [matcher.thesaurus.label(Tag("theme", code), person.language) for code in result.themes]
    parts += [
        matcher.thesaurus.label(Tag("group", code), person.language)
        for code in result.target_groups
    ]
    parts += [area.name for area in result.areas]
    return " · ".join(parts)


def answer_keyboard(
    person: Person,
    question_id: int,
    page: int,
    shown: int,
    has_more: bool,
    *,
    introductions: tuple[int, ...] = (),
) -> InlineKeyboardMarkup:
    """Details per card, "breng me in contact" per card reachable via the bot, paging, and
    "not what I was looking for"."""
    first = page * PAGE_SIZE
    details = [
        InlineKeyboardButton(
            f"🔎 {first + n + 1}", callback_data=f"ask:info:{question_id}:{first + n}"
        )
        for n in range(shown)
    ]
    paging = []
    if page > 0:
        paging.append(
            InlineKeyboardButton(
                person.t("ask.previous"), callback_data=f"ask:more:{question_id}:{page - 1}"
            )
        )
    if has_more:
        paging.append(
            InlineKeyboardButton(
                person.t("ask.more"), callback_data=f"ask:more:{question_id}:{page + 1}"
            )
        )
    intro = [start_button(person.t, question_id, index, numbered=True) for index in introductions]
    miss = [InlineKeyboardButton(person.t("ask.miss"), callback_data=f"ask:miss:{question_id}")]
    return InlineKeyboardMarkup([row for row in (details, intro, paging, miss) if row])


def no_results_text(person: Person, matcher: Matcher, result: SearchResult) -> str:
    """A helpful reply when nothing fits: a spelling suggestion for an area, and examples."""
    lines = [person.t("ask.none", query=result.query)]
    for word in result.unknown_words:
        suggestions = matcher.gazetteer.suggest(word, limit=2)
        if suggestions:
            lines.append(person.t("ask.did_you_mean", suggestions=" / ".join(suggestions)))
            break
    lines.append(person.t("ask.how"))
    return "\n".join(lines)


def in_private(question: AskedQuestion) -> bool:
    """Whether the question was asked in the asker's private chat (where introductions work)."""
    return question.chat_id == question.user_id


async def render_page(
    context: BotContext, person: Person, question: AskedQuestion, page: int, s: AsyncSession
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of one page of answers to a stored question."""
    matcher = await context.services.map.matcher(s)
    offset = page * PAGE_SIZE
    result = matcher.search(
        question.query, limit=PAGE_SIZE + 1, lang=person.language, offset=offset
    )
    hits = list(result.results[:PAGE_SIZE])
    if not hits:
        return no_results_text(person, matcher, result), None
    today = _today(context)
    via_bot = await IntroRepository(s).reachable(hit.offer.id for hit in hits)
    topic = topic_line(person, matcher, result)
    header = person.t("ask.header", topic=topic) if topic else person.t("ask.header_plain")
    if result.used_nearby and result.areas:
        header += "\n" + person.t("ask.nearby_note", area=result.areas[0].name)
    cards = [
        short_card(
            person.t,
            offset + n + 1,
            hit,
            matcher.where(hit.offer),
            today,
            municipal=hit.offer.id in context.services.map.municipal,
            via_bot=hit.offer.id in via_bot,
        )
        for n, hit in enumerate(hits)
    ]
    has_more = len(result.results) > PAGE_SIZE and offset + PAGE_SIZE < MAX_RESULTS
    introductions = (
        tuple(offset + n for n, hit in enumerate(hits) if hit.offer.id in via_bot)
        if in_private(question)
        else ()
    )
    keyboard = answer_keyboard(
        person, question.id, page, len(hits), has_more, introductions=introductions
    )
    return "\n\n".join([header, *cards]), keyboard


async def answer_question(
    update: Update, context: BotContext, person: Person, session: AsyncSession, query: str
) -> None:
    """Store the question briefly (without client details) and send the first page of
    answers."""
    chat = update.effective_chat
    if chat is None:
        return
    cleaned = clean(context, " ".join(query.split()))
    if not cleaned.text:
        await send(update, person.t("ask.how"))
        return
    questions = QuestionRepository(session)
    question = await questions.ask(
        person.user_id,
        chat.id,
        cleaned.text[:MAX_QUESTION],
        person.language,
        context.services.clock(),
    )
    text, keyboard = await render_page(context, person, question, 0, session)
    await send(update, with_note(person, text, cleaned), keyboard)


@with_person()
async def private_text(
    update: Update, context: BotContext, person: Person, s: AsyncSession
) -> None:
    """Plain text in a private chat: the word after "not what I was looking for", or a question."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or message.text is None or chat is None:
        return
    questions = QuestionRepository(s)
    waiting = await questions.awaiting_word(person.user_id, chat.id, context.services.clock())
    if waiting is not None:
        word = clean(context, message.text)
        await questions.add_word(waiting, word.text)
        await send(update, with_note(person, person.t("ask.miss.thanks"), word))
        return
    cleaned = clean(context, " ".join(message.text.split()))
    if await answer_near(update, context, person, s, cleaned):
        return
    await answer_question(update, context, person, s, message.text)


@with_person(ASK)
async def ask_command(update: Update, context: BotContext, person: Person, s: AsyncSession) -> None:
    """/vraag … (also in groups); without words, `answer_question` explains how to ask."""
    await answer_question(update, context, person, s, " ".join(context.args or []))


@with_person()
async def group_mention(
    update: Update, context: BotContext, person: Person, s: AsyncSession
) -> None:
    """A group message that mentions the bot is a question."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    mention = f"@{context.bot.username}"
    if mention.casefold() not in message.text.casefold():
        return
    query = re.sub(re.escape(mention), " ", message.text, flags=re.IGNORECASE)
    await answer_question(update, context, person, s, query)


@with_person()
async def answer_button(
    update: Update, context: BotContext, person: Person, s: AsyncSession
) -> None:
    """More, details, "not what I was looking for" and skip."""
    chat = update.effective_chat
    match = callback_match(update, CALLBACK_PATTERN)
    if match is None or chat is None:
        return
    action, question_id, number = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    questions = QuestionRepository(s)
    question = await questions.get(question_id)
    # The id is only a key into a server-side table: check it belongs to this chat.
    if question is None or question.chat_id != chat.id:
        await send(update, person.t("ask.expired"))
        return
    if action == "more":
        text, keyboard = await render_page(context, person, question, min(number, MAX_RESULTS), s)
        await edit_or_send(update, text, keyboard)
    elif action == "info":
        await _send_details(update, context, person, s, question, number=number)
    elif action == "miss":
        await questions.miss(question, context.services.clock())
        skip = InlineKeyboardMarkup(
            [[InlineKeyboardButton(person.t("ask.skip"), callback_data=f"ask:skip:{question.id}")]]
        )
        await send(update, person.t("ask.miss.which"), skip)
    else:
        await questions.add_word(question, None)
        await edit_or_send(update, person.t("ask.miss.thanks"))


async def _send_details(
    update: Update,
    context: BotContext,
    person: Person,
    s: AsyncSession,
    question: AskedQuestion,
    *,
    number: int,
) -> None:
    matcher = await context.services.map.matcher(s)
    result = matcher.search(question.query, limit=1, lang=person.language, offset=number)
    if not result.results:
        await send(update, person.t("ask.expired"))
        return
    offer = result.results[0].offer
    via_bot = offer.id in await IntroRepository(s).reachable([offer.id])
    text = full_card(
        person.t,
        offer,
        matcher.where(offer),
        matcher.thesaurus,
        _today(context),
        municipal=offer.id in context.services.map.municipal,
        via_bot=via_bot,
    )
    markup = None
    if via_bot and in_private(question):
        button = start_button(person.t, question.id, number, numbered=False)
        markup = InlineKeyboardMarkup([[button]])
    await send(update, text, markup)


def register(application: WijkApplication) -> None:
    """Add the ask handlers: private text, /vraag, mentions in groups, and the buttons."""
    private_text_filter = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private_text_filter, private_text))
    application.add_handler(CommandHandler(ASK.names, ask_command))
    mention = filters.TEXT & filters.ChatType.GROUPS & filters.Regex(r"@\w")
    application.add_handler(MessageHandler(mention, group_mention))
    application.add_handler(CallbackQueryHandler(answer_button, pattern=CALLBACK_PATTERN))
