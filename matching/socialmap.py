"""Read, validate and write social-map files (.jsonl, .json, .csv) without losing anything."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching.gazetteer import Gazetteer
from matching.offer import FIELD_ORDER, Offer
from matching.validation import MapError, RecordValidator, shown, unknown_field_reason

FORMATS = {".jsonl": "jsonl", ".json": "json", ".csv": "csv"}

# (row number, the record if it could be read, problems found while reading it)
Record = tuple[int, dict[str, Any] | None, list[MapError]]
TOO_DEEP = "nested too deeply to be a social-map record"
HEADER = 0  # problems with the file as a whole (a CSV header, a broken .json) are no record


@dataclass(frozen=True)
class MapLoad:
    """The valid offers of a file and every error found in it."""

    offers: tuple[Offer, ...]
    errors: tuple[MapError, ...]
    rows: int

    @property
    def ok(self) -> bool:
        """True when every row is valid (an import may then go ahead)."""
        return not self.errors


def format_of(path: Path | str) -> str:
    """'jsonl', 'json' or 'csv', chosen by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unknown social-map format {suffix!r}; use .jsonl, .json or .csv")
    return FORMATS[suffix]


class JsonFields(dict[str, Any]):
    """A JSON object that remembers field names given more than once."""

    repeated: list[str]


def json_fields(pairs: list[tuple[str, Any]]) -> JsonFields:
    """A JSON object's fields (`object_pairs_hook`), remembering names given twice."""
    record = JsonFields()
    record.repeated = []
    for key, value in pairs:
        if key in record:
            record.repeated.append(key)
        record[key] = value
    return record


def json_record(row: int, value: Any) -> Record:
    """One parsed JSON value as a record, or the reason it is none."""
    if not isinstance(value, dict):
        return row, None, [MapError(row, "", shown(value), "a record must be a JSON object")]
    repeated = getattr(value, "repeated", [])
    errors = [MapError(row, key, "", "field given more than once") for key in repeated]
    return row, value, errors


def jsonl_records(lines: Iterable[str]) -> Iterator[Record]:
    """Records of a JSON Lines map, one per non-blank line, read as the lines come."""
    for row, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
            # Parsing keeps only the last of a repeated field; only when the line holds
            # more keys than the object (rare) is it parsed again to say which.
            if isinstance(value, dict) and line.count('":') + line.count('" :') > len(value):
                value = json.loads(line, object_pairs_hook=json_fields)
        except json.JSONDecodeError as exc:
            yield row, None, [MapError(row, "", shown(line), f"not valid JSON: {exc.msg}")]
            continue
        except RecursionError:
            yield row, None, [MapError(row, "", "", TOO_DEEP)]
            continue
        yield json_record(row, value)


def json_records(text: str) -> Iterator[Record]:
    """Records of a .json map: one JSON array, read whole."""
    try:
        value = json.loads(text, object_pairs_hook=json_fields)
    except json.JSONDecodeError as exc:
        yield HEADER, None, [MapError(exc.lineno, "", "", f"not valid JSON: {exc.msg}")]
        return
    except RecursionError:
        yield HEADER, None, [MapError(1, "", "", TOO_DEEP)]
        return
    if not isinstance(value, list):
        yield HEADER, None, [MapError(1, "", "", "a .json social map must be one JSON array")]
        return
    for row, item in enumerate(value, start=1):
        yield json_record(row, item)


def _csv_records(text: str) -> Iterator[Record]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return
    header = [name.strip() for name in header]
    problems = [
        MapError(1, name, "", "column given more than once")
        for i, name in enumerate(header)
        if name in header[:i]
    ]
    if problems:
        yield HEADER, None, problems
        return
    # Unknown columns are reported once, on the header row, rather than on every row.
    unknown = [name for name in header if name not in FIELD_ORDER]
    if unknown:
        yield HEADER, None, [MapError(1, name, "", unknown_field_reason(name)) for name in unknown]
    start = reader.line_num + 1
    for cells in reader:
        row, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        errors = []
        if len(cells) > len(header):
            errors.append(
                MapError(row, "", shown(cells[len(header) :]), "more values than columns")
            )
        record = {k: v for k, v in zip(header, cells, strict=False) if k not in unknown}
        yield row, record, errors


def parse_map(text: str, fmt: str, gazetteer: Gazetteer | None = None) -> MapLoad:
    """Validate every record of a social map given as text; nothing is skipped silently."""
    if gazetteer is None:
        from matching.resources import default_gazetteer  # noqa: PLC0415 - built only if needed

        gazetteer = default_gazetteer()
    readers: dict[str, Callable[[str], Iterator[Record]]] = {
        "jsonl": lambda text: jsonl_records(text.splitlines()),
        "json": json_records,
        "csv": _csv_records,
    }
    validator = RecordValidator(gazetteer)
    offers: list[Offer] = []
    errors: list[MapError] = []
    first_row: dict[str, int] = {}
    rows = 0
    for row, record, problems in readers[fmt](text.removeprefix("\ufeff")):
        rows += row != HEADER
        errors.extend(problems)
        if record is None:
            continue
        offer, found = validator.validate(row, record, from_csv=fmt == "csv")
        if offer is not None and offer.id in first_row:
            reason = f"duplicate id; first used on row {first_row[offer.id]}"
            found = [MapError(row, "id", offer.id, reason)]
        errors.extend(found)
        if offer is not None and not found and not problems:
            first_row[offer.id] = row
            offers.append(offer)
    return MapLoad(tuple(offers), tuple(errors), rows)


def load_map(path: Path | str, gazetteer: Gazetteer | None = None) -> MapLoad:
    """Read and validate a social-map file; the format follows the suffix."""
    fmt = format_of(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        error = MapError(0, "", "", f"the file is not UTF-8 text ({exc.reason})")
        return MapLoad((), (error,), 0)
    return parse_map(text, fmt, gazetteer)


def _csv_cell(value: object) -> str:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def dumps_map(offers: Iterable[Offer], fmt: str) -> str:
    """A social map as text in the given format ('jsonl', 'json' or 'csv')."""
    records = [offer.to_record() for offer in offers]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(FIELD_ORDER)
        for record in records:
            writer.writerow([_csv_cell(record.get(name, "")) for name in FIELD_ORDER])
        return buffer.getvalue()
    raise ValueError(f"unknown social-map format {fmt!r}")


def dump_map(offers: Iterable[Offer], path: Path | str) -> None:
    """Write a social-map file; the format follows the suffix."""
    Path(path).write_text(dumps_map(offers, format_of(path)), encoding="utf-8", newline="")


__all__ = ["MapError", "MapLoad", "dump_map", "dumps_map", "format_of", "load_map", "parse_map"]
