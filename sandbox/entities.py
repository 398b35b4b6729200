"""Building blocks of the parse modes: text measured in UTF-16 units and entities on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.errors import ApiError

Entity = dict[str, Any]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def cant_parse(reason: str) -> ApiError:
    """Telegram's 400 for markup it cannot read."""
    return ApiError.bad_request(f"can't parse entities: {reason}")


@dataclass
class EntityText:
    """Plain text being built, measured in UTF-16 units as entity offsets are."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    entities: list[Entity] = field(default_factory=list)

    def add(self, text: str) -> None:
        """Append plain text."""
        self.parts.append(text)
        self.length += utf16_len(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        """Close an entity that began at ``start`` here."""
        # Telegram drops entities that cover no text.
        if self.length > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.length - start, **extra}
            )

    def result(self) -> tuple[str, list[Entity]]:
        """The text and its entities in Telegram's order."""
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


@dataclass
class OpenEntity:
    """An entity whose end has not been seen yet."""

    tag: str
    kind: str | None
    start: int
    byte_offset: int
    extra: dict[str, Any] = field(default_factory=dict)
