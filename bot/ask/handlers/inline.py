"""Inline mode: `@bot eenzaamheid oost` in any chat answers with offers as articles."""

from __future__ import annotations

from uuid import uuid4

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import InlineQueryHandler

from bot.ask.demand import record_inline
from bot.ask.views import PAGE_SIZE
from bot.core.context import BotContext, WijkApplication
from bot.core.person import person_from
from bot.introductions.repository import IntroRepository
from bot.socialmap.cards import short_card, summary
from bot.socialmap.facilities import describe

INLINE_RESULTS = 10
INLINE_CACHE_SECONDS = 60


async def inline_question(update: Update, context: BotContext) -> None:
    """Answer an inline query with the best offers; an empty query gets a hint button."""
    inline = update.inline_query
    if inline is None:
        return
    services = context.services
    person = person_from(inline.from_user, None, services)
    query = " ".join(inline.query.split())[:300]
    hint = InlineQueryResultsButton(text=person.t("inline.hint"), start_parameter="inline")
    if not query:
        await inline.answer([], button=hint, cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        return
    matcher = await services.map.matcher()
    result = matcher.search(query, limit=INLINE_RESULTS, lang=person.language)
    today = services.clock().astimezone(services.settings.timezone).date()
    async with services.db.transaction() as session:
        via_bot = await IntroRepository(session).reachable(h.offer.id for h in result.results)
        shown = [hit.offer for hit in result.results[:PAGE_SIZE]]
        await record_inline(context, session, matcher, inline.from_user.id, result, shown=shown)
    articles = [
        InlineQueryResultArticle(
            id=uuid4().hex,
            title=hit.offer.name,
            description=summary(describe(person.t, hit.offer), 100),
            input_message_content=InputTextMessageContent(
                short_card(
                    person.t,
                    n,
                    hit,
                    matcher.where(hit.offer),
                    today,
                    municipal=hit.offer.id in services.map.municipal,
                    via_bot=hit.offer.id in via_bot,
                ),
                parse_mode=ParseMode.HTML,
            ),
        )
        for n, hit in enumerate(result.results, start=1)
    ]
    await inline.answer(
        articles,
        button=None if articles else hint,
        cache_time=INLINE_CACHE_SECONDS,
        is_personal=True,
    )


def register(application: WijkApplication) -> None:
    """Add the inline handler."""
    application.add_handler(InlineQueryHandler(inline_question))
