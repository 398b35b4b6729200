"""The social map in Open Referral's HSDS 3.0 shape: `wijkwijzer export-map DIR --format hsds`.

Every offer becomes a service; its organisation is the offer of kind "organization" with the
name in its `organization` field, else an organisation of that name, else the offer itself
(an initiative is its own organisation). An offer with an address or coordinates gets a
location and a service_at_location; one with a schedule gets a schedule whose description is
that text (the format keeps schedules as free text, so no recurrence rule is guessed). Ids
are UUIDs derived from the offer ids, so the same map always gives the same ids.

The JSON Schemas of HSDS 3.0 are vendored in `content/hsds/schema` (see its SOURCES.md).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from matching.offer import Offer
from matching.resources import content_file

# A fixed namespace for this project's HSDS ids (uuid5 of the project's name in URL space).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/wijkwijzer/hsds")
TABLES = ("organizations", "services", "locations", "service_at_location", "schedules")
SCHEMA_OF = {
    "organizations": "organization.json",
    "services": "service.json",
    "locations": "location.json",
    "service_at_location": "service_at_location.json",
    "schedules": "schedule.json",
}
# The map is Amsterdam's: an address without its own city is in this one.
CITY = "Amsterdam"
PROVINCE = "Noord-Holland"
COUNTRY = "NL"
_ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<postcode>\d{4}\s?[A-Za-z]{2})\s+(?P<city>.+)$")


def hsds_id(kind: str, key: str) -> str:
    """A stable UUID for one record: the same kind and key always give the same id."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def schema_dir() -> Traversable:
    """The vendored HSDS 3.0 JSON Schemas, one file per object."""
    return content_file("hsds", "schema")


@dataclass
class HsdsExport:
    """The five HSDS files as lists of objects, by file name (without .json)."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in TABLES}
    )

    def counts(self) -> dict[str, int]:
        """How many objects each file holds."""
        return {name: len(rows) for name, rows in self.tables.items()}


def _address(location_id: str, text: str) -> dict[str, Any]:
    match = _ADDRESS.match(text.strip())
    street, postcode, city = (
        (match["street"], match["postcode"].upper(), match["city"].strip())
        if match
        else (text.strip(), "", CITY)
    )
    return {
        "id": hsds_id("address", location_id),
        "location_id": location_id,
        "address_1": street,
        "city": city,
        "state_province": PROVINCE,
        "postal_code": postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }


def _organization(
    key: str, name: str, entry: Offer | None, organizations: dict[str, dict[str, Any]]
) -> str:
    """The id of the organisation under `key`, added on first use."""
    org_id = hsds_id("organization", key)
    if org_id not in organizations:
        record: dict[str, Any] = {
            "id": org_id,
            "name": name,
            # HSDS requires a description; an organisation known only by name has none.
            "description": entry.description if entry else "",
        }
        if entry is not None:
            if entry.email:
                record["email"] = entry.email
            if entry.url:
                record["website"] = entry.url
        organizations[org_id] = record
    return org_id


def _service(offer: Offer, service_id: str, org_id: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": service_id,
        "organization_id": org_id,
        "name": offer.name,
        "description": offer.description,
        "status": "active" if offer.active else "inactive",
    }
    if offer.url:
        record["url"] = offer.url
    if offer.email:
        record["email"] = offer.email
    if offer.last_verified:
        record["assured_date"] = offer.last_verified.isoformat()
    if offer.phone:
        record["phones"] = [
            {"id": hsds_id("phone", offer.id), "service_id": service_id, "number": offer.phone}
        ]
    if offer.languages:
        record["languages"] = [
            {
                "id": hsds_id("language", f"{offer.id}:{code}"),
                "service_id": service_id,
                "code": code,
            }
            for code in offer.languages
        ]
    record["service_areas"] = [
        {
            "id": hsds_id("service_area", f"{offer.id}:{area}"),
            "service_id": service_id,
            "name": area,
        }
        for area in offer.areas
    ]
    return record


def _location(offer: Offer, location_id: str) -> dict[str, Any]:
    record: dict[str, Any] = {"id": location_id, "location_type": "physical", "name": offer.name}
    if offer.latitude is not None and offer.longitude is not None:
        record["latitude"] = offer.latitude
        record["longitude"] = offer.longitude
    if offer.address:
        record["addresses"] = [_address(location_id, offer.address)]
    return record


def build_hsds(offers: Sequence[Offer]) -> HsdsExport:
    """The map as HSDS 3.0 objects, in the order of the offers."""
    export = HsdsExport()
    organizations: dict[str, dict[str, Any]] = {}
    # Organisations described on the map itself, by the name other offers refer to them with.
    described = {o.name.casefold(): o for o in offers if o.kind == "organization"}
    for offer in offers:
        service_id = hsds_id("service", offer.id)
        if offer.organization:
            entry = described.get(offer.organization.casefold())
            key = entry.id if entry else f"name:{offer.organization.casefold()}"
            org_id = _organization(key, offer.organization, entry, organizations)
        else:
            org_id = _organization(offer.id, offer.name, offer, organizations)
        export.tables["services"].append(_service(offer, service_id, org_id))
        if offer.address or offer.latitude is not None:
            location_id = hsds_id("location", offer.id)
            export.tables["locations"].append(_location(offer, location_id))
            export.tables["service_at_location"].append(
                {
                    "id": hsds_id("service_at_location", offer.id),
                    "service_id": service_id,
                    "location_id": location_id,
                }
            )
        if offer.schedule:
            export.tables["schedules"].append(
                {
                    "id": hsds_id("schedule", offer.id),
                    "service_id": service_id,
                    "description": offer.schedule,
                }
            )
    export.tables["organizations"] = list(organizations.values())
    return export


def write_hsds(offers: Iterable[Offer], directory: Path) -> HsdsExport:
    """Write the five HSDS files into `directory` (created when missing)."""
    export = build_hsds(list(offers))
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in export.tables.items():
        text = json.dumps(rows, ensure_ascii=False, indent=1)
        (directory / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    return export
