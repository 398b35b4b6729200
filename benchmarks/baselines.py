"""Baselines the matcher is compared with: SQLite FTS5 (BM25) and a one-line fuzzy scan.

- **FTS5**: a stock SQLite full-text index over the same offers' names and descriptions,
  diacritics folded (`unicode61 remove_diacritics 2`), ranked by `bm25()` with the name
  weighted 3 to 1 over the description; the question's words (function words such as
  "de", "in", "the" left out, as any search box does) are OR-ed as prefixes.
- **naive**: `rapidfuzz.process.extract(q, texts, scorer=fuzz.token_set_ratio,
  processor=utils.default_process)` over one text per offer (name, description, themes,
  areas), the strongest one-liner; it returns the five closest texts whatever they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

from matching.normalise import tokens
from matching.offer import Offer
from matching.stopwords import FUNCTION_WORDS

NAME_WEIGHT = 3.0


class Fts5Search:
    """An in-memory FTS5 index over offers' names and descriptions."""

    def __init__(self, offers: Sequence[Offer]) -> None:
        self._db = sqlite3.connect(":memory:")
        self._db.execute(
            "CREATE VIRTUAL TABLE offers USING fts5("
            "id UNINDEXED, name, description, tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            "INSERT INTO offers (id, name, description) VALUES (?, ?, ?)",
            [(o.id, o.name, o.description) for o in offers],
        )

    def search(self, question: str, limit: int = 5) -> list[str]:
        """Ids of the best offers for a question, best first."""
        words = [w for w in tokens(question) if w not in FUNCTION_WORDS]
        if not words:
            return []
        match = " OR ".join(f'"{w}"*' for w in dict.fromkeys(words))
        rows = self._db.execute(
            "SELECT id FROM offers WHERE offers MATCH ? ORDER BY bm25(offers, 0.0, ?, 1.0) LIMIT ?",
            (match, NAME_WEIGHT, limit),
        )
        return [row[0] for row in rows]


class NaiveSearch:
    """RapidFuzz's token_set_ratio over one text per offer."""

    def __init__(self, offers: Sequence[Offer]) -> None:
        self._ids = [o.id for o in offers]
        self._texts = [
            " ".join((o.name, o.description, *o.themes, *o.target_groups, *o.areas)) for o in offers
        ]

    def search(self, question: str, limit: int = 5) -> list[str]:
        """Ids of the offers whose text looks most like the question."""
        hits = process.extract(
            question,
            self._texts,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=None,
            limit=limit,
        )
        return [self._ids[i] for _text, _score, i in hits]
