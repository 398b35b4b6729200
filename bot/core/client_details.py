"""Client details out of typed text before the bot keeps it, and the one line that says so."""

from __future__ import annotations

import csv
import json
from functools import cache

from bot.core.context import BotContext
from bot.core.person import Person
from bot.core.privacy_scrub import Scrubbed, scrub
from matching.resources import areas_dir


@cache
def area_names() -> frozenset[str]:
    """Every name of an area the bot knows (official, legacy, alias): never a person's name."""
    folder = areas_dir()
    names: set[str] = set()
    for file_name in ("amsterdam_areas.csv", "amsterdam_areas_legacy.csv"):
        path = folder / file_name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as rows:
                names |= {row["name"] for row in csv.DictReader(rows) if row.get("name")}
    aliases = folder / "aliases.json"
    if aliases.exists():
        entries = json.loads(aliases.read_text(encoding="utf-8"))
        names |= {e["alias"] for e in entries if isinstance(e.get("alias"), str)}
    return frozenset(names)


def clean(context: BotContext, text: str) -> Scrubbed:
    """The text with names, numbers and addresses replaced by markers (see privacy_scrub)."""
    services = context.services
    year = services.clock().astimezone(services.settings.timezone).year
    return scrub(text, year, area_names())


def with_note(person: Person, text: str, scrubbed: Scrubbed) -> str:
    """The reply, with one friendly line when client details were left out."""
    if not scrubbed.changed:
        return text
    return f"{text}\n\n{person.t('privacy.scrubbed')}"
