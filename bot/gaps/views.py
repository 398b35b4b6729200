"""What /wittevlekken shows: the area and period pickers, the table in pages, and the CSV."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.feedback.spreadsheet import spreadsheet_csv
from bot.gaps.aggregation import (
    PERIODS,
    SUPPRESS_BELOW,
    SUPPRESSED,
    Cell,
    GapsTable,
    count,
    share,
)
from bot.i18n import Translator
from matching.gazetteer import Gazetteer
from matching.thesaurus import Tag, Thesaurus

THEMES_PER_PAGE = 8
MAP_THEMES = 10  # themes offered for a map
COLUMNS = 2  # area buttons per row: long names still fit a phone


def area_name(gazetteer: Gazetteer, code: str) -> str:
    """An area's name as the gazetteer spells it."""
    area = gazetteer.area(code)
    return area.name if area is not None else code


def theme_name(thesaurus: Thesaurus, code: str, language: str) -> str:
    """A theme's label in the person's language."""
    return thesaurus.label(Tag("theme", code), language)


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + COLUMNS] for i in range(0, len(buttons), COLUMNS)]


def stadsdeel_keyboard(gazetteer: Gazetteer) -> InlineKeyboardMarkup:
    """One button per stadsdeel."""
    buttons = [
        InlineKeyboardButton(area.name, callback_data=f"gaps:a:{area.code}")
        for area in gazetteer.areas
        if area.level == "stadsdeel"
    ]
    return InlineKeyboardMarkup(_rows(buttons))


def gebied_keyboard(t: Translator, gazetteer: Gazetteer, stadsdeel: str) -> InlineKeyboardMarkup:
    """The whole stadsdeel, then each of its gebieden."""
    whole = InlineKeyboardButton(
        t("gaps.whole", area=area_name(gazetteer, stadsdeel)), callback_data=f"gaps:p:{stadsdeel}"
    )
    buttons = [
        InlineKeyboardButton(area_name(gazetteer, code), callback_data=f"gaps:p:{code}")
        for code in sorted(gazetteer.children(stadsdeel))
    ]
    return InlineKeyboardMarkup([[whole], *_rows(buttons)])


def period_keyboard(t: Translator, area: str) -> InlineKeyboardMarkup:
    """Last 3, 6 or 12 months."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("gaps.months", months=months), callback_data=f"gaps:t:{area}:{months}:0"
                )
                for months in PERIODS
            ]
        ]
    )


def gap_line(t: Translator, gazetteer: Gazetteer, thesaurus: Thesaurus, cell: Cell) -> str:
    """One of the biggest gaps: a theme in a part of the area, its questions and offers."""
    return t(
        "gaps.gap_one" if cell.offers.local == 1 else "gaps.gap",
        theme=theme_name(thesaurus, cell.theme, t.language),
        area=area_name(gazetteer, cell.area),
        asked=count(cell.asked, cell.suppressed),
        local=cell.offers.local,
    )


def theme_line(t: Translator, thesaurus: Thesaurus, cell: Cell) -> str:
    """One theme's row: questions, shares (none under five questions) and offers."""
    if cell.suppressed:  # no shares of fewer than five questions
        return t(
            "gaps.row_suppressed",
            theme=theme_name(thesaurus, cell.theme, t.language),
            asked=count(cell.asked, True),
            offers=cell.offers.local,
            stadsdeel=cell.offers.stadsdeel,
            city=cell.offers.city,
        )
    return t(
        "gaps.row",
        theme=theme_name(thesaurus, cell.theme, t.language),
        asked=count(cell.asked, cell.suppressed),
        local=share(cell.local, cell),
        unanswered=share(cell.unanswered, cell),
        offers=cell.offers.local,
        stadsdeel=cell.offers.stadsdeel,
        city=cell.offers.city,
    )


def pages(table: GapsTable) -> int:
    """How many pages the table takes."""
    return max(1, -(-len(table.rows) // THEMES_PER_PAGE))


def table_text(
    t: Translator,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    table: GapsTable,
    *,
    months: int,
    page: int,
) -> str:
    """One page: the heading, the biggest gaps (first page), and up to eight themes."""
    suppressed = table.total < SUPPRESS_BELOW
    lines = [
        t("gaps.title", area=area_name(gazetteer, table.area)),
        t(
            "gaps.period",
            months=months,
            first=t.date(table.first, "d MMM y"),
            last=t.date(table.last, "d MMM y"),
            total=count(table.total, suppressed),
        ),
    ]
    if not table.rows:
        lines += ["", t("gaps.none")]
        return "\n".join(lines)
    if page == 0:
        lines += ["", t("gaps.gaps_header")]
        if table.gaps:
            lines += [gap_line(t, gazetteer, thesaurus, cell) for cell in table.gaps]
        else:
            lines.append(t("gaps.no_gaps"))
    shown = table.rows[page * THEMES_PER_PAGE : (page + 1) * THEMES_PER_PAGE]
    lines += ["", t("gaps.rows_header")]
    lines += [theme_line(t, thesaurus, cell) for cell in shown]
    lines += ["", t("gaps.legend")]
    return "\n".join(lines)


def table_keyboard(t: Translator, table: GapsTable, months: int, page: int) -> InlineKeyboardMarkup:
    """Paging, the CSV, and another period or area."""
    area = table.area
    paging = []
    if page > 0:
        paging.append(
            InlineKeyboardButton(
                t("ask.previous"), callback_data=f"gaps:t:{area}:{months}:{page - 1}"
            )
        )
    if page + 1 < pages(table):
        paging.append(
            InlineKeyboardButton(t("ask.more"), callback_data=f"gaps:t:{area}:{months}:{page + 1}")
        )
    rows = [paging] if paging else []
    if table.rows:
        rows.append(
            [InlineKeyboardButton(t("gaps.csv"), callback_data=f"gaps:csv:{area}:{months}")]
        )
        rows.append(
            [
                InlineKeyboardButton(t("gaps.map"), callback_data=f"gaps:k:{area}:{months}"),
                InlineKeyboardButton(t("gaps.themes"), callback_data=f"gaps:zt:{area}:{months}"),
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(t("gaps.other_period"), callback_data=f"gaps:p:{area}"),
            InlineKeyboardButton(t("gaps.other_area"), callback_data="gaps:start"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def map_theme_keyboard(
    t: Translator, thesaurus: Thesaurus, table: GapsTable, months: int
) -> InlineKeyboardMarkup:
    """One button per theme asked in the area, most asked first, for its map."""
    buttons = [
        InlineKeyboardButton(
            theme_name(thesaurus, cell.theme, t.language),
            callback_data=f"gaps:kt:{table.area}:{months}:{cell.theme}",
        )
        for cell in table.rows[:MAP_THEMES]
    ]
    return InlineKeyboardMarkup(_rows(buttons))


def table_csv(t: Translator, gazetteer: Gazetteer, thesaurus: Thesaurus, table: GapsTable) -> bytes:
    """The aggregated table for Dutch Excel: one row per theme and a total; no personal data,
    suppressed cells as "< 5"."""
    name = area_name(gazetteer, table.area)
    rows: list[list[object]] = [
        [
            t("gaps.csv.area"),
            t("gaps.csv.first"),
            t("gaps.csv.last"),
            t("gaps.csv.theme"),
            t("gaps.csv.asked"),
            t("gaps.csv.local"),
            t("gaps.csv.unanswered"),
            t("gaps.csv.offers_local"),
            t("gaps.csv.offers_stadsdeel"),
            t("gaps.csv.offers_city"),
        ]
    ]
    first, last = table.first.isoformat(), table.last.isoformat()
    for cell in table.rows:
        rows.append(
            [
                name,
                first,
                last,
                theme_name(thesaurus, cell.theme, t.language),
                SUPPRESSED if cell.suppressed else cell.asked,
                share(cell.local, cell),
                share(cell.unanswered, cell),
                cell.offers.local,
                cell.offers.stadsdeel,
                cell.offers.city,
            ]
        )
    total = SUPPRESSED if table.total < SUPPRESS_BELOW else table.total
    rows.append([name, first, last, t("gaps.csv.total"), total, "", "", "", "", ""])
    return spreadsheet_csv(rows)


def csv_name(gazetteer: Gazetteer, table: GapsTable) -> str:
    """A file name with the area and period."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in area_name(gazetteer, table.area).lower())
    return f"wittevlekken-{slug.strip('-')}-{table.first.isoformat()}-{table.last.isoformat()}.csv"
