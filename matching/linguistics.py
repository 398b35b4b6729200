"""The language knowledge full-text matching uses: word forms and the bilingual lexicon."""

from __future__ import annotations

from dataclasses import dataclass, field

from matching.lexicon import Lexicon
from matching.wordforms import WordForms


@dataclass(frozen=True)
class Linguistics:
    """Stems and compound parts (`forms`), and English ↔ Dutch phrases (`lexicon`)."""

    forms: WordForms = field(default_factory=lambda: WordForms({}))
    lexicon: Lexicon = field(default_factory=lambda: Lexicon([]))
