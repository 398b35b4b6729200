"""Check one social-map record field by field, collecting every problem it has."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process

from matching.gazetteer import Gazetteer
from matching.languages import ISO_639_1
from matching.offer import (
    FIELD_ORDER,
    KINDS,
    LIST_FIELDS,
    NUMBER_FIELDS,
    REQUIRED,
    STATUSES,
    Offer,
)

ID_PATTERN = re.compile(r"[a-z0-9-]{2,64}")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
TELEGRAM_PATTERN = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
PHONE_PATTERN = re.compile(r"\+?[0-9][0-9 ()./-]*[0-9]")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")

MAX_LENGTH = {
    "name": 120,
    "description": 600,
    "organization": 200,
    "address": 200,
    "schedule": 300,
    "url": 500,
    "email": 254,
    "phone": 40,
}
MAX_ITEM_LENGTH = 80
FIELDS = frozenset(FIELD_ORDER)
MULTILINE = ("description", "schedule")

Fail = Callable[[str, object, str], None]


@dataclass(frozen=True)
class MapError:
    """One problem in a social-map file: where, which field, what value, and why."""

    row: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", field {self.field!r}" if self.field else "")
        value = f", value {self.value!r}" if self.value else ""
        return f"{where}{value}: {self.reason}"


def shown(value: object) -> str:
    """A value as it appears in an error message, cut short when long."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def unknown_field_reason(field: str) -> str:
    """Why a field is rejected, with the known field it was probably meant to be."""
    near = process.extractOne(
        field, FIELD_ORDER, scorer=fuzz.ratio, processor=str.lower, score_cutoff=70
    )
    return "unknown field" + (f"; did you mean {near[0]!r}?" if near else "")


# Control characters (Unicode category Cc) and lone surrogates (Cs), which no file can hold.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _bad_characters(text: str, multiline: bool) -> bool:
    if text.isprintable():  # the common case, decided in C
        return False
    # a tab is allowed everywhere, a newline only in the multi-line fields
    if "\t" in text:
        text = text.replace("\t", " ")
    return bool((_CONTROL_BUT_LINES if multiline else _CONTROL).search(text))


# The reason given for an area name the gazetteer cannot resolve.
UNKNOWN_AREA = "unknown area"


def is_unknown_area(error: MapError) -> bool:
    """True for an error that only says an area name is not in the gazetteer."""
    return error.field == "areas" and error.reason.startswith(UNKNOWN_AREA)


class RecordValidator:
    """Turns raw records into offers, resolving areas through a gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._areas: dict[str, str | None] = {}

    def _area_problem(self, name: str) -> str | None:
        if name not in self._areas:
            problem = None
            if self._gazetteer.resolve(name) is None:
                options = self._gazetteer.suggest(name)
                problem = UNKNOWN_AREA + (
                    f"; did you mean: {', '.join(options)}?" if options else ""
                )
            self._areas[name] = problem
        return self._areas[name]

    def validate(
        self, row: int, raw: Mapping[str, Any], *, from_csv: bool = False
    ) -> tuple[Offer | None, list[MapError]]:
        """An offer from a record, or None and the reasons it is not valid."""
        errors: list[MapError] = []

        def fail(field: str, value: object, reason: str) -> None:
            errors.append(MapError(row, field, shown(value) if value is not None else "", reason))

        values: dict[str, Any] = {}
        for field in raw:
            if field not in FIELDS:
                fail(field, raw[field], unknown_field_reason(field))
        # The fields given, plus the required ones so that a missing one is reported.
        for field in [f for f in FIELD_ORDER if f in raw or f in REQUIRED]:
            value = raw.get(field)
            if from_csv:
                value = _from_csv(field, value)
            if value is None or value == [] or (isinstance(value, str) and not value.strip()):
                if field in REQUIRED:
                    fail(field, None, "required field is missing or empty")
                continue
            checked = self._check(field, value, fail)
            if checked is not None:
                values[field] = checked
        self._check_coordinates(values, fail)
        if errors:
            return None, errors
        return Offer(**values), []

    def _check(self, field: str, value: Any, fail: Fail) -> Any:
        if field in LIST_FIELDS:
            return self._check_list(field, value, fail)
        if field in NUMBER_FIELDS:
            return _check_number(field, value, fail)
        if not isinstance(value, str):
            fail(field, value, "must be text")
            return None
        text = value.strip()
        if not text:
            return None
        limit = MAX_LENGTH.get(field)
        if _bad_characters(text, field in MULTILINE):
            problem: str | None = "contains control characters"
        elif limit is not None and len(text) > limit:
            problem = f"longer than {limit} characters ({len(text)})"
        else:
            check = TEXT_CHECKS.get(field)
            problem = check(text) if check else None
        if problem:
            fail(field, value, problem)
            return None
        return date.fromisoformat(text) if field == "last_verified" else text

    def _check_list(self, field: str, value: Any, fail: Fail) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(field, value, "must be a list of text items")
            return None
        items = tuple(v.strip() for v in value if v.strip())
        if not items:
            if field in REQUIRED:
                fail(field, value, "needs at least one item")
            return None
        ok = True
        for item in items:
            problem = None
            if ";" in item:
                problem = "an item may not contain ';' (it separates items in CSV)"
            elif len(item) > MAX_ITEM_LENGTH:
                problem = f"item longer than {MAX_ITEM_LENGTH} characters"
            elif _bad_characters(item, multiline=False):
                problem = "item contains control characters"
            elif field == "languages" and item not in ISO_639_1:
                problem = "not an ISO 639-1 language code (two lower-case letters, e.g. 'nl')"
            elif field == "areas":
                problem = self._area_problem(item)
            if problem:
                ok = False
                fail(field, item, problem)
        return items if ok else None

    @staticmethod
    def _check_coordinates(values: dict[str, Any], fail: Fail) -> None:
        lat, lon = values.get("latitude"), values.get("longitude")
        if (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            fail(missing, None, "latitude and longitude go together; one is missing")
            return
        if lat is None or lon is None:
            return
        if not -90 <= lat <= 90:
            fail("latitude", lat, "must be between -90 and 90")
        elif not -180 <= lon <= 180:
            fail("longitude", lon, "must be between -180 and 180")
        elif 50 <= lon <= 54 and 3 <= lat <= 8:
            fail("latitude", lat, "latitude and longitude look swapped (Amsterdam is 52.37, 4.90)")


def _check_number(field: str, value: Any, fail: Fail) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(field, value, "must be a number")
    elif not math.isfinite(value):
        fail(field, value, "must be a finite number")
    else:
        return float(value)
    return None


def _from_csv(field: str, value: Any) -> Any:
    """A CSV cell as the JSON value it stands for: lists split on ';', numbers parsed."""
    if value is None or not isinstance(value, str):
        return value
    if field in LIST_FIELDS:
        return [item for item in value.split(";") if item.strip()]
    if field in NUMBER_FIELDS and value.strip():
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _id_problem(text: str) -> str | None:
    ok = ID_PATTERN.fullmatch(text)
    return None if ok else "must be 2-64 characters of a-z, 0-9 and '-'"


def _choice_problem(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    def problem(text: str) -> str | None:
        return None if text in choices else f"must be one of {', '.join(choices)}"

    return problem


def _url_problem(text: str) -> str | None:
    parts = urlsplit(text)
    ok = parts.scheme in ("http", "https") and parts.netloc and " " not in text
    return None if ok else "must be an http(s) URL such as https://example.org"


def _email_problem(text: str) -> str | None:
    ok = EMAIL_PATTERN.fullmatch(text)
    return None if ok else "must be an e-mail address such as info@example.org"


def _telegram_problem(text: str) -> str | None:
    ok = TELEGRAM_PATTERN.fullmatch(text)
    return None if ok else "must be a Telegram @username (5-32 letters, digits or '_')"


def _phone_problem(text: str) -> str | None:
    ok = PHONE_PATTERN.fullmatch(text) and 5 <= sum(c.isdigit() for c in text) <= 15
    return None if ok else "must be a phone number of 5-15 digits, e.g. 020 123 4567"


def _date_problem(text: str) -> str | None:
    if DATE_PATTERN.fullmatch(text):
        try:
            date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return None
    return "must be an ISO date YYYY-MM-DD"


TEXT_CHECKS: dict[str, Callable[[str], str | None]] = {
    "id": _id_problem,
    "kind": _choice_problem(KINDS),
    "status": _choice_problem(STATUSES),
    "url": _url_problem,
    "email": _email_problem,
    "telegram": _telegram_problem,
    "phone": _phone_problem,
    "last_verified": _date_problem,
}
