"""One entry of the social map (an initiative, a service or a place) and its fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("initiative", "organization", "service", "place")
STATUSES = ("active", "inactive")

# Field order of the format spec; files are written in this order.
FIELD_ORDER = (
    "id",
    "name",
    "kind",
    "description",
    "themes",
    "target_groups",
    "areas",
    "organization",
    "address",
    "latitude",
    "longitude",
    "languages",
    "schedule",
    "url",
    "email",
    "phone",
    "telegram",
    "status",
    "last_verified",
)
REQUIRED = ("id", "name", "description", "themes", "areas")
LIST_FIELDS = ("themes", "target_groups", "areas", "languages")
NUMBER_FIELDS = ("latitude", "longitude")
TEXT_FIELDS = tuple(f for f in FIELD_ORDER if f not in (*LIST_FIELDS, *NUMBER_FIELDS))


@dataclass(frozen=True)
class Offer:
    """An offer on the social map, with every field of the social-map format."""

    id: str
    name: str
    description: str
    themes: tuple[str, ...]
    areas: tuple[str, ...]
    kind: str = "initiative"
    target_groups: tuple[str, ...] = ()
    organization: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    languages: tuple[str, ...] = ()
    schedule: str | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None
    status: str = "active"
    last_verified: date | None = None

    @property
    def active(self) -> bool:
        """Inactive offers are kept on the map but never returned."""
        return self.status == "active"

    def to_record(self) -> dict[str, object]:
        """The offer as a format record: fields in spec order, empty optional fields left out."""
        record: dict[str, object] = {}
        for name in FIELD_ORDER:
            value = getattr(self, name)
            if value is None or value == ():
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, date):
                value = value.isoformat()
            record[name] = value
        return record
