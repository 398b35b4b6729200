"""/wittevlekken (/gaps): coordinators see per theme where questions meet no local offer."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import GAPS
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, commit_before_reply, edit_or_send, send, with_person
from bot.core.person import Person
from bot.gaps.aggregation import PERIODS, GapsTable, gaps_table, months_before
from bot.gaps.repository import DemandRepository
from bot.gaps.supply import supply_table
from bot.gaps.views import (
    area_name,
    csv_name,
    gebied_keyboard,
    pages,
    period_keyboard,
    stadsdeel_keyboard,
    table_csv,
    table_keyboard,
    table_text,
)
from matching.gazetteer import Gazetteer

VIEW_LEVELS = ("stadsdeel", "gebied")
START = r"^gaps:start$"
AREA = r"^gaps:a:(\w+)$"
PERIOD = r"^gaps:p:(\w+)$"
TABLE = r"^gaps:t:(\w+):(\d+):(\d+)$"
CSV = r"^gaps:csv:(\w+):(\d+)$"


def view_area(gazetteer: Gazetteer, codes: tuple[str, ...]) -> str | None:
    """The stadsdeel or gebied a typed place falls in: its own gebied or stadsdeel, or the
    one all its parts share (Slotermeer's three wijken lie in one gebied)."""
    for level in VIEW_LEVELS[::-1]:
        found: set[str] = set()
        for code in codes:
            area = gazetteer.area(code)
            if area is None:
                return None
            chain = [code, *gazetteer.ancestors(code)]
            found.update(c for c in chain if (a := gazetteer.area(c)) and a.level == level)
        if len(found) == 1:
            return found.pop()
    return None


def _viewable(gazetteer: Gazetteer, code: str) -> bool:
    area = gazetteer.area(code)
    return area is not None and area.level in VIEW_LEVELS


async def _table(context: BotContext, session: AsyncSession, area: str, months: int) -> GapsTable:
    """The table for an area over the last `months` months, today included."""
    services = context.services
    matcher = await services.map.matcher(session)
    gazetteer = matcher.gazetteer
    last = services.clock().astimezone(services.settings.timezone).date()
    first = months_before(last, months)
    demand = await DemandRepository(session).between(first, last)
    areas = [area, *gazetteer.children(area)]
    supply = supply_table(matcher.offers, gazetteer, areas)
    return gaps_table(gazetteer, area, first, last, demand=demand, supply=supply)


@with_person(GAPS)
async def gaps_command(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Pick a stadsdeel, or go straight to the period for a typed area (typos forgiven)."""
    matcher = await context.services.map.matcher(session)
    gazetteer = matcher.gazetteer
    typed = " ".join(context.args or [])
    if not typed:
        await send(update, person.t("gaps.pick_stadsdeel"), stadsdeel_keyboard(gazetteer))
        return
    place = gazetteer.resolve(typed)
    area = view_area(gazetteer, place.codes) if place is not None else None
    if area is None:
        await send(
            update,
            person.t("gaps.unknown_area", area=typed) + "\n" + person.t("gaps.pick_stadsdeel"),
            stadsdeel_keyboard(gazetteer),
        )
        return
    text = person.t("gaps.pick_period", area=area_name(gazetteer, area))
    await send(update, text, period_keyboard(person.t, area))


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
        await edit_or_send(update, t("gaps.pick_stadsdeel"), stadsdeel_keyboard(gazetteer))
    elif (match := callback_match(update, AREA)) and _viewable(gazetteer, match.group(1)):
        code = match.group(1)
        text = t("gaps.pick_gebied", area=area_name(gazetteer, code))
        await edit_or_send(update, text, gebied_keyboard(t, gazetteer, code))
    elif (match := callback_match(update, PERIOD)) and _viewable(gazetteer, match.group(1)):
        code = match.group(1)
        text = t("gaps.pick_period", area=area_name(gazetteer, code))
        await edit_or_send(update, text, period_keyboard(t, code))
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
    else:
        await send(update, t("gaps.expired"))


def _period_ok(gazetteer: Gazetteer, code: str, months: str) -> bool:
    return _viewable(gazetteer, code) and int(months) in PERIODS


def register(application: WijkApplication) -> None:
    """Add /wittevlekken (/gaps) and its buttons."""
    application.add_handler(CommandHandler(GAPS.names, gaps_command))
    application.add_handler(CallbackQueryHandler(gaps_button, pattern=r"^gaps:"))
