"""The normaliser: one spelling for every way a word is typed."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.normalise import base_forms, compact, content_tokens, fold, normalise, stem, tokens

ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
ACCENTS = ["\u0301", "\u0300", "\u0308", "\u0302", "\u0327", "\u030a", "\u0303"]


@given(ANY_TEXT)
def test_fold_never_raises_and_yields_only_lowercase_ascii_words(text: str) -> None:
    folded = fold(text)
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", folded)


@given(ANY_TEXT)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once.text) == once
    assert fold(once.text) == once.text


@given(ANY_TEXT)
def test_case_does_not_matter(text: str) -> None:
    assert fold(text.upper()) == fold(text) == fold(text.lower())


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=30), st.data())
def test_accents_do_not_matter(text: str, data: st.DataObject) -> None:
    accented = "".join(
        ch
        + (data.draw(st.sampled_from(ACCENTS)) if ch.isalpha() and data.draw(st.booleans()) else "")
        for ch in text
    )
    assert fold(unicodedata.normalize("NFC", accented)) == fold(text)


@given(ANY_TEXT)
def test_content_tokens_are_tokens_without_stop_words(text: str) -> None:
    result = normalise(text)
    assert result.tokens == tuple(result.text.split())
    assert list(result.content) == content_tokens(list(result.tokens))
    assert set(result.content) <= set(result.tokens)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Taalcafé", "taalcafe"),
        ("IJburg", "ijburg"),
        ("\u0132burg", "ijburg"),  # the ĳ ligature
        ("Dapperbuurt-Noord", "dapperbuurt noord"),
        ("café's en m'n buurt", "cafes en mn buurt"),
        ("Chassébuurt", "chassebuurt"),
        ("  Straße!!  ", "strasse"),
        ("Œuvre & Ærø", "oeuvre aero"),
        ("wie doet iets tegen eenzaamheid?", "wie doet iets tegen eenzaamheid"),
        ("", ""),
    ],
)
def test_fold_examples(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_stop_words_and_question_words_are_not_content() -> None:
    assert normalise("Wie doet iets tegen eenzaamheid in de Indische Buurt?").content == (
        "eenzaamheid",
        "indische",
    )
    assert normalise("Is there any help with debt in East?").content == ("debt", "east")
    assert normalise("waar kan ik hulp vinden").content == ()
    assert normalise("hoe laat is het").content == ()


def test_tokens_and_compact() -> None:
    assert tokens("Bos en Lommer") == ["bos", "en", "lommer"]
    assert compact("Taal café") == "taalcafe"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("buurten", "buurt"),
        ("taallessen", "taalles"),
        ("meetings", "meeting"),
        ("cafes", "cafe"),
        ("families", "family"),
        ("taalmaatjes", "taalmaatje"),
    ],
)
def test_inflections_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_short_words_are_not_stemmed() -> None:
    assert stem("taal") == "taal"
    assert stem("ouders") != stem("ouderen")


def test_older_and_parents_stay_apart() -> None:
    assert len({stem("oudere"), stem("ouders"), stem("ouderen")}) == 3


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("eenzame", "eenzaam"),
        ("arme", "arm"),
        ("daklozen", "dakloos"),
        ("problemen", "probleem"),
        ("brieven", "brief"),
    ],
)
def test_base_forms_of_dutch_inflections(word: str, base: str) -> None:
    assert base in base_forms(word)


def test_comparatives_have_no_base_form() -> None:
    assert base_forms("oudere") == []


@given(ANY_TEXT)
def test_tokens_are_the_words_of_the_folded_text(text: str) -> None:
    assert tokens(text) == fold(text).split()
