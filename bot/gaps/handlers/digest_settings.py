"""The monthly digest's settings in /wittevlekken: follow an area from its period picker,
see and take out followed areas under "📬 Maandoverzicht". Only a user id and area codes
are stored; /mijngegevens shows them and /vergeetmij removes them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.core.commands import GAPS
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.gaps.repository_digest import DigestRepository
from bot.gaps.tables import viewable
from bot.gaps.views import area_name, period_keyboard, stadsdeel_keyboard
from bot.gaps.views_digest import (
    settings_button,
    settings_keyboard,
    settings_text,
    with_follow_button,
)
from bot.i18n import Translator
from bot.policy import DIGEST_MAX_AREAS
from matching.gazetteer import Gazetteer

PATTERN = r"^gaps:d(?:[fux]:\w+)?$"
SETTINGS = r"^gaps:d$"
FOLLOW = r"^gaps:df:(\w+)$"
UNFOLLOW = r"^gaps:du:(\w+)$"
REMOVE = r"^gaps:dx:(\w+)$"


def picker(t: Translator, gazetteer: Gazetteer) -> InlineKeyboardMarkup:
    """The stadsdeel buttons, and the one to the monthly digest's settings."""
    markup = stadsdeel_keyboard(gazetteer)
    return InlineKeyboardMarkup([*markup.inline_keyboard, [settings_button(t)]])


async def period_markup(
    session: AsyncSession, t: Translator, user_id: int, area: str
) -> InlineKeyboardMarkup:
    """The period picker of an area, with its switch for the monthly digest."""
    following = area in await DigestRepository(session).areas_of(user_id)
    return with_follow_button(t, period_keyboard(t, area), area, following)


@with_person(GAPS)
async def digest_button(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Follow or unfollow an area, or show what the monthly digest holds."""
    matcher = await context.services.map.matcher(session)
    gazetteer, t = matcher.gazetteer, person.t
    digests = DigestRepository(session)
    areas = await digests.areas_of(person.user_id)
    if (match := callback_match(update, FOLLOW)) and viewable(gazetteer, match.group(1)):
        code = match.group(1)
        if not person.registered:  # /mijngegevens and /vergeetmij work for registered people
            await send(update, t("start.first"))
            return
        if code not in areas and len(areas) >= DIGEST_MAX_AREAS:
            await send(update, t("gaps.digest.too_many", limit=DIGEST_MAX_AREAS))
            return
        await digests.follow(person.user_id, code)
        text = t("gaps.pick_period", area=area_name(gazetteer, code))
        text += "\n" + t("gaps.digest.followed", area=area_name(gazetteer, code))
        await edit_or_send(update, text, await period_markup(session, t, person.user_id, code))
    elif match := callback_match(update, UNFOLLOW):
        code = match.group(1)
        await digests.unfollow(person.user_id, code)
        text = t("gaps.pick_period", area=area_name(gazetteer, code))
        text += "\n" + t("gaps.digest.unfollowed", area=area_name(gazetteer, code))
        await edit_or_send(update, text, await period_markup(session, t, person.user_id, code))
    else:
        if match := callback_match(update, REMOVE):
            await digests.unfollow(person.user_id, match.group(1))
            areas = await digests.areas_of(person.user_id)
        await edit_or_send(
            update, settings_text(t, gazetteer, areas), settings_keyboard(t, gazetteer, areas)
        )


def register(application: WijkApplication) -> None:
    """Add the digest's buttons (before the overview's, which take every other `gaps:`)."""
    application.add_handler(CallbackQueryHandler(digest_button, pattern=PATTERN))
