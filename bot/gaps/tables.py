"""The gaps table of an area over a period, loaded from the database and the map; and which
stadsdeel or gebied a place falls in. Shared by /wittevlekken and the digests."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.services import Services
from bot.gaps.aggregation import GapsTable, gaps_table
from bot.gaps.repository import DemandRepository
from bot.gaps.supply import supply_table
from matching.gazetteer import Gazetteer

VIEW_LEVELS = ("stadsdeel", "gebied")


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


def viewable(gazetteer: Gazetteer, code: str) -> bool:
    """A stadsdeel or gebied: an area the overview and the digests show."""
    area = gazetteer.area(code)
    return area is not None and area.level in VIEW_LEVELS


async def load_table(
    session: AsyncSession, services: Services, area: str, first: date, last: date
) -> GapsTable:
    """The table for an area from `first` to `last` (both included)."""
    matcher = await services.map.matcher(session)
    gazetteer = matcher.gazetteer
    demand = await DemandRepository(session).between(first, last)
    supply = supply_table(matcher.offers, gazetteer, [area, *gazetteer.children(area)])
    return gaps_table(gazetteer, area, first, last, demand=demand, supply=supply)
