"""In a question about someone's situation, what is asked for apart from what is told.

"Cliënt, 45, al zes jaar in de bijstand, wil heel graag weer aan het werk": the benefit is
her situation, work is what she asks for. A long question is cut into clauses (at
punctuation and at "maar" / "but"); a clause with words that ask ("wil", "zou graag",
"zoekt", "nodig", "where can", "someone to", "looking for") holds the request. The themes,
groups and words named there lead; the others, told in passing, weigh less. A question
without such a clause, or that asks in every clause, is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matching.normalise import fold

# Words and phrases that ask for something (folded, matched as whole words).
ASKING = (
    # Dutch
    "wil",
    "wilt",
    "willen",
    "zou graag",
    "zouden graag",
    "graag",
    "zoekt",
    "zoeken",
    "zoek",
    "op zoek",
    "nodig",
    "waar kan",
    "waar kunnen",
    "wie kan",
    "is er",
    "zijn er",
    "iemand om",
    "iemand die",
    "iets om",
    # English
    "want",
    "wants",
    "would like",
    "looking for",
    "look for",
    "need",
    "needs",
    "is there",
    "are there",
    "where can",
    "who can",
    "someone to",
    "someone who",
    "something to",
)
_ASKING = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in ASKING) + r")\b")
_CLAUSES = re.compile(r"[,;:.!?()]+|\b(?:maar|but)\b")
# A clause of at most this many words right after one that asks belongs to it.
AFTERTHOUGHT = 3
# What a theme, group or word told in passing weighs, beside those asked for.
IN_PASSING = 0.5


def clauses(text: str) -> list[str]:
    """The folded clauses of a question."""
    found = (fold(part) for part in _CLAUSES.split(text.casefold()))
    return [clause for clause in found if clause.strip()]


class Focus:
    """Which words of a question stand in a clause that asks."""

    def __init__(self, text: str) -> None:
        parts = clauses(text)
        asking: list[str] = []
        before_asks = False
        for clause in parts:
            # a few words after an asking clause still say what: "wil iets gaan doen,
            # misschien vrijwilligerswerk"
            follows = before_asks and len(clause.split()) <= AFTERTHOUGHT
            before_asks = bool(_ASKING.search(clause)) or follows
            if before_asks:
                asking.append(clause)
        self.active = bool(asking) and len(asking) < len(parts)
        self._asking = [f" {c} " for c in asking]

    def asks(self, phrase: str) -> bool:
        """True when the folded words stand together in a clause that asks."""
        return any(f" {fold(phrase)} " in clause for clause in self._asking)

    def weights(self, phrases: Iterable[str]) -> list[float]:
        """Per phrase, 1 if asked for, IN_PASSING if told in passing; all 1 when the question
        has nothing to tell apart (no clause asks, every clause does, or none of the
        phrases stands in one that asks)."""
        listed = list(phrases)
        asked = [self.asks(p) for p in listed] if self.active else []
        if not any(asked) or all(asked):
            return [1.0] * len(listed)
        return [1.0 if a else IN_PASSING for a in asked]
