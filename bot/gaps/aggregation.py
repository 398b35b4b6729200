"""The gaps table: per theme, questions asked in an area over a period against its offers.

Small numbers are suppressed: a cell built from fewer than `SUPPRESS_BELOW` questions shows
"< 5" and no share, in the text, the gaps list and the CSV alike, so nobody who asked can
be recognised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot import policy
from bot.gaps.repository import Demand
from bot.gaps.rules import GOOD, NOTHING, REJECTED
from bot.gaps.supply import Supply
from matching.gazetteer import Gazetteer

SUPPRESS_BELOW = policy.DEMAND_SUPPRESS_BELOW
SUPPRESSED = f"< {SUPPRESS_BELOW}"
GAPS_SHOWN = 5
PERIODS = (3, 6, 12)  # months


@dataclass(frozen=True)
class Cell:
    """Questions of one theme in one area, and how they went."""

    theme: str
    area: str
    asked: int
    local: int  # answered with an offer local to the asked area
    unanswered: int  # nothing found, or "niet wat ik zocht"
    offers: Supply

    @property
    def suppressed(self) -> bool:
        """Too few questions to show."""
        return self.asked < SUPPRESS_BELOW

    @property
    def unmet(self) -> int:
        """Questions not answered locally."""
        return self.asked - self.local


@dataclass(frozen=True)
class GapsTable:
    """What /wittevlekken shows for one area and period."""

    area: str
    first: date
    last: date
    total: int  # questions with an area in it (a question of two themes counts once)
    rows: tuple[Cell, ...]  # per theme, most asked first
    gaps: tuple[Cell, ...]  # theme x part of the area, least served first


def months_before(day: date, months: int) -> date:
    """The day `months` months before `day` plus one (the first day of the period)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            start = date(year, month, candidate)
        except ValueError:
            continue
        return date.fromordinal(start.toordinal() + 1)
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def count(value: int, suppressed: bool) -> str:
    """A number of questions as shown: "< 5" when suppressed."""
    return SUPPRESSED if suppressed else str(value)


def share(part: int, cell: Cell) -> str:
    """A share of a cell's questions as a whole percentage: "< 5" when suppressed."""
    if cell.suppressed:
        return SUPPRESSED
    return f"{round(100 * part / cell.asked)}%"


def _in(gazetteer: Gazetteer, area: str, codes: Iterable[str]) -> bool:
    return any(
        gazetteer.area(code) is not None and gazetteer.contains(area, code) for code in codes
    )


def _cells(
    gazetteer: Gazetteer,
    area: str,
    demand: Sequence[Demand],
    supply: Mapping[str, Supply],
) -> list[Cell]:
    asked: dict[str, list[Demand]] = {}
    for question in demand:
        for theme in question.themes:
            asked.setdefault(theme, []).append(question)
    cells = [
        Cell(
            theme,
            area,
            len(questions),
            sum(q.outcome == GOOD for q in questions),
            sum(q.outcome in (NOTHING, REJECTED) for q in questions),
            supply.get(theme, Supply()),
        )
        for theme, questions in asked.items()
    ]
    return sorted(cells, key=lambda c: (-c.asked, c.theme))


def gaps_table(
    gazetteer: Gazetteer,
    area: str,
    first: date,
    last: date,
    *,
    demand: Iterable[Demand],
    supply: Mapping[str, Mapping[str, Supply]],
) -> GapsTable:
    """The table for `area` from the questions asked in the period and the supply per area
    (for `area` and each of its children)."""
    here = [q for q in demand if first <= q.day <= last and _in(gazetteer, area, q.area_codes)]
    rows = _cells(gazetteer, area, here, supply.get(area, {}))
    gaps: list[Cell] = []
    for child in gazetteer.children(area):
        inside = [q for q in here if _in(gazetteer, child, q.area_codes)]
        gaps.extend(_cells(gazetteer, child, inside, supply.get(child, {})))
    # Most questions not answered locally first, the fewest local offers breaking ties;
    # suppressed cells only after every shown one.
    gaps.sort(key=lambda c: (c.suppressed, -c.unmet, c.offers.local, -c.asked, c.theme, c.area))
    shown = tuple(c for c in gaps if c.unmet > 0)[:GAPS_SHOWN]
    return GapsTable(area, first, last, len(here), tuple(rows), shown)


def part_cells(
    gazetteer: Gazetteer,
    area: str,
    first: date,
    last: date,
    *,
    demand: Iterable[Demand],
) -> dict[str, dict[str, Cell]]:
    """Per part of `area` (its gebieden, or a gebied's wijken): the cell of each theme asked
    there in the period, for the maps (no supply: a map shows how questions went)."""
    here = [q for q in demand if first <= q.day <= last and _in(gazetteer, area, q.area_codes)]
    found: dict[str, dict[str, Cell]] = {}
    for child in gazetteer.children(area):
        inside = [q for q in here if _in(gazetteer, child, q.area_codes)]
        found[child] = {cell.theme: cell for cell in _cells(gazetteer, child, inside, {})}
    return found
