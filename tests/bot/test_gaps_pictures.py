"""The /wittevlekken pictures: a map of one theme and six themes, drawn from a seeded month."""

from __future__ import annotations

import struct
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from bot.gaps.aggregation import Cell, GapsTable, gaps_table, months_before, part_cells
from bot.gaps.examples import write_examples
from bot.gaps.geometry import area_shapes
from bot.gaps.pictures import (
    CLASS_COLOURS,
    DPI,
    SUPPRESSED_COLOUR,
    WIDTH_PX,
    class_of,
    colour_of,
    legend_labels,
    render,
    spread_labels,
    theme_map,
    themes_map,
)
from bot.gaps.repository import Demand
from bot.gaps.rules import GOOD, NOTHING, REJECTED, WIDE
from bot.i18n import Catalogues, Translator
from matching.gazetteer import Gazetteer
from matching.resources import default_gazetteer, default_thesaurus

CATALOGUES = Catalogues(ZoneInfo("Europe/Amsterdam"))
LAST = date(2026, 11, 23)
GEBIED = "GM15"  # Indische Buurt, Oostelijk Havengebied: wijken MA, MF, MG
# (days ago, theme, area, outcome, how many)
SEEDED = [
    (0, "eenzaamheid", "MF", GOOD, 6),
    (6, "eenzaamheid", "MF", WIDE, 3),
    (10, "eenzaamheid", "MF", NOTHING, 2),
    (20, "eenzaamheid", "MF", REJECTED, 1),  # MF: 3 of 12 unanswered, 25%
    (1, "eenzaamheid", "MG", NOTHING, 5),
    (2, "eenzaamheid", "MG", GOOD, 3),  # MG: 5 of 8, 62%
    (3, "dementie", "MG", NOTHING, 7),  # MG: 100%
    (4, "schulden", "MF", WIDE, 3),  # fewer than five everywhere
    (5, "taal", "MA01", GOOD, 5),  # a buurt of Oostelijk Havengebied: 0%
    (6, "opvoeding", "MA", REJECTED, 6),
    (7, "armoede", "MF", NOTHING, 2),
    (8, "voedsel", "MG", GOOD, 1),
    (9, "mantelzorg", "MF", NOTHING, 1),
    (120, "dementie", "MF", NOTHING, 9),  # four months ago: outside the quarter
]


def _demand() -> list[Demand]:
    return [
        Demand(LAST - timedelta(days=ago), (theme,), (), (area,), "private", outcome)
        for ago, theme, area, outcome, times in SEEDED
        for _ in range(times)
    ]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


def _month(
    gazetteer: Gazetteer, area: str = GEBIED
) -> tuple[GapsTable, dict[str, dict[str, Cell]]]:
    first = months_before(LAST, 3)
    demand = _demand()
    table = gaps_table(gazetteer, area, first, LAST, demand=demand, supply={})
    return table, part_cells(gazetteer, area, first, LAST, demand=demand)


def _map(gazetteer: Gazetteer, t: Translator, theme: str) -> Figure:
    table, parts = _month(gazetteer)
    return theme_map(t, gazetteer, default_thesaurus(), table, parts, theme=theme, months=3)


def _fills(axes: Axes) -> dict[str, PathPatch]:
    return {str(p.get_gid()): p for p in axes.patches if isinstance(p, PathPatch) and p.get_gid()}


def _texts(figure: Figure) -> list[str]:
    return [text.get_text() for text in figure.texts] + [
        text.get_text() for axes in figure.axes for text in axes.texts
    ]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert data.endswith(b"IEND\xaeB`\x82")
    return width, height


def test_the_map_is_a_png_a_phone_wide(gazetteer: Gazetteer) -> None:
    figure = _map(gazetteer, CATALOGUES.translator("nl"), "eenzaamheid")
    width, height = _png_size(render(figure))
    assert width == WIDTH_PX == 1080
    assert height == round(figure.get_figheight() * DPI)
    assert 900 < height < 2000  # a portrait picture, not a strip


def test_each_wijk_is_coloured_by_its_unanswered_share(gazetteer: Gazetteer) -> None:
    figure = _map(gazetteer, CATALOGUES.translator("nl"), "eenzaamheid")
    [axes] = [a for a in figure.axes if _fills(a)]
    fills = _fills(axes)
    assert set(fills) == {"MA", "MF", "MG"}
    assert fills["MF"].get_facecolor() == to_rgba(CLASS_COLOURS[1])  # 25%
    assert fills["MG"].get_facecolor() == to_rgba(CLASS_COLOURS[3])  # 62%
    assert fills["MA"].get_facecolor() == to_rgba(SUPPRESSED_COLOUR)  # no questions
    assert fills["MA"].get_hatch() == "///"
    assert fills["MF"].get_hatch() is None
    labels = [text.get_text() for text in axes.texts]
    assert "Indische\nBuurt-West\n25%" in labels
    assert "Indische\nBuurt-Oost\n62%" in labels
    assert "Oostelijk\nHavengebied\n< 5" in labels


def test_the_classes_are_twenty_points_wide() -> None:
    assert [class_of(share / 100) for share in (0, 19, 20, 39, 40, 62, 79, 80, 100)] == [
        0, 0, 1, 1, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    assert class_of(0.195) == 1  # 19.5% is shown as 20%, and coloured as such
    assert colour_of(None) == SUPPRESSED_COLOUR


def test_a_theme_asked_fewer_than_five_times_everywhere_shows_nothing(
    gazetteer: Gazetteer,
) -> None:
    figure = _map(gazetteer, CATALOGUES.translator("nl"), "schulden")
    [axes] = [a for a in figure.axes if _fills(a)]
    assert {p.get_hatch() for p in _fills(axes).values()} == {"///"}
    shares = [text.get_text().rsplit("\n", 1)[-1] for text in axes.texts]
    assert shares == ["< 5", "< 5", "< 5"]
    assert not any("%" in text for text in shares)


def test_dementie_four_months_ago_is_outside_the_quarter(gazetteer: Gazetteer) -> None:
    figure = _map(gazetteer, CATALOGUES.translator("nl"), "dementie")
    [axes] = [a for a in figure.axes if _fills(a)]
    fills = _fills(axes)
    assert fills["MG"].get_facecolor() == to_rgba(CLASS_COLOURS[4])
    assert fills["MF"].get_facecolor() == to_rgba(SUPPRESSED_COLOUR)


def test_title_and_legend_in_the_coordinators_language(gazetteer: Gazetteer) -> None:
    dutch = _texts(_map(gazetteer, CATALOGUES.translator("nl"), "dementie"))
    assert "Dementie in Indische Buurt,\nOostelijk Havengebied: vragen\nzonder antwoord" in dutch
    assert "Laatste 3 maanden (24 aug 2026 \u2013 23 nov 2026)" in dutch
    english = _texts(_map(gazetteer, CATALOGUES.translator("en"), "dementie"))
    assert english[0].startswith("Dementia in Indische Buurt")
    assert english[0].endswith("questions\nwithout an answer")
    assert "Last 3 months (24 Aug 2026 \u2013 23 Nov 2026)" in english
    assert legend_labels(CATALOGUES.translator("nl"))[-1] == "< 5 vragen"
    assert legend_labels(CATALOGUES.translator("en")) == [
        "0\u201319%", "20\u201339%", "40\u201359%", "60\u201379%", "80\u2013100%", "< 5 questions",
    ]  # fmt: skip


def test_six_themes_most_asked_first(gazetteer: Gazetteer) -> None:
    table, parts = _month(gazetteer)
    t = CATALOGUES.translator("nl")
    figure = themes_map(t, gazetteer, default_thesaurus(), table, parts, months=3)
    panels = [a for a in figure.axes if _fills(a)]
    titles = [a.get_title() for a in panels]
    assert titles == [
        "eenzaamheid (20)",
        "dementie (7)",
        "opvoeding en gezin (6)",
        "taal (5)",
        "schulden (< 5)",
        "armoede (< 5)",
    ]
    assert _fills(panels[1])["MG"].get_facecolor() == to_rgba(CLASS_COLOURS[4])
    assert _fills(panels[2])["MA"].get_facecolor() == to_rgba(CLASS_COLOURS[4])
    assert _fills(panels[3])["MA"].get_facecolor() == to_rgba(CLASS_COLOURS[0])
    width, height = _png_size(render(figure))
    assert (width, height) == (WIDTH_PX, round(figure.get_figheight() * DPI))


def test_a_stadsdeel_map_has_its_gebieden_with_outlines_between_them_only(
    gazetteer: Gazetteer,
) -> None:
    shapes = area_shapes(gazetteer, "M")
    assert [part.code for part in shapes.parts] == sorted(gazetteer.children("M"))
    assert area_shapes(gazetteer, "M") is shapes  # cached per process
    buurt_edges = sum(len(ring) - 1 for part in shapes.parts for ring in part.rings)
    # Edges between two buurten of one gebied are left out: far fewer lines than edges.
    assert len(shapes.outlines) < buurt_edges / 2
    x0, y0, x1, y1 = shapes.bbox
    for part in shapes.parts:
        x, y = part.label_at
        assert x0 <= x <= x1
        assert y0 <= y <= y1


def test_the_examples_script_writes_both_pictures(tmp_path: Path) -> None:
    written = write_examples(tmp_path / "docs")
    assert [path.name for path in written] == [
        "wittevlekken-kaart.png",
        "wittevlekken-themas.png",
    ]
    for path in written:
        assert _png_size(path.read_bytes())[0] == WIDTH_PX


def test_many_wijken_are_numbered_with_their_names_in_a_key(gazetteer: Gazetteer) -> None:
    # Oud-West, De Baarsjes has eleven wijken: names would cover each other on the map.
    table, parts = _month(gazetteer, "GE05")
    t = CATALOGUES.translator("nl")
    figure = theme_map(t, gazetteer, default_thesaurus(), table, parts, theme="taal", months=3)
    [axes] = [a for a in figure.axes if _fills(a)]
    codes = [part.code for part in area_shapes(gazetteer, "GE05").parts]
    assert len(codes) == 11
    on_map = sorted(text.get_text() for text in axes.texts)
    assert on_map == sorted(f"{i}\n< 5" for i in range(1, 12))  # no questions there
    key = [text.get_text() for text in figure.texts]
    for number, code in enumerate(codes, 1):
        assert f"{number}  {gazetteer.area(code).name}" in key  # type: ignore[union-attr]
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    boxes = [text.get_window_extent(renderer) for text in axes.texts]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :])


def test_labels_that_would_cover_each_other_are_moved_apart() -> None:
    figure = Figure(figsize=(6.75, 6), dpi=DPI)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 10)
    axes.set_ylim(0, 10)
    texts = [axes.text(5, 5, f"{n}\n< 5", ha="center", va="center", fontsize=13) for n in (1, 2, 3)]
    spread_labels(figure, axes, texts)
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    boxes = [text.get_window_extent(renderer) for text in texts]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :])
    assert texts[0].get_position() == (5, 5)  # the first (largest part) stays
    assert len(axes.lines) == 2  # a line from each moved label back to its place
