"""A shared location: which buurt the user is in, and the nearest offers with distances.

The answer is stored like a typed question (mode "place" for the bare location, "near" for
a topic asked around it), so its buttons — details, more, "niet wat ik zocht" — work as
under any answer. The list is computed from the place as kept in the database (rounded to
about 100 m), so every page and detail agrees with the first answer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import MessageHandler, filters

from bot.ask.demand import record_near
from bot.ask.followup import AREA
from bot.ask.repository_places import PlaceRepository
from bot.ask.repository_questions import QuestionRepository
from bot.ask.views import MAX_RESULTS, answer_keyboard
from bot.core.client_details import with_note
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import send, with_person
from bot.core.person import Person
from bot.core.privacy_scrub import Scrubbed
from bot.db.models import AskedQuestion, SharedPlace
from bot.introductions.repository import IntroRepository
from bot.socialmap.cards import contact_line
from bot.socialmap.facilities import kind_of_place
from matching.matcher import Matcher
from matching.offer import Offer
from matching.place_kinds import PlaceKinds
from matching.thesaurus import Tag

NEAREST = 5
WALKING_METRES_PER_MINUTE = 80
PLACE, NEAR = "place", "near"  # asked_questions.mode of the two kinds of answer
PLACE_KINDS = PlaceKinds()
PIN = "📍"


@dataclass(frozen=True)
class NearItem:
    """One offer in an answer around a place."""

    offer: Offer
    metres: float | None
    reasons: tuple[str, ...] = ()


def distance_text(person: Person, metres: float) -> str:
    """'350 m' or '1,2 km', with a walking time."""
    minutes = max(1, round(metres / WALKING_METRES_PER_MINUTE))
    if metres < 1000:
        return person.t("near.metres", metres=int(round(metres, -1)), minutes=minutes)
    kilometres = f"{metres / 1000:.1f}"
    if person.language == "nl":
        kilometres = kilometres.replace(".", ",")
    return person.t("near.kilometres", kilometres=kilometres, minutes=minutes)


def kind_text(person: Person, matcher: Matcher, offer: Offer) -> str:
    """What kind of place an offer is: the facility's category, a kind of place, or the
    kind of entry with its first theme ("initiatief · eenzaamheid")."""
    facility = kind_of_place(person.t, offer)
    if facility is not None:
        return facility
    kinds = PLACE_KINDS.of(offer)
    if kinds:
        return PLACE_KINDS.label(kinds[0], person.language)
    parts = [person.t(f"near.kind.{offer.kind}")]
    if offer.themes:
        parts.append(matcher.thesaurus.label(Tag("theme", offer.themes[0]), person.language))
    return " · ".join(parts)


def near_items(
    matcher: Matcher, question: AskedQuestion, place: SharedPlace, lang: str, count: int
) -> list[NearItem]:
    """The first `count` offers of an answer around the place."""
    lat, lon = place.latitude, place.longitude
    if question.mode == NEAR:
        _result, near = matcher.search_near(question.query, lat, lon, limit=count, lang=lang)
        return [NearItem(item.hit.offer, item.distance_m, item.hit.reasons) for item in near]
    return [NearItem(n.offer, n.distance_m) for n in matcher.nearest(lat, lon, count)]


async def near_offer(
    context: BotContext, person: Person, s: AsyncSession, question: AskedQuestion, number: int
) -> Offer | None:
    """The offer behind "🔎 n" of an answer around a place (None once the place is gone)."""
    place = await PlaceRepository(s).recent(person.user_id, context.services.clock())
    if place is None:
        return None
    matcher = await context.services.map.matcher(s)
    items = near_items(matcher, question, place, person.language, number + 1)
    return items[number].offer if number < len(items) else None


async def render_near_page(
    context: BotContext, person: Person, question: AskedQuestion, page: int, s: AsyncSession
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of an answer around the person's shared place."""
    place = await PlaceRepository(s).recent(person.user_id, context.services.clock())
    if place is None:
        return person.t("ask.expired"), None
    matcher = await context.services.map.matcher(s)
    offset = page * NEAREST
    items = near_items(matcher, question, place, person.language, offset + NEAREST + 1)
    shown = items[offset : offset + NEAREST]
    if page == 0:
        buurt = matcher.gazetteer.locate(place.latitude, place.longitude)
        offers = [item.offer for item in shown]
        code = buurt.code if buurt else None
        await record_near(context, s, matcher, question, buurt=code, shown=offers)
    if question.mode == NEAR:
        if not shown:
            return person.t("near.theme_none", query=question.query), None
        lines = [person.t("near.theme_header", query=question.query)]
    else:
        lines = [_where(person, matcher, place)]
        lines.append(person.t("near.header") if shown else person.t("near.none"))
    via_bot = await IntroRepository(s).reachable(item.offer.id for item in shown)
    for number, item in enumerate(shown, start=offset + 1):
        lines += _entry(person, matcher, number, item, via_bot)
    hint = "near.elsewhere" if question.mode == NEAR else "near.narrow_hint"
    lines += ["", person.t(hint)]
    if not shown:
        return "\n".join(lines), None
    has_more = len(items) > offset + NEAREST and offset + NEAREST < MAX_RESULTS
    keyboard = answer_keyboard(person, question.id, page, len(shown), has_more, page_size=NEAREST)
    return "\n".join(lines), keyboard


def _where(person: Person, matcher: Matcher, place: SharedPlace) -> str:
    buurt = matcher.gazetteer.locate(place.latitude, place.longitude)
    if buurt is None:
        return person.t("near.outside")
    parent = matcher.gazetteer.area(buurt.parent_code) if buurt.parent_code else None
    return person.t("near.you_are_in", buurt=buurt.name, wijk=parent.name if parent else buurt.name)


def _entry(
    person: Person, matcher: Matcher, number: int, item: NearItem, via_bot: Collection[str]
) -> list[str]:
    offer = item.offer
    name = person.t("near.name", name=offer.name)
    kind = person.t("near.kind", kind=kind_text(person, matcher, offer))
    lines = ["", f"<b>{number}. {name}</b> — {kind}"]
    if item.metres is not None:
        lines.append("🚶 " + distance_text(person, item.metres))
    else:
        lines.append("🗺 " + person.t("near.whole_area"))
    lines.append(contact_line(person.t, offer, via_bot=offer.id in via_bot))
    if item.reasons:
        lines.append(person.t("near.why", reasons="; ".join(item.reasons)))
    return lines


async def _answer(
    update: Update,
    context: BotContext,
    person: Person,
    s: AsyncSession,
    query: str,
    *,
    mode: str,
    asked: Scrubbed | None = None,
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    question = await QuestionRepository(s).ask(
        person.user_id, chat.id, query, person.language, context.services.clock(), mode=mode
    )
    text, keyboard = await render_near_page(context, person, question, 0, s)
    # one line when client details were left out of the question
    await send(update, with_note(person, text, asked) if asked else text, keyboard)


@with_person()
async def shared_location(
    update: Update, context: BotContext, person: Person, s: AsyncSession
) -> None:
    """Answer a location with the buurt and the nearest offers; a topic that was waiting
    for "In welk gebied?" is answered around the place instead."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or message.location is None or chat is None:
        return
    now = context.services.clock()
    # Kept (rounded) for half an hour in the database, so whichever web process gets the
    # next question can answer it around this place.
    places = PlaceRepository(s)
    await places.remember(
        person.user_id, message.location.latitude, message.location.longitude, now
    )
    questions = QuestionRepository(s)
    pending = await questions.awaiting_followup(person.user_id, chat.id, now)
    if pending is not None and pending.followup == AREA:
        questions.close_followup(pending)
        await _answer(update, context, person, s, pending.query, mode=NEAR)
        return
    # The question holds no place: the place itself is kept rounded, for half an hour only.
    await _answer(update, context, person, s, PIN, mode=PLACE)


async def answer_near(
    update: Update, context: BotContext, person: Person, session: AsyncSession, asked: Scrubbed
) -> bool:
    """Answer a question (client details already taken out) that names no area around a
    recently shared location.

    Returns False (and sends nothing) when there is no such location or the question names
    an area of its own: then it is an ordinary question.
    """
    query = asked.text
    if not query.strip():
        return False
    place = await PlaceRepository(session).recent(person.user_id, context.services.clock())
    if place is None:
        return False
    matcher = await context.services.map.matcher(session)
    if matcher.parse(query).areas:
        return False
    await _answer(update, context, person, session, query, mode=NEAR, asked=asked)
    return True


def register(application: WijkApplication) -> None:
    """Add the location handler (private chats)."""
    application.add_handler(
        MessageHandler(filters.LOCATION & filters.ChatType.PRIVATE, shared_location)
    )
