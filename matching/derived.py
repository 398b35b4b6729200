"""Themes and target groups an offer's own name and description name.

Real imports are tagged coarsely ("gezondheid") or not at all, while their text says what
they do ("Wekelijks een gratis voedselpakket"). The text is read with the thesaurus that
reads questions: each word as typed, inflected ("eenzame" → "eenzaam") or as a compound
whose part is a known word ("voedselpakket" → "voedsel"), and two-word phrases ("weinig
geld"). What the text names is kept apart from the declared tags and counts for less.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from matching.normalise import tokens
from matching.stopwords import FUNCTION_WORDS, STOP_WORDS
from matching.thesaurus import Tag, Thesaurus
from matching.wordforms import WordForms

# Words that name a theme in a question but in a description mostly mean something else:
# "alleen op dinsdag" (only), "samen koken" (together), "thuis" (at home), "werk" (work
# done by the organisation).
AMBIGUOUS_IN_TEXT = frozenset(
    (
        "alleen",
        "samen",
        "thuis",
        "werk",
        "werken",
        "huis",
        "leven",
        "ouder",
        "kind",
        "mensen",
        "buurt",
        "vrij",
        "vrije",
        "contact",
        "contacten",
        "open",
        "praten",
        "hulp",
        "steun",
        "zorg",
        "zorgen",
        "begeleiding",
        "ondersteuning",
    )
)


# Words shorter than this name a theme only exactly, not as an inflected form.
MIN_INFLECTED = 6


class TagReader:
    """Reads the tags a text names, remembering each word's tags."""

    def __init__(self, thesaurus: Thesaurus, forms: WordForms) -> None:
        self.thesaurus = thesaurus
        self.forms = forms
        self._words: dict[str, frozenset[Tag]] = {}
        phrases = [key for key in thesaurus.index.keys if key.count(" ") == 1]
        self._phrases = {key: thesaurus.index.get(key) for key in phrases}
        self._starts = {key.split()[0] for key in phrases}
        # first word → the second words of its phrases
        self._seconds: dict[str, set[str]] = defaultdict(set)
        for key in phrases:
            first, second = key.split()
            self._seconds[first].add(second)

    def word_tags(self, word: str) -> frozenset[Tag]:
        """Tags one folded word names on its own (empty for words that tell nothing)."""
        found = self._words.get(word)
        if found is None:
            found = frozenset()
            if word not in STOP_WORDS and word not in AMBIGUOUS_IN_TEXT and len(word) > 3:
                match = self.thesaurus.index.lookup(word, fuzzy=False)
                # "alle" is no inflection of "alleen": short words only as they are, and
                # "lossen" (to solve) none of "loss"
                loose = (
                    match is not None
                    and match.how == "stem"
                    and (len(word) < MIN_INFLECTED or match.key in self.thesaurus.english_only)
                )
                # a compound only as split by word frequencies: "vertrouwen" is no "rouwen"
                if match is not None and match.how not in ("prefix", "compound") and not loose:
                    found = match.values
                else:
                    parts = self.forms.parts(word)
                    # a compound names what its head part names: "voedselpakket" is food
                    for part in parts:
                        if part not in AMBIGUOUS_IN_TEXT and len(part) > 3:
                            exact = self.thesaurus.index.get(part)
                            if exact:
                                found = exact
                                break
            self._words[word] = found
        return found

    def lead_tags(self, words: Sequence[str]) -> dict[Tag, str]:
        """Tags that the words ambiguous elsewhere name in a description's opening sentence
        (see opening_sentence), with the word that names each."""
        found: dict[Tag, str] = {}
        for word in words:
            if word in AMBIGUOUS_IN_TEXT:
                for tag in self.thesaurus.index.get(word):
                    found.setdefault(tag, word)
        return found

    def phrase_tags(self, words: Sequence[str]) -> set[Tag]:
        """Tags the two-word phrases of a text name ("weinig geld")."""
        found: set[Tag] = set()
        if self._starts.isdisjoint(words):
            return found
        vocabulary = set(words)
        text = ""
        for first in self._starts.intersection(vocabulary):
            for second in self._seconds[first].intersection(vocabulary):
                text = text or f" {' '.join(words)} "
                if f" {first} {second} " in text:
                    found.update(self._phrases[f"{first} {second}"])
        return found

    def read(self, *words: Iterable[str], phrases: Sequence[str] = ()) -> dict[Tag, str]:
        """Each tag some words name (and two-word phrases in `phrases`), with the first
        word or phrase that names it."""
        found: dict[Tag, str] = {}
        known = self._words
        for group in words:
            for word in group:
                tags = known.get(word)
                for tag in self.word_tags(word) if tags is None else tags:
                    found.setdefault(tag, word)
        if not self._starts.isdisjoint(phrases):
            for first, second in _pairs(phrases, self._starts):
                phrase = f"{first} {second}"
                for tag in self._phrases.get(phrase, ()):
                    found.setdefault(tag, phrase)
        return found


# An opening sentence is read for at most this many words.
LEAD_WORDS = 25
_SENTENCE_END = re.compile(r"[.!?](?:\s+|$)")
_ANY_AMBIGUOUS = re.compile(r"\b(?:" + "|".join(sorted(AMBIGUOUS_IN_TEXT)) + r")\b")


def opening_sentence(description: str) -> list[str]:
    """The folded words of the opening sentence of a description of several, when it holds
    a word that only there names a theme (else none): the opening sentence sums up what
    the offer is, so there such words say what it is about ("Gratis trainingen en coaches
    die helpen bij het vinden naar werk. Het persoonlijk contact ..." is about work). A
    description of one sentence has none: "Alleen op dinsdag open." says when, not for
    whom."""
    end = _SENTENCE_END.search(description)
    if end is None or not description[end.end() :].strip():
        return []
    opening = description[: end.start()]
    if not _ANY_AMBIGUOUS.search(opening.casefold()):
        return []  # nothing in it that is read only here (most offers: spared the tokens)
    return tokens(opening)[:LEAD_WORDS]


def _pairs(words: Sequence[str], starts: set[str]) -> Iterable[tuple[str, str]]:
    """Neighbouring words whose first begins a known phrase."""
    for i in range(len(words) - 1):
        if words[i] in starts and words[i + 1] not in FUNCTION_WORDS:
            yield words[i], words[i + 1]
