"""A shared location: which buurt the user is in, and the nearest offers with distances."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.cards import contact_line
from bot.context import BotContext, WijkApplication
from bot.db.repositories.introductions import IntroRepository
from bot.handlers.base import send, with_person
from bot.people import Person

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
    matcher = await context.services.map.matcher()
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
            lines.append("")
            lines.append(f"<b>{number}. {person.t('near.name', name=item.offer.name)}</b>")
            lines.append("🚶 " + distance_text(person, item.distance_m))
            lines.append(contact_line(person.t, item.offer, via_bot=item.offer.id in via_bot))
    await send(update, "\n".join(lines))


def register(application: WijkApplication) -> None:
    """Add the location handler (private chats)."""
    application.add_handler(
        MessageHandler(filters.LOCATION & filters.ChatType.PRIVATE, shared_location)
    )
