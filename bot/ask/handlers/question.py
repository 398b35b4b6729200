"""The ask journey: a question in chat gets the best few offers as short cards, paged."""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.ask.demand import record_answer, reject
from bot.ask.followup import (
    AREA,
    PICK_PATTERN,
    THEME,
    area_options,
    ask_back_keyboard,
    ask_back_text,
    combined,
    missing_half,
    theme_options,
)
from bot.ask.handlers.location import answer_near, near_offer, render_near_page
from bot.ask.repository_questions import QuestionRepository
from bot.ask.smalltalk import small_talk, small_talk_reply
from bot.ask.views import MAX_RESULTS, PAGE_SIZE, answer_keyboard
from bot.core.client_details import clean, with_note
from bot.core.commands import ASK
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.db.models import AskedQuestion
from bot.introductions.repository import IntroRepository
from bot.introductions.views import start_button
from bot.languages import folded_language_names
from bot.socialmap.cards import full_card, short_card
from matching.matcher import Matcher
from matching.normalise import fold
from matching.results import SearchResult
from matching.suggestions import area_suggestions
from matching.thesaurus import Tag
from matching.unknown_places import find_unknown_place, without_place

MAX_QUESTION = 300
CALLBACK_PATTERN = r"^ask:(more|info|miss|skip):(\d+)(?::(\d+))?$"


def _today(context: BotContext) -> date:
    services = context.services
    return services.clock().astimezone(services.settings.timezone).date()


def topic_line(person: Person, matcher: Matcher, result: SearchResult) -> str:
    """What the bot understood: themes, target groups and areas."""
    parts = [matcher.thesaurus.label(Tag("theme", code), person.language) for code in result.themes]
    # one label per meaning: "nieuwkomers" as a theme and as a group is said once
    parts += [
        matcher.thesaurus.label(Tag("group", code), person.language)
        for code in result.target_groups
        if code not in result.themes
    ]
    parts += [area.name for area in result.areas]
    return " · ".join(parts)


def no_results_text(person: Person, matcher: Matcher, result: SearchResult) -> str:
    """A helpful reply when nothing fits: a spelling suggestion for an area, and examples."""
    lines = [person.t("ask.none", query=result.query)]
    for word in result.unknown_words:
        suggestions = area_suggestions(matcher.gazetteer, word, person.language)
        if suggestions:
            lines.append(person.t("ask.did_you_mean", suggestions=" / ".join(suggestions)))
            break
    lines.append(person.t("ask.how"))
    return "\n".join(lines)


def in_private(question: AskedQuestion) -> bool:
    """Whether the question was asked in the asker's private chat (where introductions work)."""
    return question.chat_id == question.user_id


async def render_page(
    context: BotContext,
    person: Person,
    question: AskedQuestion,
    page: int,
    s: AsyncSession,
    *,
    matcher: Matcher | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of one page of answers to a stored question."""
    if question.mode is not None:  # an answer around the person's shared place
        return await render_near_page(context, person, question, page, s)
    matcher = matcher or await context.services.map.matcher(s)
    offset = page * PAGE_SIZE
    result = matcher.search(
        question.query, limit=PAGE_SIZE + 1, lang=person.language, offset=offset
    )
    hits = list(result.results[:PAGE_SIZE])
    if page == 0:
        await record_answer(context, s, matcher, question, result, shown=[h.offer for h in hits])
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


def understood(matcher: Matcher, name: str) -> bool:
    """Whether the bot reads a capitalised name as something other than a place."""
    parsed = matcher.parse(name)
    if parsed.concepts or parsed.keywords or parsed.place_kinds:
        return True
    return fold(name) in folded_language_names()


async def answer_question(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    query: str,
    *,
    ask_back: bool = True,
) -> None:
    """Store the question briefly (without client details) and send the first page of
    answers; small talk gets a reply in kind, an unknown place is named, and half a question
    is asked back."""
    chat = update.effective_chat
    if chat is None:
        return
    cleaned = clean(context, " ".join(query.split()))
    query = cleaned.text[:MAX_QUESTION]
    kind = small_talk(query)
    if kind is not None:
        await send(update, small_talk_reply(person, kind))
        return
    if not query:
        await send(update, person.t("ask.how"))
        return
    matcher = await context.services.map.matcher(session)
    notes: list[str] = []
    place = find_unknown_place(query, matcher.gazetteer, partial(understood, matcher))
    if place is not None:
        notes.append(person.t("ask.unknown_place", place=place.name))
        query = without_place(query, place)
        ask_back = False  # they told where; the answer is the city's, said plainly
        if not matcher.parse(query).words:
            await send(update, "\n".join([*notes, person.t("ask.how")]))
            return
    questions = QuestionRepository(session)
    now = context.services.clock()
    question = await questions.ask(person.user_id, chat.id, query, person.language, now)
    if ask_back and await _ask_back(update, person, questions, matcher, question):
        return
    text, keyboard = await render_page(context, person, question, 0, session, matcher=matcher)
    await send(update, with_note(person, "\n\n".join([*notes, text]), cleaned), keyboard)


async def _ask_back(
    update: Update,
    person: Person,
    questions: QuestionRepository,
    matcher: Matcher,
    question: AskedQuestion,
) -> bool:
    """Ask for the missing half of a question that has only a topic or only an area;
    False (nothing sent) when the question is whole."""
    missing = missing_half(matcher, question.query)
    if missing is None:
        return False
    if missing == AREA:
        earlier = [q.query for q in await questions.recent(person.user_id, 10)]
        options = area_options(person, matcher, earlier[1:])  # [0] is this question
        topic = question.query
    else:
        options = theme_options(person, matcher, question.query)
        topic = matcher.parse(question.query).areas[0].place.name
    if not options:
        return False
    await questions.ask_back(question, missing, [o.words for o in options], question.asked_at)
    await send(
        update, ask_back_text(person, missing, topic), ask_back_keyboard(question.id, options)
    )
    return True


async def _answer_followup(
    update: Update,
    context: BotContext,
    person: Person,
    s: AsyncSession,
    text: str,
    *,
    pending: AskedQuestion | None,
) -> bool:
    """A typed missing half of the question asked back; False when the text is a new
    question (then the question asked back is closed)."""
    if pending is None or pending.followup is None:
        return False
    questions = QuestionRepository(s)
    questions.close_followup(pending)
    matcher = await context.services.map.matcher(s)
    given = missing_half(matcher, text)
    if pending.followup == AREA and given is None:
        # "Utrecht" as the answer to "In welk gebied?": say so, and ask again.
        place = find_unknown_place(f"in {text}", matcher.gazetteer, partial(understood, matcher))
        if place is not None and not without_place(f"in {text}", place).strip(" ?!."):
            earlier = [q.query for q in await questions.recent(person.user_id, 10)]
            options = area_options(person, matcher, [q for q in earlier if q != pending.query])
            now = context.services.clock()
            await questions.ask_back(pending, AREA, [o.words for o in options], now)
            note = person.t("ask.unknown_place", place=place.name)
            again = ask_back_text(person, AREA, pending.query)
            await send(update, f"{note}\n{again}", ask_back_keyboard(pending.id, options))
            return True
    # An area answers "In welk gebied?"; a topic answers "Waarover?"
    if (pending.followup, given) not in ((AREA, THEME), (THEME, AREA)):
        return False
    query = combined(pending.followup, pending.query, text)
    await answer_question(update, context, person, s, query, ask_back=False)
    return True


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
    waiting, asked_back = await questions.waiting(person.user_id, chat.id, context.services.clock())
    if waiting is not None:
        word = clean(context, message.text)
        await questions.add_word(waiting, word.text)
        await send(update, with_note(person, person.t("ask.miss.thanks"), word))
        return
    cleaned = clean(context, " ".join(message.text.split()))
    query = cleaned.text[:MAX_QUESTION]
    kind = small_talk(query)
    if kind is not None:  # small talk keeps a question asked back open
        await send(update, small_talk_reply(person, kind))
        return
    if await _answer_followup(update, context, person, s, query, pending=asked_back):
        return
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
        await reject(s, question)
        skip = InlineKeyboardMarkup(
            [[InlineKeyboardButton(person.t("ask.skip"), callback_data=f"ask:skip:{question.id}")]]
        )
        await send(update, person.t("ask.miss.which"), skip)
    else:
        await questions.add_word(question, None)
        await edit_or_send(update, person.t("ask.miss.thanks"))


@with_person()
async def pick_button(update: Update, context: BotContext, person: Person, s: AsyncSession) -> None:
    """A button of a question asked back: the question with the chosen area or theme."""
    chat = update.effective_chat
    match = callback_match(update, PICK_PATTERN)
    if match is None or chat is None:
        return
    questions = QuestionRepository(s)
    question = await questions.get(int(match.group(1)))
    options = questions.followup_options(question) if question is not None else []
    number = int(match.group(2))
    if (
        question is None
        or question.chat_id != chat.id
        or question.followup is None
        or (number >= len(options))
    ):
        await send(update, person.t("ask.expired"))
        return
    questions.close_followup(question)
    query = combined(question.followup, question.query, options[number])
    await answer_question(update, context, person, s, query, ask_back=False)


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
    if question.mode is not None:
        found = await near_offer(context, person, s, question, number)
    else:
        result = matcher.search(question.query, limit=1, lang=person.language, offset=number)
        found = result.results[0].offer if result.results else None
    if found is None:
        await send(update, person.t("ask.expired"))
        return
    offer = found
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
    application.add_handler(CallbackQueryHandler(pick_button, pattern=PICK_PATTERN))
