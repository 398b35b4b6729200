"""The gaps as pictures for a phone: a map of one theme, and six themes side by side.

Each part of the chosen area (a stadsdeel's gebieden, a gebied's wijken) is coloured by
the share of its questions that found nothing or not what was wanted, in five classes of
twenty points. A part with fewer than five questions of the theme is grey and hatched and
labelled "< 5", as in the text. The PNG is 1080 pixels wide, the width of a phone photo;
texts are sized for that. Matplotlib runs with the Agg backend; callers render in a thread.
"""

from __future__ import annotations

import io
import itertools
import math
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib as mpl

mpl.use("Agg")

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

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
NAMED_PARTS = 5  # more parts than this: numbers on the map, their names in a key below
KEY_LINE = 0.3  # inches per line of that key
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
    # "De Aker, Sloten, Nieuw-Sloten" one name per line, "IJplein/Vogelbuurt" after the
    # slash; a long single name wrapped at its spaces, never inside a word.
    pieces = [p.strip() for p in name.replace("/", "/,").split(",") if p.strip()]
    return "\n".join(
        "\n".join(textwrap.wrap(p, 16, break_on_hyphens=False, break_long_words=False))
        for p in pieces
    )


# Where to try a label that would cover another: below, above, right, left, diagonally,
# then two steps away (in label heights and widths).
_OFFSETS = ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1), (0, -2), (0, 2))


def spread_labels(figure: Figure, axes: Axes, texts: Sequence[Text]) -> None:
    """Move each label that would cover an earlier one to the nearest free spot around its
    place, with a thin line back to it; the earlier labels are those of larger parts."""
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    to_data = axes.transData.inverted()
    placed: list[Bbox] = []
    for text in texts:
        box = text.get_window_extent(renderer)
        if any(box.overlaps(other) for other in placed):
            x, y = axes.transData.transform(text.get_position())
            for dx, dy in _OFFSETS:
                shift = (dx * (box.width + 6), dy * (box.height + 6))
                moved = box.translated(*shift)
                if not any(moved.overlaps(other) for other in placed):
                    anchor = text.get_position()
                    text.set_position(tuple(to_data.transform((x + shift[0], y + shift[1]))))
                    end = text.get_position()
                    axes.plot(
                        [anchor[0], end[0]], [anchor[1], end[1]], color=OUTLINE_COLOUR, lw=0.9
                    )
                    box = moved
                    break
        placed.append(box)


def _by_size(shapes: AreaShapes) -> list[int]:
    """Indexes of the parts, largest first (shoelace area of their rings)."""

    def size(rings: Sequence[Sequence[tuple[float, float]]]) -> float:
        return sum(
            abs(sum(xa * yb - xb * ya for (xa, ya), (xb, yb) in itertools.pairwise(ring)))
            for ring in rings
        )

    return sorted(range(len(shapes.parts)), key=lambda i: -size(shapes.parts[i].rings))


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
    numbered = len(shapes.parts) > NAMED_PARTS
    key_in = (math.ceil(len(shapes.parts) / 2) * KEY_LINE + 0.15) if numbered else 0.0
    map_width = WIDTH_INCHES - 0.3
    map_height = min(max(map_width * _aspect(shapes), 3.8), 7.5)
    height = heading.inches + map_height + key_in + legend_in
    height = round(height * DPI) / DPI  # whole pixels
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    heading.draw(figure, height)
    bottom = legend_in + key_in
    axes = figure.add_axes((0.02, bottom / height, 0.96, map_height / height))
    _draw(axes, shapes, values, hatch_width=1.0)
    texts: list[Text] = []
    for index in _by_size(shapes):
        part = shapes.parts[index]
        name = area_name(gazetteer, part.code)
        label = f"{index + 1}" if numbered else _name_lines(name)
        texts.append(
            axes.text(
                *part.label_at,
                f"{label}\n{share_label(values[part.code])}",
                ha="center",
                va="center",
                fontsize=13,
                fontweight="bold",
                linespacing=1.1,
                path_effects=_HALO,
            )
        )
        if numbered:
            row, column = index // 2, index % 2
            figure.text(
                (0.25 + column * 3.05) / WIDTH_INCHES,
                (bottom - 0.1 - row * KEY_LINE) / height,
                f"{index + 1}  {name}",
                ha="left",
                va="top",
                fontsize=12,
            )
    spread_labels(figure, axes, texts)
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
        texts = [
            axes.text(
                *shapes.parts[i].label_at,
                share_label(values[shapes.parts[i].code]),
                ha="center",
                va="center",
                fontsize=12,
                fontweight="bold",
                path_effects=_HALO,
            )
            for i in _by_size(shapes)
        ]
        spread_labels(figure, axes, texts)
    _legend(t, figure, (legend_in - 0.1) / height)
    return figure


def theme_png(
    t: Translator,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    table: GapsTable,
    parts: Mapping[str, Mapping[str, Cell]],
    *,
    theme: str,
    months: int,
) -> bytes:
    """`theme_map` drawn and rendered: all of it off the event loop in a thread."""
    return render(theme_map(t, gazetteer, thesaurus, table, parts, theme=theme, months=months))


def themes_png(
    t: Translator,
    gazetteer: Gazetteer,
    thesaurus: Thesaurus,
    table: GapsTable,
    parts: Mapping[str, Mapping[str, Cell]],
    *,
    months: int,
) -> bytes:
    """`themes_map` drawn and rendered."""
    return render(themes_map(t, gazetteer, thesaurus, table, parts, months=months))
