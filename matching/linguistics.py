"""Knowledge the matcher reads text with: word forms, the bilingual lexicon, place services."""

from __future__ import annotations

from dataclasses import dataclass, field

from matching.lexicon import Lexicon
from matching.services import PlaceServices
from matching.wordforms import WordForms


@dataclass(frozen=True)
class Linguistics:
    """Stems and compound parts (`forms`), English ↔ Dutch phrases (`lexicon`), and what
    each kind of place offers (`services`)."""

    forms: WordForms = field(default_factory=lambda: WordForms({}))
    lexicon: Lexicon = field(default_factory=lambda: Lexicon([]))
    services: PlaceServices = field(default_factory=PlaceServices)
