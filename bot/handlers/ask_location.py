"""A shared location: which buurt the user is in, and the nearest offers with distances."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.cards import contact_line
from bot.context import BotContext, WijkApplication
from bot.db.repositories.introductions import IntroRepository
from bot.db.repositories.places import PlaceRepository
from bot.handlers.base import send, with_person
from bot.handlers.client_details import with_note
from bot.people import Person
from bot.privacy_scrub import Scrubbed
from matching.offer import Offer

NEAREST = 5
WALKING_METRES_PER_MINUTE = 80


def distance_text(person: Person, metres: float) -> str:
    """'350 m' or '1,2 km', with a walking time."""
    minutes = max(1, round(metres / WALKING_METRES_PER_MINUTE))
    if metres < 1000:
        return person.t("near.metres", metres=int(round(metres, -1)), minutes=minutes)
    kilometres = f"{metres / 1000:.1f}"
    if person.language == "nl":
        kilometres = kilometres.replace(".", ",")
    return person.t("near.kilometres", kilometres=kilometres, minutes=minutes)


@with_person()
async def shared_location(
    update: Update, context: BotContext, person: Person, s: AsyncSession
) -> None:
    """Answer a location with the buurt and the nearest offers."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    lat, lon = message.location.latitude, message.location.longitude
    matcher = await context.services.map.matcher(s)
    buurt = matcher.gazetteer.locate(lat, lon)
    lines = []
    if buurt is not None:
        parent = matcher.gazetteer.area(buurt.parent_code) if buurt.parent_code else None
        wijk = parent.name if parent else buurt.name
        lines.append(person.t("near.you_are_in", buurt=buurt.name, wijk=wijk))
    else:
        lines.append(person.t("near.outside"))
    nearby = matcher.nearest(lat, lon, NEAREST)
    via_bot = await IntroRepository(s).reachable(item.offer.id for item in nearby)
    if not nearby:
        lines.append(person.t("near.none"))
    else:
        lines.append(person.t("near.header"))
        for number, item in enumerate(nearby, start=1):
            lines += _entry(person, number, item.offer, item.distance_m, via_bot)
    # Kept (rounded) for half an hour in the database, so whichever web process gets the
    # next question can answer it around this place.
    await PlaceRepository(s).remember(person.user_id, lat, lon, context.services.clock())
    lines += ["", person.t("near.narrow_hint")]
    await send(update, "\n".join(lines))


def _entry(
    person: Person, number: int, offer: Offer, metres: float | None, via_bot: Collection[str]
) -> list[str]:
    lines = ["", f"<b>{number}. {person.t('near.name', name=offer.name)}</b>"]
    if metres is not None:
        lines.append("🚶 " + distance_text(person, metres))
    else:
        lines.append("🗺 " + person.t("near.whole_area"))
    lines.append(contact_line(person.t, offer, via_bot=offer.id in via_bot))
    return lines


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
    result, near = matcher.search_near(
        query, place.latitude, place.longitude, limit=NEAREST, lang=person.language
    )
    if result.areas:
        return False
    if not near:
        await send(update, with_note(person, person.t("near.theme_none", query=query), asked))
        return True
    lines = [person.t("near.theme_header", query=query)]
    via_bot = await IntroRepository(session).reachable(item.hit.id for item in near)
    for number, item in enumerate(near, start=1):
        lines += _entry(person, number, item.hit.offer, item.distance_m, via_bot)
        lines.append(person.t("near.why", reasons="; ".join(item.hit.reasons)))
    lines += ["", person.t("near.elsewhere")]
    await send(update, with_note(person, "\n".join(lines), asked))
    return True


def register(application: WijkApplication) -> None:
    """Add the location handler (private chats)."""
    application.add_handler(
        MessageHandler(filters.LOCATION & filters.ChatType.PRIVATE, shared_location)
    )
