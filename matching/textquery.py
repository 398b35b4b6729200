"""A question as full-text words: what was typed, its compounds, typos and translations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from matching.derived import AMBIGUOUS_IN_TEXT
from matching.fulltext import QueryWord, Term, TextScores
from matching.incidental import who_or_where
from matching.index import MapIndex
from matching.query import ParsedQuery
from matching.stopwords import STOP_WORDS
from matching.vocabulary import max_edits

# A translation from the lexicon, or a typo's correction, counts a little less than the
# word as typed.
TRANSLATION_WEIGHT = 0.8
CORRECTION_WEIGHT = 0.8
# A translation with one of these words means the opposite of its other words.
NEGATIONS = frozenset(
    {
        "geen",
        "niet",
        "zonder",
        "niemand",
        "niets",
        "niks",
        "nooit",
        "no",
        "not",
        "without",
        "nobody",
        "nothing",
        "never",
        "cant",
        "cannot",
    }
)
# In a longer question (about someone's situation) a word no offer holds ("suddenly",
# "month") says little about which offer fits: it weighs this much towards coverage. In a
# short one it may be what the question is about ("parkeervergunning aanvragen").
LONG_QUESTION = 4
# The group of a phrase's words as typed (beside those of its translations).
TYPED = "typed"
ABSENT_IN_LONG = 0.0


def _telling(word: str) -> bool:
    return word not in STOP_WORDS and not word.isdigit() and len(word) > 1


def _without_areas(parsed: ParsedQuery) -> list[str]:
    """The question's words without area names and words saying where someone lives."""
    area_words = {w for mention in parsed.areas for w in mention.text.split()}
    where = who_or_where(parsed.words)
    return [w for i, w in enumerate(parsed.words) if w not in area_words and i not in where]


def is_long(parsed: ParsedQuery) -> bool:
    """A question of at least LONG_QUESTION telling words: one about someone's situation."""
    return len(content_words(parsed)) >= LONG_QUESTION


def content_words(parsed: ParsedQuery) -> list[str]:
    """The question's telling words that name no area."""
    return [w for w in _without_areas(parsed) if _telling(w)]


def text_words(parsed: ParsedQuery, index: MapIndex) -> list[QueryWord]:
    """The question's words that are no area name, each with the forms it may take."""
    words = _without_areas(parsed)
    found: list[QueryWord] = []
    # a compound typed apart ("odense huis", "buurt huis") is the word the texts hold
    taken: set[int] = set()
    for position in range(len(words) - 1):
        pair = words[position : position + 2]
        if taken.isdisjoint((position, position + 1)) and all(_telling(w) for w in pair):
            joined = _joined(pair, index)
            if joined:
                parts = [
                    replace(t, weight=t.weight / 2, part=f"{TYPED}/{n}")
                    for n, w in enumerate(pair)
                    for t in _forms(w, index)
                ]
                found.append(QueryWord(" ".join(pair), tuple(_unique(joined + parts))))
                taken.update((position, position + 1))
    for match in index.linguistics.lexicon.translate(words, index.known):
        if not taken.isdisjoint(range(match.start, match.end)):
            continue
        typed = [w for w in words[match.start : match.end] if _telling(w)]
        if not typed:
            continue
        taken.update(range(match.start, match.end))
        # one typed word of a phrase is only part of it: "buren" is not "ruzie met de buren"
        terms = _words_of(typed, 1.0, TYPED, index)
        terms += _joined(typed, index)
        for number, phrase in enumerate(match.phrases):
            if NEGATIONS.intersection(phrase.split()):
                # "geen vrienden" (no friends) is no reason to look for "vrienden"
                continue
            # "eenzaam" brings "alleen", which in a text mostly means "only"
            telling = [w for w in phrase.split() if _telling(w) and w not in AMBIGUOUS_IN_TEXT]
            terms += _words_of(telling, TRANSLATION_WEIGHT, f"phrase{number}", index)
        found.append(QueryWord(" ".join(typed), tuple(_unique(terms))))
    for position, word in enumerate(words):
        if position not in taken and _telling(word):
            found.append(QueryWord(word, tuple(_unique(_forms(word, index)))))
    return found


def _words_of(words: Sequence[str], weight: float, group: str, index: MapIndex) -> list[Term]:
    """The words of a phrase as terms: one word of several is only its share of the phrase
    ("café" is not "alzheimer café"), and the words an offer holds add up. Typed words may
    be typos; a translation's words are spelled right."""

    def forms(word: str, weight: float) -> list[Term]:
        if group == TYPED:
            return _forms(word, index, weight)
        return index.text.terms(word, weight, source=word)

    if len(words) <= 1:
        return [t for word in words for t in forms(word, weight)]
    share = weight / len(words)
    return [
        replace(t, part=f"{group}/{n}") for n, word in enumerate(words) for t in forms(word, share)
    ]


def _joined(typed: Sequence[str], index: MapIndex) -> list[Term]:
    """Words typed apart as the one word offers' texts hold, if they hold it."""
    if len(typed) < 2 or not all(w.isalpha() for w in typed):
        return []
    word = "".join(typed)
    terms = index.text.terms(word)
    return terms if terms[0].stem in index.text else []


def _forms(word: str, index: MapIndex, weight: float = 1.0) -> list[Term]:
    """A typed word's stem and parts; a typo in it corrected when the text holds neither."""
    terms = index.text.terms(word, weight)
    if any(t.stem in index.text for t in terms) or word in index.known:
        return terms
    if max_edits(len(word)) == 0:
        return terms
    corrected = index.text.correct(word)
    if corrected is not None:
        terms += index.text.terms(corrected, weight * CORRECTION_WEIGHT, source=corrected)
    return terms


def _unique(terms: Sequence[Term]) -> list[Term]:
    """One term per stem, at its highest weight."""
    best: dict[str, Term] = {}
    for term in terms:
        if term.stem not in best or term.weight > best[term.stem].weight:
            best[term.stem] = term
    return list(best.values())


def score_text(parsed: ParsedQuery, index: MapIndex) -> TextScores:
    """Full-text relevance of every offer whose text holds a word of the question."""
    long = is_long(parsed)
    # an everyday English word no offer holds ("learn", "want") is no unknown need
    plain = frozenset(w for w in parsed.words if w in index.english_only)
    words = text_words(parsed, index)
    # in a situation, the words of the clause that asks lead
    emphasis = parsed.focus.weights(w.word for w in words) if long else []
    return index.text.score(
        words, absent=ABSENT_IN_LONG if long else 1.0, plain=plain, emphasis=emphasis
    )
