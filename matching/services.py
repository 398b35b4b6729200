"""What a kind of place offers: a buurtteam helps with debts, a kinderboerderij does not.

The municipal facilities say only what they are (a category word among their themes). The
table in `content/place_services.json` says which needs each kind of place answers, so a
question about debts in Oost finds the buurtteam there, while a place that merely lies in
the asked area and carries a broad word ("kinderen", "wonen") does not win on that alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matching.normalise import fold
from matching.thesaurus import Tag


@dataclass(frozen=True)
class PlaceServices:
    """Theme tags per marker word of a kind of place, and the markers of residences."""

    services: Mapping[str, frozenset[Tag]] = field(default_factory=dict)
    residential: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlaceServices:
        """From the parsed file: {"kinds": [{"markers": [...], "themes": [...]}, ...]}."""
        services: dict[str, set[Tag]] = {}
        residential: set[str] = set()
        for kind in data.get("kinds", []):
            markers = [fold(str(m)) for m in kind.get("markers", [])]
            tags = {Tag("theme", str(code)) for code in kind.get("themes", [])}
            for marker in markers:
                services.setdefault(marker, set()).update(tags)
                if kind.get("residential"):
                    residential.add(marker)
        return cls({m: frozenset(t) for m, t in services.items()}, frozenset(residential))

    @classmethod
    def load(cls, path: Path | str) -> PlaceServices:
        """Read the services table."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def of(self, themes: Iterable[str]) -> tuple[frozenset[Tag], bool]:
        """What a place with these theme words offers, and whether it is a residence."""
        words = {fold(theme) for theme in themes}
        found = frozenset().union(*(self.services.get(w, frozenset()) for w in words))
        return found, not words.isdisjoint(self.residential)
