"""Themes an offer's own text names (matching/derived.py), through the Matcher too."""

from __future__ import annotations

import pytest

from matching.derived import AMBIGUOUS_IN_TEXT, TagReader
from matching.matcher import Matcher
from matching.offer import Offer
from matching.resources import default_linguistics, default_thesaurus
from matching.thesaurus import Tag

from .bundled import bundled_matcher, ids

VOEDSEL = Tag("theme", "voedsel")
EENZAAMHEID = Tag("theme", "eenzaamheid")


@pytest.fixture(scope="module")
def reader() -> TagReader:
    return TagReader(default_thesaurus(), default_linguistics().forms)


def test_compound_in_text_names_its_theme(reader: TagReader) -> None:
    found = reader.read(["wekelijks", "een", "gratis", "voedselpakket"])
    assert found == {VOEDSEL: "voedselpakket"}


def test_inflected_word_names_its_theme(reader: TagReader) -> None:
    assert reader.read(["voor", "wie", "zich", "eenzaam", "voelt"]) == {EENZAAMHEID: "eenzaam"}


def test_two_word_phrase_names_its_theme(reader: TagReader) -> None:
    text = ["hulp", "voor", "wie", "weinig", "geld", "heeft"]
    assert reader.read(text, phrases=text) == {Tag("theme", "armoede"): "weinig geld"}
    # without the phrase, its words alone say nothing
    assert reader.read(text) == {}


def test_ambiguous_words_name_nothing_in_text(reader: TagReader) -> None:
    assert "alleen" in AMBIGUOUS_IN_TEXT
    assert reader.read(["samen", "koken", "alleen", "op", "dinsdag"]) == {}
    assert reader.word_tags("alleen") == frozenset()
    assert reader.word_tags("thuis") == frozenset()


def test_short_words_are_not_read_as_inflections(reader: TagReader) -> None:
    # "alle" is no form of "alleen"
    assert reader.word_tags("alle") == frozenset()


OFFERS = [
    Offer(
        "pakket",
        "Stichting Delen",
        "Wekelijks een gratis voedselpakket.",
        ("gezondheid",),
        ("Amsterdam",),
    ),
    Offer(
        "fysio",
        "Beweegpunt",
        "Fysiotherapie en gezond bewegen voor iedereen.",
        ("gezondheid",),
        ("Amsterdam",),
    ),
    Offer(
        "dinsdag",
        "Schaakclub De Toren",
        "Samen schaken, alleen op dinsdag.",
        ("cultuur",),
        ("Amsterdam",),
    ),
    Offer(
        "schilderen",
        "Schilderclub",
        "Schilderen voor wie zich eenzaam voelt.",
        ("cultuur",),
        ("Amsterdam",),
    ),
    Offer(
        "rouwgroep",
        "Rouwgroep De Brug",
        "Praten over verlies.",
        ("zingeving",),
        ("Amsterdam",),
    ),
    Offer(
        "taal",
        "Taalhuis",
        "Nederlands oefenen.",
        ("taal",),
        ("Amsterdam",),
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return bundled_matcher(OFFERS)


def test_offer_tagged_gezondheid_found_by_voedselhulp(matcher: Matcher) -> None:
    result = matcher.search("voedselhulp")
    assert [hit.id for hit in result.results] == ["pakket"]
    assert result.results[0].reasons[0] == "beschrijving noemt 'voedselpakket'"


def test_text_derived_theme_only_where_the_text_names_it(matcher: Matcher) -> None:
    # the other offer tagged gezondheid says nothing about food
    assert "fysio" not in ids(matcher, "voedsel")
    assert ids(matcher, "voedsel") == ["pakket"]


def test_name_naming_a_theme_says_so(matcher: Matcher) -> None:
    result = matcher.search("rouw")
    assert [hit.id for hit in result.results] == ["rouwgroep"]
    assert result.results[0].reasons[0] == "naam noemt 'rouwgroep'"


def test_alleen_op_dinsdag_is_not_read_as_loneliness(matcher: Matcher) -> None:
    result = matcher.search("eenzaamheid")
    # the description that says "eenzaam" is found first, as text-derived
    assert result.results[0].id == "schilderen"
    assert result.results[0].reasons[0] == "beschrijving noemt 'eenzaam'"
    # "alleen op dinsdag" gives the offer no derived loneliness theme
    assert all("noemt 'alleen'" not in reason for hit in result.results for reason in hit.reasons)
    deriving = matcher.index.offers_deriving({EENZAAMHEID})
    assert {matcher.index.offers[i].id for i in deriving} == {"schilderen"}


@pytest.mark.parametrize("question", ["eenzaamheid", "lonely"])
def test_alleen_op_dinsdag_is_no_answer_to_loneliness(matcher: Matcher, question: str) -> None:
    assert "dinsdag" not in ids(matcher, question)


def test_dutch_word_is_no_form_of_an_english_term(reader: TagReader) -> None:
    # "lossen" (samen problemen oplossen) shares its stem with the English "loss" (grief)
    assert "loss" in reader.thesaurus.english_only
    assert reader.word_tags("lossen") == frozenset()
    # a Dutch term's inflection still counts
    assert Tag("theme", "rouw") in reader.word_tags("rouwende")


def test_a_word_is_read_as_a_compound_only_where_word_frequencies_split_it(
    reader: TagReader,
) -> None:
    # "vertrouwen" (trust) ends in "rouwen" (to grieve) but is one word
    assert Tag("theme", "rouw") not in reader.word_tags("vertrouwen")
    # a real compound still names what its parts name
    assert Tag("theme", "rouw") in reader.word_tags("rouwverwerkingsgroepen")
    assert Tag("theme", "eenzaamheid") in reader.word_tags("eenzaamheidsproject")


def test_an_opening_sentence_says_what_an_offer_is_about() -> None:
    """ "werk" in a description is mostly the organisation's own work; in the opening
    sentence of a longer description it says what the offer is about."""
    rest = " Het persoonlijk contact met de bewoners blijft onze grootste prioriteit."
    coaching = Offer(
        "coaching",
        "Blik op talent",
        "Gratis trainingen en coaches die helpen bij het vinden naar werk." + rest,
        ("algemeen",),
        ("Amsterdam",),
    )
    later = Offer(
        "later",
        "Buurtkamer",
        "Koffie en een praatje." + rest + " Ons werk doen we met vrijwilligers.",
        ("algemeen",),
        ("Amsterdam",),
    )
    one_sentence = Offer(
        "kort", "Inloop", "Open inloop, ook voor werk.", ("algemeen",), ("Amsterdam",)
    )
    matcher = bundled_matcher([coaching, later, one_sentence])
    work = matcher.index.thesaurus.lookup("werk")
    deriving = {matcher.index.offers[i].id for i in matcher.index.offers_deriving(work)}
    assert deriving == {"coaching"}
    result = matcher.search("werk zoeken")
    assert result.results[0].id == "coaching"
    assert "beschrijving noemt 'werk'" in result.results[0].reasons
