"""Reading a social-map file for `import-map`: row by row, every problem as row/field/reason.

A `.jsonl` or `.csv` file is read a line (a record) at a time, so a large file is never held
as one text, and each record is checked as it comes (by the matcher's `RecordValidator`).
What a plain parser would raise is one more error line here: a record nested too deeply
for JSON (RecursionError), a CSV value longer than 131,072 characters, invisible
characters that make a card read differently (bot/visible.py), or a file that is no UTF-8.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from bot.visible import invisible_in
from matching.gazetteer import Gazetteer
from matching.offer import FIELD_ORDER, Offer
from matching.socialmap import HEADER, MapLoad, Record, format_of, json_records, jsonl_records
from matching.validation import MapError, RecordValidator, shown, unknown_field_reason

MAX_CSV_VALUE = 131_072  # Python's csv default: longer is an error line, not a traceback


@contextlib.contextmanager
def _csv_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_header(reader: Any) -> tuple[list[str], list[str], list[MapError]]:
    header = [name.strip() for name in next(reader, None) or []]
    repeated = [
        MapError(1, name, "", "column given more than once")
        for i, name in enumerate(header)
        if name in header[:i]
    ]
    if repeated:
        return header, [], repeated
    # Unknown columns are reported once, on the header row, rather than on every row.
    unknown = [name for name in header if name not in FIELD_ORDER]
    return header, unknown, [MapError(1, name, "", unknown_field_reason(name)) for name in unknown]


def _csv_records(lines: IO[str]) -> Iterator[Record]:
    # Values far over the limit are read (the file holds them anyway) and then refused by
    # name, instead of csv's "field larger than field limit" ending the whole import.
    with _csv_limit(2**31 - 1):
        reader = csv.reader(lines)
        header, unknown, problems = _csv_header(reader)
        if not header:
            return
        if problems:
            yield HEADER, None, problems
            if len(problems) != len(unknown):
                return  # a repeated column: no row can be read reliably
        start = reader.line_num + 1
        for cells in reader:
            row, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            errors = [
                MapError(row, name, shown(cell), f"longer than {MAX_CSV_VALUE} characters")
                for name, cell in zip(header, cells, strict=False)
                if len(cell) > MAX_CSV_VALUE
            ]
            if errors:
                yield row, None, errors
                continue
            if len(cells) > len(header):
                errors.append(
                    MapError(row, "", shown(cells[len(header) :]), "more values than columns")
                )
            record = {k: v for k, v in zip(header, cells, strict=False) if k not in unknown}
            yield row, record, errors


def _text_of(value: Any) -> str:
    """Every string in a value (a list field's items too), joined for one check."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(_text_of(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text_of(item) for item in value.values())
    return ""


def invisible_problems(row: int, record: dict[str, Any]) -> list[MapError]:
    """A row's fields that hold bidi controls or zero-width characters, one error each."""
    errors = []
    for field, value in record.items():
        text = _text_of(value)
        codes = invisible_in(text)
        if codes:
            reason = (
                f"holds invisible characters ({', '.join(codes)}) that can make the text "
                "read differently; remove them"
            )
            errors.append(MapError(row, str(field), shown(text), reason))
    return errors


def _records(handle: IO[str], fmt: str) -> Iterator[Record]:
    if fmt == "jsonl":
        return jsonl_records(handle)
    if fmt == "json":  # one JSON array: read whole (the streaming formats are .jsonl and .csv)
        return json_records(handle.read())
    return _csv_records(handle)


def read_map(path: Path | str, gazetteer: Gazetteer) -> MapLoad:
    """Read and check a social-map file row by row; the format follows the suffix."""
    fmt = format_of(path)
    validator = RecordValidator(gazetteer)
    offers: list[Offer] = []
    errors: list[MapError] = []
    first_row: dict[str, int] = {}
    rows = 0
    with Path(path).open(encoding="utf-8-sig", newline="" if fmt == "csv" else None) as handle:
        try:
            for row, record, problems in _records(handle, fmt):
                rows += row != HEADER
                errors.extend(problems)
                if record is None:
                    continue
                found = invisible_problems(row, record)
                offer, checked = validator.validate(row, record, from_csv=fmt == "csv")
                found += checked
                if offer is not None and offer.id in first_row:
                    reason = f"duplicate id; first used on row {first_row[offer.id]}"
                    found = [MapError(row, "id", offer.id, reason)]
                errors.extend(found)
                if offer is not None and not found and not problems:
                    first_row[offer.id] = row
                    offers.append(offer)
        except UnicodeDecodeError as exc:
            error = MapError(rows + 1, "", "", f"the file is not UTF-8 text ({exc.reason})")
            return MapLoad((), (*errors, error), rows)
    return MapLoad(tuple(offers), tuple(errors), rows)
