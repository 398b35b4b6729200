"""/wittevlekken (/gaps): coordinators see per theme where questions meet no local offer."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import GAPS
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, commit_before_reply, edit_or_send, send, with_person
from bot.core.person import Person
from bot.gaps.aggregation import PERIODS, Cell, GapsTable, gaps_table, months_before, part_cells
from bot.gaps.handlers.digest_settings import period_markup, picker
from bot.gaps.pictures import theme_png, themes_png
from bot.gaps.repository import DemandRepository
from bot.gaps.supply import supply_table
from bot.gaps.tables import load_table, view_area, viewable
from bot.gaps.views import (
    area_name,
    csv_name,
    gebied_keyboard,
    map_theme_keyboard,
    pages,
    table_csv,
    table_keyboard,
    table_text,
    theme_name,
)
from matching.gazetteer import Gazetteer

START = r"^gaps:start$"
AREA = r"^gaps:a:(\w+)$"
PERIOD = r"^gaps:p:(\w+)$"
TABLE = r"^gaps:t:(\w+):(\d+):(\d+)$"
CSV = r"^gaps:csv:(\w+):(\d+)$"
MAP = r"^gaps:k:(\w+):(\d+)$"
MAP_THEME = r"^gaps:kt:(\w+):(\d+):([\w-]+)$"
THEMES = r"^gaps:zt:(\w+):(\d+)$"


async def _table(context: BotContext, session: AsyncSession, area: str, months: int) -> GapsTable:
    """The table for an area over the last `months` months, today included."""
    services = context.services
    last = services.clock().astimezone(services.settings.timezone).date()
    return await load_table(session, services, area, months_before(last, months), last)


async def _table_and_parts(
    context: BotContext, session: AsyncSession, area: str, months: int
) -> tuple[GapsTable, dict[str, dict[str, Cell]]]:
    """The table, and the cells of each part of the area for the maps."""
    services = context.services
    matcher = await services.map.matcher(session)
    gazetteer = matcher.gazetteer
    last = services.clock().astimezone(services.settings.timezone).date()
    first = months_before(last, months)
    demand = await DemandRepository(session).between(first, last)
    areas = [area, *gazetteer.children(area)]
    supply = supply_table(matcher.offers, gazetteer, areas)
    table = gaps_table(gazetteer, area, first, last, demand=demand, supply=supply)
    return table, part_cells(gazetteer, area, first, last, demand=demand)


@with_person(GAPS)
async def gaps_command(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Pick a stadsdeel, or go straight to the period for a typed area (typos forgiven)."""
    matcher = await context.services.map.matcher(session)
    gazetteer = matcher.gazetteer
    typed = " ".join(context.args or [])
    if not typed:
        await send(update, person.t("gaps.pick_stadsdeel"), picker(person.t, gazetteer))
        return
    place = gazetteer.resolve(typed)
    area = view_area(gazetteer, place.codes) if place is not None else None
    if area is None:
        await send(
            update,
            person.t("gaps.unknown_area", area=typed) + "\n" + person.t("gaps.pick_stadsdeel"),
            picker(person.t, gazetteer),
        )
        return
    text = person.t("gaps.pick_period", area=area_name(gazetteer, area))
    await send(update, text, await period_markup(session, person.t, person.user_id, area))


@with_person(GAPS)
async def gaps_button(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """The pickers, the pages and the CSV; the role is checked again on every press."""
    chat = update.effective_chat
    if chat is None:
        return
    matcher = await context.services.map.matcher(session)
    gazetteer, thesaurus, t = matcher.gazetteer, matcher.thesaurus, person.t
    if callback_match(update, START):
        await edit_or_send(update, t("gaps.pick_stadsdeel"), picker(t, gazetteer))
    elif (match := callback_match(update, AREA)) and viewable(gazetteer, match.group(1)):
        code = match.group(1)
        text = t("gaps.pick_gebied", area=area_name(gazetteer, code))
        await edit_or_send(update, text, gebied_keyboard(t, gazetteer, code))
    elif (match := callback_match(update, PERIOD)) and viewable(gazetteer, match.group(1)):
        code = match.group(1)
        text = t("gaps.pick_period", area=area_name(gazetteer, code))
        await edit_or_send(update, text, await period_markup(session, t, person.user_id, code))
    elif (match := callback_match(update, TABLE)) and _period_ok(gazetteer, *match.group(1, 2)):
        code, months = match.group(1), int(match.group(2))
        table = await _table(context, session, code, months)
        page = min(int(match.group(3)), pages(table) - 1)
        text = table_text(t, gazetteer, thesaurus, table, months=months, page=page)
        await edit_or_send(update, text, table_keyboard(t, table, months, page))
    elif (match := callback_match(update, CSV)) and _period_ok(gazetteer, *match.group(1, 2)):
        code, months = match.group(1), int(match.group(2))
        table = await _table(context, session, code, months)
        await commit_before_reply()
        await context.bot.send_document(
            chat.id,
            document=table_csv(t, gazetteer, thesaurus, table),
            filename=csv_name(gazetteer, table),
            caption=t("gaps.csv.caption", area=area_name(gazetteer, code), months=months),
        )
    elif (match := callback_match(update, MAP)) and _period_ok(gazetteer, *match.group(1, 2)):
        code, months = match.group(1), int(match.group(2))
        table = await _table(context, session, code, months)
        text = t("gaps.map.pick_theme", area=area_name(gazetteer, code))
        await send(update, text, map_theme_keyboard(t, thesaurus, table, months))
    elif (match := callback_match(update, MAP_THEME)) and _period_ok(gazetteer, *match.group(1, 2)):
        code, months, theme = match.group(1), int(match.group(2)), match.group(3)
        table, parts = await _table_and_parts(context, session, code, months)
        png = await asyncio.to_thread(
            theme_png, t, gazetteer, thesaurus, table, parts, theme=theme, months=months
        )
        await commit_before_reply()
        caption = t(
            "gaps.map.caption",
            theme=theme_name(thesaurus, theme, t.language),
            area=area_name(gazetteer, code),
            months=months,
        )
        await context.bot.send_photo(chat.id, photo=png, caption=caption)
    elif (match := callback_match(update, THEMES)) and _period_ok(gazetteer, *match.group(1, 2)):
        code, months = match.group(1), int(match.group(2))
        table, parts = await _table_and_parts(context, session, code, months)
        png = await asyncio.to_thread(
            themes_png, t, gazetteer, thesaurus, table, parts, months=months
        )
        await commit_before_reply()
        caption = t("gaps.themes.caption", area=area_name(gazetteer, code), months=months)
        await context.bot.send_photo(chat.id, photo=png, caption=caption)
    else:
        await send(update, t("gaps.expired"))


def _period_ok(gazetteer: Gazetteer, code: str, months: str) -> bool:
    return viewable(gazetteer, code) and int(months) in PERIODS


def register(application: WijkApplication) -> None:
    """Add /wittevlekken (/gaps) and its buttons."""
    application.add_handler(CommandHandler(GAPS.names, gaps_command))
    application.add_handler(CallbackQueryHandler(gaps_button, pattern=r"^gaps:"))
