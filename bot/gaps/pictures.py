"""The gaps as pictures for a phone: a map of one theme, and six themes side by side.

Each part of the chosen area (a stadsdeel's gebieden, a gebied's wijken) is coloured by
the share of its questions that found nothing or not what was wanted, in five classes of
twenty points. A part with fewer than five questions of the theme is grey and hatched and
labelled "< 5", as in the text. The PNG is 1080 pixels wide, the width of a phone photo;
texts are sized for that. Matplotlib runs with the Agg backend; callers render in a thread.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib as mpl

mpl.use("Agg")

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from bot.gaps.aggregation import SUPPRESSED, Cell, GapsTable
from bot.gaps.geometry import AreaShapes, area_shapes
from bot.gaps.views import area_name, theme_name
from bot.i18n import Translator
from matching.gazetteer import Gazetteer
from matching.thesaurus import Thesaurus

DPI = 160
WIDTH_PX = 1080
WIDTH_INCHES = WIDTH_PX / DPI
THEMES_SHOWN = 6
# Share unanswered in classes of twenty points, light to dark.
CLASS_COLOURS = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
SUPPRESSED_COLOUR = "#d4d4d4"
SUPPRESSED_HATCH = "///"
OUTLINE_COLOUR = "#333333"
_HALO = [patheffects.withStroke(linewidth=3.5, foreground="white")]


def unanswered_share(cell: Cell | None) -> float | None:
    """The share of a part's questions left unanswered; None when suppressed (< 5)."""
    if cell is None or cell.suppressed:
        return None
    return cell.unanswered / cell.asked


def shares(parts: Mapping[str, Mapping[str, Cell]], theme: str) -> dict[str, float | None]:
    """Per part: the unanswered share of one theme, None where suppressed."""
    return {part: unanswered_share(cells.get(theme)) for part, cells in parts.items()}


def class_of(share: float) -> int:
    """The colour class of a share: 0 for 0-19 %, ..., 4 for 80-100 % (whole percents)."""
    return min(round(100 * share) // 20, len(CLASS_COLOURS) - 1)


def colour_of(share: float | None) -> str:
    """The fill of a part on the map."""
    return SUPPRESSED_COLOUR if share is None else CLASS_COLOURS[class_of(share)]


def share_label(share: float | None) -> str:
    """A share as written on the map: a whole percentage, or "< 5"."""
    return SUPPRESSED if share is None else f"{round(100 * share)}%"


def render(figure: Figure) -> bytes:
    """The figure as PNG bytes, exactly `WIDTH_PX` wide."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or "-"


def _name_lines(name: str) -> str:
    # "De Aker, Sloten, Nieuw-Sloten": one name per line; long single names wrapped.
    return "\n".join(_wrap(piece.strip(), 16) for piece in name.split(","))


def _capital(text: str) -> str:
    # Theme labels are lower case ("dementie"); a title starts with a capital.
    return text[:1].upper() + text[1:]


def _aspect(shapes: AreaShapes) -> float:
    x0, y0, x1, y1 = shapes.bbox
    return (y1 - y0) / max(x1 - x0, 1e-9)


def _draw(
    axes: Axes, shapes: AreaShapes, values: Mapping[str, float | None], hatch_width: float
) -> None:
    """Fill each part by its class, outline the parts, and frame the area."""
    for part in shapes.parts:
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for ring in part.rings:
            vertices.extend(ring)
            codes.extend(
                [int(Path.MOVETO)] + [int(Path.LINETO)] * (len(ring) - 2) + [int(Path.CLOSEPOLY)]
            )
        share = values.get(part.code)
        patch = PathPatch(
            Path(vertices, codes),
            facecolor=colour_of(share),
            edgecolor="none",
            hatch=SUPPRESSED_HATCH if share is None else None,
            gid=part.code,
        )
        patch.set_hatch_linewidth(hatch_width)
        axes.add_patch(patch)
    axes.add_collection(
        LineCollection(list(shapes.outlines), colors=OUTLINE_COLOUR, linewidths=1.1)
    )
    x0, y0, x1, y1 = shapes.bbox
    pad = 0.02 * max(x1 - x0, y1 - y0)
    axes.set_xlim(x0 - pad, x1 + pad)
    axes.set_ylim(y0 - pad, y1 + pad)
    axes.set_aspect("equal")
    axes.set_axis_off()


class _Heading:
    """The title (bold, wrapped for a phone) and the period under it, at the top."""

    LINE = 0.34  # inches per title line at 18 points

    def __init__(self, title: str, period: str) -> None:
        self.title = _wrap(title, 34)
        self.period = period
        self.inches = 0.15 + self.LINE * (self.title.count("\n") + 1) + 0.65

    def draw(self, figure: Figure, height: float) -> None:
        """Put the heading at the top of a figure `height` inches high."""
        figure.text(
            0.5,
            1 - 0.15 / height,
            self.title,
            ha="center",
            va="top",
            fontsize=18,
            fontweight="bold",
        )
        below = 0.15 + self.LINE * (self.title.count("\n") + 1) + 0.12
        figure.text(0.5, 1 - below / height, self.period, ha="center", va="top", fontsize=13)


def _legend_handles(t: Translator) -> list[Patch]:
    handles = [
        Patch(
            facecolor=colour,
            edgecolor=OUTLINE_COLOUR,
            label=f"{20 * i}\u2013{100 if i == 4 else 20 * i + 19}%",
        )
        for i, colour in enumerate(CLASS_COLOURS)
    ]
    handles.append(
        Patch(
            facecolor=SUPPRESSED_COLOUR,
            edgecolor=OUTLINE_COLOUR,
            hatch=SUPPRESSED_HATCH,
            label=t.label("gaps.picture.suppressed", below=SUPPRESSED),
        )
    )
    return handles


def legend_labels(t: Translator) -> list[str]:
    """The legend's entries, in order: the five classes, then the suppressed ones."""
    return [str(handle.get_label()) for handle in _legend_handles(t)]


def _legend(t: Translator, figure: Figure, top: float) -> None:
    figure.legend(
        handles=_legend_handles(t),
        loc="upper center",
        bbox_to_anchor=(0.5, top),
        ncol=3,
        fontsize=13,
        title=t.label("gaps.picture.legend"),
        title_fontsize=13,
        frameon=False,
        handlelength=1.6,
        handleheight=1.2,
        columnspacing=1.4,
    )


def _period(t: Translator, table: GapsTable, months: int) -> str:
    return t.label(
        "gaps.picture.period",
        months=months,
        first=t.date(table.first, "d MMM y"),
        last=t.date(table.last, "d MMM y"),
    )


def theme_map(
    t: Translator,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    table: GapsTable,
    parts: Mapping[str, Mapping[str, Cell]],
    *,
    theme: str,
    months: int,
) -> Figure:
    """The map of one theme over the parts of the table's area, named and labelled."""
    shapes = area_shapes(gazetteer, table.area)
    values = shares(parts, theme)
    title = t.label(
        "gaps.map.title",
        theme=theme_name(thesaurus, theme, t.language),
        area=area_name(gazetteer, table.area),
    )
    heading = _Heading(_capital(title), _period(t, table, months))
    legend_in = 1.55
    map_width = WIDTH_INCHES - 0.3
    map_height = min(max(map_width * _aspect(shapes), 3.8), 7.5)
    height = heading.inches + map_height + legend_in
    height = round(height * DPI) / DPI  # whole pixels
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    heading.draw(figure, height)
    axes = figure.add_axes((0.02, legend_in / height, 0.96, map_height / height))
    _draw(axes, shapes, values, hatch_width=1.0)
    for part in shapes.parts:
        text = f"{_name_lines(area_name(gazetteer, part.code))}\n{share_label(values[part.code])}"
        axes.text(
            *part.label_at,
            text,
            ha="center",
            va="center",
            fontsize=13 if len(shapes.parts) <= 6 else 11.5,
            fontweight="bold",
            linespacing=1.1,
            path_effects=_HALO,
        )
    _legend(t, figure, (legend_in - 0.1) / height)
    return figure


def themes_map(
    t: Translator,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    table: GapsTable,
    parts: Mapping[str, Mapping[str, Cell]],
    *,
    months: int,
) -> Figure:
    """Small multiples: the area's six most asked themes, one small map each."""
    shapes = area_shapes(gazetteer, table.area)
    rows_shown: Sequence[Cell] = table.rows[:THEMES_SHOWN]
    columns = 2
    rows = max(1, math.ceil(len(rows_shown) / columns))
    title = t.label("gaps.themes.title", area=area_name(gazetteer, table.area))
    heading = _Heading(title, _period(t, table, months))
    legend_in, panel_title_in = 1.55, 0.75
    title_in = heading.inches
    panel_width = (WIDTH_INCHES - 0.3) / columns
    panel_height = min(max(panel_width * _aspect(shapes), 2.2), 4.2)
    height = title_in + rows * (panel_height + panel_title_in) + legend_in
    height = round(height * DPI) / DPI  # whole pixels
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    heading.draw(figure, height)
    for index, cell in enumerate(rows_shown):
        row, column = divmod(index, columns)
        top = height - title_in - row * (panel_height + panel_title_in)
        bottom = top - panel_title_in - panel_height
        left = 0.15 + column * panel_width
        axes = figure.add_axes(
            (
                left / WIDTH_INCHES,
                bottom / height,
                panel_width / WIDTH_INCHES,
                panel_height / height,
            )
        )
        values = shares(parts, cell.theme)
        _draw(axes, shapes, values, hatch_width=0.8)
        asked = SUPPRESSED if cell.suppressed else str(cell.asked)
        axes.set_title(
            _wrap(
                t.label(
                    "gaps.themes.panel",
                    theme=theme_name(thesaurus, cell.theme, t.language),
                    asked=asked,
                ),
                24,
            ),
            fontsize=13,
            fontweight="bold",
        )
        for part in shapes.parts:
            axes.text(
                *part.label_at,
                share_label(values[part.code]),
                ha="center",
                va="center",
                fontsize=12,
                fontweight="bold",
                path_effects=_HALO,
            )
    _legend(t, figure, (legend_in - 0.1) / height)
    return figure
