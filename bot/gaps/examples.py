"""Example pictures of /wittevlekken for the documentation, from a made-up quarter.

    python -m bot.gaps.examples docs/

writes `wittevlekken-kaart.png` (one theme over Oost's gebieden) and
`wittevlekken-themas.png` (Oost's six most asked themes). The questions are drawn from a
seeded random generator over Oost's buurten: an illustration, not anybody's real demand.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.gaps.aggregation import gaps_table, months_before, part_cells
from bot.gaps.pictures import THEMES_SHOWN, render, theme_map, themes_map
from bot.gaps.repository import Demand
from bot.gaps.rules import GOOD, NOTHING, PRIVATE, REJECTED, WIDE
from bot.i18n import Catalogues
from matching.gazetteer import Gazetteer
from matching.resources import default_gazetteer, default_thesaurus

AREA = "M"  # Oost
LAST = date(2026, 11, 30)
MONTHS = 3
SEED = 19
# (theme, questions per buurt at most): a few themes asked often, some rarely.
THEMES = (
    ("eenzaamheid", 5),
    ("schulden", 4),
    ("dementie", 3),
    ("taal", 3),
    ("mantelzorg", 2),
    ("opvoeding", 2),
    ("voedsel", 1),
)


def example_demand(gazetteer: Gazetteer, area: str = AREA, seed: int = SEED) -> list[Demand]:
    """A quarter of made-up questions in the buurten of `area`: each gebied gets its own
    odds of going unanswered, so the map has something to show."""
    rng = random.Random(seed)  # noqa: S311 - an illustration, not a secret
    demand: list[Demand] = []
    for gebied in sorted(gazetteer.children(area)):
        unanswered = rng.uniform(0.05, 0.9)
        # Some themes are hardly asked in some gebieden: those show as "< 5".
        asked = {theme: rng.choice((0.05, 1.0, 1.0, 1.0)) for theme, _ in THEMES}
        buurten = sorted(
            code
            for code in gazetteer.subtree(gebied)
            if (known := gazetteer.area(code)) is not None and known.level == "buurt"
        )
        for buurt in buurten:
            for theme, most in THEMES:
                if rng.random() > asked[theme]:
                    continue
                for _ in range(rng.randint(0, most)):
                    if rng.random() < unanswered:
                        outcome = rng.choice((NOTHING, NOTHING, REJECTED))
                    else:
                        outcome = rng.choice((GOOD, GOOD, WIDE))
                    day = LAST - timedelta(days=rng.randrange(85))
                    demand.append(Demand(day, (theme,), (), (buurt,), PRIVATE, outcome))
    return demand


def write_examples(folder: Path, language: str = "nl") -> list[Path]:
    """Write the two example PNGs into `folder`; returns their paths."""
    gazetteer, thesaurus = default_gazetteer(), default_thesaurus()
    t = Catalogues(ZoneInfo("Europe/Amsterdam")).translator(language)
    demand = example_demand(gazetteer)
    first = months_before(LAST, MONTHS)
    table = gaps_table(gazetteer, AREA, first, LAST, demand=demand, supply={})
    parts = part_cells(gazetteer, AREA, first, LAST, demand=demand)
    # The map of the most asked theme that has a gebied with too few questions, to show both.
    themes = [cell.theme for cell in table.rows[:THEMES_SHOWN]]
    theme = next(
        (
            th
            for th in themes
            if any(cells.get(th) is None or cells[th].suppressed for cells in parts.values())
        ),
        themes[0],
    )
    folder.mkdir(parents=True, exist_ok=True)
    pictures = {
        "wittevlekken-kaart.png": theme_map(
            t, gazetteer, thesaurus, table, parts, theme=theme, months=MONTHS
        ),
        "wittevlekken-themas.png": themes_map(t, gazetteer, thesaurus, table, parts, months=MONTHS),
    }
    written = []
    for name, figure in pictures.items():
        path = folder / name
        path.write_bytes(render(figure))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """Write the examples into the folder given (default: docs/)."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_examples(Path(args[0] if args else "docs")):
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
