"""Cleaning the city's facility records: corona-era locations out, one record per place.

The records are the social-map format (`id`, `name`, `description`, `themes`, `areas`,
`address`, coordinates, `kind`). Their descriptions were built by the conversion as
"{category} ({subtype}) in stadsdeel {stadsdeel}, domein {domain}. Adres: {address}.", which
lets a merged record say every category it has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

Record = dict[str, Any]

# Locations opened for the corona crisis only ("inloophuis tijdens Coronacrisis").
_CORONA = re.compile(
    r"corona[\s-]*(?:crisis|tijd|periode|pandemie|maatregelen)"
    r"|tijdens\s+(?:de\s+)?(?:corona|covid)"
    r"|covid[\s-]*(?:19\s*)?(?:crisis|opvang|locatie)",
    re.IGNORECASE,
)
_DESCRIPTION = re.compile(
    r"^(?P<what>.+?) in stadsdeel (?P<stadsdeel>[^,]+), domein (?P<domain>[^.]+)\."
    r"(?P<rest>.*)$"
)
_NOT_WORD = re.compile(r"[\W_]+")
_POSTCODE = re.compile(r"\b(\d{4}) ([a-z]{2})\b")  # "1033 be" is written "1033be" too

# Categories of the building itself: a Huis van de Wijk or buurtkamer hosts the other
# activities at its address, so when one place has several records it names the place.
HOSTS = ("Huis van de wijk", "Buurtkamer")


def is_corona_location(record: Record) -> bool:
    """True for a temporary location of the corona crisis, by its name or description."""
    return any(_CORONA.search(str(record.get(key) or "")) for key in ("name", "description"))


def _normal(text: str) -> str:
    """Case, accents, punctuation and spacing folded away."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain).strip()


def place_key(record: Record) -> tuple[str, str] | None:
    """Address and name, normalised; None when the record has no address to compare."""
    address = _POSTCODE.sub(r"\1\2", _normal(str(record.get("address") or "")))
    if not address:
        return None
    return address, _normal(str(record.get("name") or ""))


def _union(lists: Iterable[Iterable[Any]]) -> list[Any]:
    seen: list[Any] = []
    for items in lists:
        seen.extend(item for item in items if item not in seen)
    return seen


def _merged_description(descriptions: list[str]) -> str:
    """One description naming every category and domain of the same place."""
    distinct = _union([[d] for d in descriptions if d])
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    parts = [_DESCRIPTION.match(d) for d in distinct]
    if any(p is None for p in parts):
        return " ".join(distinct)
    found = [p for p in parts if p is not None]
    if len({(p["stadsdeel"], p["rest"]) for p in found}) > 1:
        return " ".join(distinct)
    what = " / ".join(_union([[p["what"]] for p in found]))
    domain = " / ".join(_union([[p["domain"]] for p in found]))
    first = found[0]
    return f"{what} in stadsdeel {first['stadsdeel']}, domein {domain}.{first['rest']}"


def merge(records: list[Record]) -> Record:
    """One record for one place: the first record's id and name, every theme, area and
    category of all of them, and any field the first lacks taken from the others."""
    merged = dict(records[0])
    for record in records[1:]:
        for key, value in record.items():
            if merged.get(key) in (None, "", []):
                merged[key] = value
    merged["themes"] = _union(r.get("themes") or [] for r in records)
    merged["areas"] = _union(r.get("areas") or [] for r in records)
    merged["description"] = _merged_description([str(r.get("description") or "") for r in records])
    return merged


def _hosts(record: Record) -> bool:
    return str(record.get("description") or "").startswith(HOSTS)


def merge_duplicates(records: Iterable[Record]) -> tuple[list[Record], dict[str, str]]:
    """The records with each place (same address and name) once, where its first record
    stood; and which id each merged-away record went into. The merged record leads with a
    hosting building's record (`HOSTS`), else with the first."""
    groups: dict[tuple[str, str] | int, list[Record]] = {}
    for position, record in enumerate(records):
        groups.setdefault(place_key(record) or position, []).append(record)
    groups = {key: sorted(group, key=lambda r: not _hosts(r)) for key, group in groups.items()}
    merged_into = {
        str(other["id"]): str(group[0]["id"]) for group in groups.values() for other in group[1:]
    }
    return [merge(group) if len(group) > 1 else group[0] for group in groups.values()], merged_into
