"""Knowledge the matcher reads text with: word forms, the bilingual lexicon, place services."""

from __future__ import annotations

from dataclasses import dataclass, field

from matching.lexicon import Lexicon
from matching.services import PlaceServices
from matching.wordforms import WordForms


@dataclass(frozen=True)
class Linguistics:
    """Stems and compound parts (`forms`), English ↔ Dutch phrases (`lexicon`), what
    each kind of place offers (`services`), and common English words (`english`): people
    ask in English too, and "still" is no typo for "stille"."""

    forms: WordForms = field(default_factory=lambda: WordForms({}))
    lexicon: Lexicon = field(default_factory=lambda: Lexicon([]))
    services: PlaceServices = field(default_factory=PlaceServices)
    english: frozenset[str] = frozenset()
