"""Gettext catalogues (Dutch first, English second) and Babel date formatting.

The `.po` files in `content/locales` are compiled in memory when the bot starts, so a plain
`pip install` has working translations without a separate compile step.
"""

from __future__ import annotations

import html
import io
import logging
from datetime import date, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.config import SUPPORTED_LANGUAGES

DOMAIN = "wijkwijzer"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
log = logging.getLogger(__name__)
# Logged when a message id is not in the catalogue (the user would see the id itself).
MISSING = "message %r missing in the %s catalogue"


def locales_dir() -> Traversable:
    """Where the shipped catalogues live."""
    return files("content") / "locales"


def load_catalogue(language: str) -> Translations:
    """Read one `.po` catalogue and compile it in memory."""
    po_file = locales_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_file.open("rb") as handle:
        catalogue = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _escaped(values: dict[str, Any]) -> dict[str, Any]:
    # Replies use HTML parse mode: every value put into a message is escaped, so user text
    # (names, titles) can never inject formatting or links.
    return {k: html.escape(v) if isinstance(v, str) else v for k, v in values.items()}


class Translator:
    """Messages, numbers and dates in one language and time zone."""

    def __init__(self, language: str, translations: Translations, timezone: ZoneInfo) -> None:
        self.language = language
        self._translations = translations
        self.timezone = timezone

    def __call__(self, key: str, /, **values: Any) -> str:
        """The message `key`, with `{name}` placeholders filled in (HTML-escaped)."""
        text = self._text(key)
        return text.format(**_escaped(values)) if values else text

    def _text(self, key: str) -> str:
        text = self._translations.gettext(key)
        if text == key:
            log.warning(MISSING, key, self.language)
        return text

    def known(self, key: str) -> str | None:
        """The message `key` as it is, or None when the catalogue lacks it (no warning:
        for keys made from data, such as a facility's category)."""
        text = self._translations.gettext(key)
        return None if text == key else text

    def label(self, key: str, /, **values: Any) -> str:
        """The message `key` as plain text, e.g. a button label: parse mode does not apply
        there, so values are put in as they are (escaping them would show `&amp;`)."""
        return self._text(key).format(**values)

    def plural(self, key: str, count: int, /, **values: Any) -> str:
        """The message `key` in the form that fits `count` (also available as `{count}`)."""
        text = self._translations.ngettext(key, key + ".plural", count)
        if text in (key, key + ".plural"):
            log.warning(MISSING, text, self.language)
        return text.format(count=count, **_escaped(values))

    def datetime(self, moment: datetime, fmt: str = "d MMM y HH:mm") -> str:
        """A moment as local time, e.g. '23 nov 2026 10:15'."""
        return format_datetime(moment, fmt, tzinfo=self.timezone, locale=self.language)

    def date(self, day: date, fmt: str = "long") -> str:
        """A calendar date, e.g. '23 november 2026'."""
        return format_date(day, fmt, locale=self.language)

    def language_name(self, language: str) -> str:
        """The name of a language as its speakers write it."""
        return LANGUAGE_NAMES.get(language, language)


class Catalogues:
    """The compiled catalogues of every supported language."""

    def __init__(self, timezone: ZoneInfo, default_language: str = "nl") -> None:
        self.timezone = timezone
        self.default_language = default_language
        fallback = load_catalogue(default_language)
        self._translations: dict[str, Translations] = {}
        for language in SUPPORTED_LANGUAGES:
            translations = fallback if language == default_language else load_catalogue(language)
            if translations is not fallback:
                translations.add_fallback(fallback)
            self._translations[language] = translations

    def pick(self, *candidates: str | None) -> str:
        """The first supported language among the candidates (e.g. 'en-GB' → 'en')."""
        for candidate in candidates:
            if candidate:
                short = candidate.split("-")[0].split("_")[0].casefold()
                if short in self._translations:
                    return short
        return self.default_language

    def translator(self, language: str | None) -> Translator:
        """A translator for the language (the default one when unsupported)."""
        chosen = self.pick(language)
        return Translator(chosen, self._translations[chosen], self.timezone)
