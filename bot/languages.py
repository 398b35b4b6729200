"""Languages as people read them: names in the reader's language, never ISO codes."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from babel import Locale

from bot.config import SUPPORTED_LANGUAGES
from matching.normalise import fold


@functools.cache
def _names(reader: str) -> dict[str, str]:
    return dict(Locale.parse(reader).languages)


def language_name(code: str, reader: str) -> str:
    """'Arabisch' for 'ar' to a Dutch reader, 'Arabic' to an English one (as is if unknown)."""
    name = _names(reader).get(code.casefold())
    return name[:1].upper() + name[1:] if name else code


def language_names(codes: Iterable[str], reader: str) -> str:
    """Several languages by name: 'Nederlands, Tigrinya, Arabisch'."""
    return ", ".join(language_name(code, reader) for code in codes)


@functools.cache
def folded_language_names() -> frozenset[str]:
    """Every language name in the bot's languages, folded ('arabisch', 'arabic', …)."""
    return frozenset(
        fold(name) for reader in SUPPORTED_LANGUAGES for name in _names(reader).values()
    )
