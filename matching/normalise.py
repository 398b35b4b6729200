"""One spelling for every way people type a word: the processor used by all matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from matching.stopwords import FUNCTION_WORDS, STOP_WORDS

# Letters that NFKD does not take apart into a base letter plus accents.
_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ƒ": "f",
    }
)
# Apostrophes join what they separate ("café's" → "cafes", "m'n" → "mn"), so that a
# possessive or contraction stays one token instead of leaving a stray letter behind.
_APOSTROPHES = re.compile("['`\u00b4\u2018\u2019\u201b\u02b9\u02bb\u02bc\u02bd\u02c8\u2032\uff07]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# The blocks of combining marks that NFKD splits off Latin letters (accents, cedillas,
# rings, tildes); marks of other scripts end up as separators with their letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Casefold, strip accents, spell out 'ĳ', and turn everything else into single spaces."""
    text = text.casefold()
    if not text.isascii():  # most text is plain ASCII: skip the slow path
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        # casefold again: NFKD can produce capitals from compatibility characters (U+210C)
        text = text.casefold().translate(_LETTERS)
        text = _APOSTROPHES.sub("", text)
    else:
        text = text.replace("'", "").replace("`", "")
    return _NOT_ALNUM.sub(" ", text).strip()


# For plain ASCII text: apostrophes vanish, every other non-alphanumeric becomes a space.
_ASCII_WORDS = str.maketrans(
    {chr(c): ("" if chr(c) in "'`" else " ") for c in range(128) if not chr(c).isalnum()}
)


def tokens(text: str) -> list[str]:
    """The folded words of a text (the same as fold(text).split(), faster)."""
    lowered = text.casefold()
    if lowered.isascii():
        return lowered.translate(_ASCII_WORDS).split()
    return fold(text).split()


def compact(text: str) -> str:
    """Folded text without spaces, so that 'taal café' and 'taalcafe' meet."""
    return fold(text).replace(" ", "")


def is_stopword(token: str) -> bool:
    """True for folded words that never carry a topic (articles, question words, 'hulp')."""
    return token in STOP_WORDS


def is_function_word(token: str) -> bool:
    """True for articles, pronouns, prepositions and auxiliary verbs."""
    return token in FUNCTION_WORDS


def content_tokens(words: list[str] | tuple[str, ...]) -> list[str]:
    """The words that are not stop words."""
    return [w for w in words if w not in STOP_WORDS]


@dataclass(frozen=True)
class Normalised:
    """A text in folded form: all its tokens, and those that carry content."""

    text: str
    tokens: tuple[str, ...]
    content: tuple[str, ...]


def normalise(text: str) -> Normalised:
    """Fold a text and split it into tokens and content tokens."""
    folded = fold(text)
    words = tuple(folded.split())
    return Normalised(folded, words, tuple(content_tokens(words)))


# Dutch and English inflection endings, longest first; stripping the same ending from
# both sides lets "buurten"/"buurt", "taallessen"/"taalles" and "meetings"/"meeting" meet.
# No bare "-e": "oudere" (older) must not meet "ouders" (parents).
_ENDINGS = (
    "etjes",
    "tjes",
    "etje",
    "ingen",
    "ings",
    "eren",
    "jes",
    "tje",
    "ies",
    "ing",
    "en",
    "es",
    "je",
    "s",
)
# English "-es" only follows these ("classes", "boxes", "lunches"); "taalles" keeps its "es".
_ES_AFTER = ("s", "x", "z", "ch", "sh")
_MIN_STEM = 4


def stem(token: str) -> str:
    """A crude stem of a folded token: inflection endings off, a doubled consonant undone.

    Endings are stripped until none is left, so that "taallessen", "taalles" and "taal"
    all end up the same.
    """
    for _round in range(3):
        shorter = _strip_ending(token)
        if shorter == token:
            break
        token = shorter
    return token


def _strip_ending(token: str) -> str:
    if len(token) < 4 or not token.isalpha():
        return token
    for ending in _ENDINGS:
        # "-eren" plurals keep a three-letter stem (ouderen → oud, so not ouders → ouder)
        shortest = 3 if ending == "eren" else _MIN_STEM
        if token.endswith(ending) and len(token) - len(ending) >= shortest:
            base = token[: -len(ending)]
            if ending == "es" and not base.endswith(_ES_AFTER):
                continue
            if ending == "ies":
                base += "y"
            if len(base) > _MIN_STEM and base[-1] == base[-2] and base[-1] not in "aeiou":
                base = base[:-1]
            return base
    return token


_VOWELS = "aeiou"


def base_forms(word: str) -> list[str]:
    """Dutch forms an inflected word may come from: "eenzame" → "eenzaam", "arme" → "arm",
    "daklozen" → "dakloos", "problemen" → "probleem", "brieven" → "brief".

    Comparatives ("oudere", "jongere") are left alone: "oudere" must not become "ouder".
    """
    if not word.isalpha() or word.endswith("ere"):
        return []
    found: list[str] = []
    for ending in ("en", "e"):
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        base = word[: -len(ending)]
        forms = [base]
        if base[-1] in "zv":  # the voiced consonant goes back to s/f: dakloze → dakloos
            forms.append(base[:-1] + ("s" if base[-1] == "z" else "f"))
        for form in list(forms):
            # an open syllable spelled the long vowel once: eenzame → eenzaam
            if form[-2] in "aeou" and form[-1] not in _VOWELS and form[-3] not in _VOWELS:
                forms.append(form[:-1] + form[-2] + form[-1])
        found.extend(f for f in forms if f not in found)
    return found


def stem_phrase(phrase: str) -> str:
    """Stem every word of a folded phrase."""
    return " ".join(stem(word) for word in phrase.split())
