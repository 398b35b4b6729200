"""Client details out of typed text before the bot keeps it, and the one line that says so."""

from __future__ import annotations

from bot.context import BotContext
from bot.people import Person
from bot.privacy_scrub import Scrubbed, scrub


def clean(context: BotContext, text: str) -> Scrubbed:
    """The text with names, numbers and addresses replaced by markers (see privacy_scrub)."""
    services = context.services
    year = services.clock().astimezone(services.settings.timezone).year
    return scrub(text, year)


def with_note(person: Person, text: str, scrubbed: Scrubbed) -> str:
    """The reply, with one friendly line when client details were left out."""
    if not scrubbed.changed:
        return text
    return f"{text}\n\n{person.t('privacy.scrubbed')}"
