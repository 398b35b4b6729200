"""What a search returns, and its JSON form (the `search --json` contract)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matching.area_names import Place
from matching.offer import Offer

# Internal area relations as the contract names them.
AREA_MATCH = {
    "none": "none",
    "exact": "exact",
    "within": "within",
    "city": "within",
    "adjacent": "nearby",
    "sibling": "nearby",
    "closest": "nearby",
}


@dataclass(frozen=True)
class AreaRef:
    """An area the question names."""

    code: str
    name: str
    level: str

    @classmethod
    def of(cls, place: Place) -> AreaRef:
        """The reference for a resolved place ('MF+MG' when a name covers several units)."""
        return cls(place.code, place.name, place.level)

    def to_json(self) -> dict[str, str]:
        """{"code", "name", "level"}."""
        return {"code": self.code, "name": self.name, "level": self.level}


@dataclass(frozen=True)
class Hit:
    """One offer in an answer."""

    offer: Offer
    score: float
    area_match: str
    reasons: tuple[str, ...]

    @property
    def id(self) -> str:
        """The offer's id."""
        return self.offer.id

    @property
    def name(self) -> str:
        """The offer's name."""
        return self.offer.name

    def to_json(self) -> dict[str, Any]:
        """{"id", "name", "score", "area_match", "reasons"}."""
        return {
            "id": self.offer.id,
            "name": self.offer.name,
            "score": self.score,
            "area_match": self.area_match,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class SearchResult:
    """The answer to one question."""

    query: str
    themes: tuple[str, ...]
    target_groups: tuple[str, ...]
    areas: tuple[AreaRef, ...]
    results: tuple[Hit, ...]
    unknown_words: tuple[str, ...] = ()
    used_nearby: bool = False

    def to_json(self) -> dict[str, Any]:
        """The object `wijkwijzer search --json` prints for this question."""
        return {
            "query": self.query,
            "themes": list(self.themes),
            "target_groups": list(self.target_groups),
            "areas": [area.to_json() for area in self.areas],
            "results": [hit.to_json() for hit in self.results],
        }


@dataclass(frozen=True)
class NearbyOffer:
    """An offer near a point, with how far it is."""

    offer: Offer
    distance_m: float
    located_by: str  # "address" (its own coordinates) or "area" (centroid of its area)
