"""Who is asking, who someone is to them and where: named, but not what is asked."""

from __future__ import annotations

import pytest

from matching.matcher import Matcher
from matching.offer import Offer
from matching.textquery import text_words

from .bundled import bundled_matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return bundled_matcher([Offer("x", "Taalcafe", "Nederlands oefenen.", ("taal",), ("Oost",))])


def codes(matcher: Matcher, question: str) -> set[str]:
    parsed = matcher.parse(question)
    return set(parsed.themes) | set(parsed.target_groups)


@pytest.mark.parametrize(
    ("question", "left_out"),
    [
        ("I'm a district nurse, my client in Geuzenveld risks eviction", "zorg"),
        ("ik ben maatschappelijk werker en zoek schuldhulp voor een client", "ondersteuning"),
        ("As a volunteer I visit an old lady who feels lonely", "vrijwilligers"),
        ("buurvrouw wordt vergeetachtig en haar man weet zich geen raad", "mannen"),
        ("my mother has dementia and I need advice", "ouders"),
        ("my grandfather sits at home all day and has nothing to do", "wonen"),
        ("mevrouw kan de trap niet meer op en haar kinderen wonen ver weg", "wonen"),
        ("meneer heeft alleen AOW en houdt aan het eind van de maand niks over", "eenzaamheid"),
        ("mevrouw heeft een kapotte lamp en haar kinderen wonen ver weg", "kinderen"),
        ("he needs someone to hang his curtains, his kids all live abroad", "kinderen"),
    ],
)
def test_passing_words_name_no_theme_or_group(
    matcher: Matcher, question: str, left_out: str
) -> None:
    assert left_out not in codes(matcher, question)


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("ik ben mantelzorger en zoek steun", "mantelzorgers"),
        ("ik wil als vrijwilliger aan de slag", "vrijwilligers"),
        ("cursus voor moeders", "ouders"),
        ("huis zoeken", "wonen"),
        ("wijkverpleegkundige in oost", "zorg"),
        ("mijn buurman van 85 zit de hele dag alleen en heeft niemand", "eenzaamheid"),
        ("she feels alone since her husband died last winter", "eenzaamheid"),
        ("haar kinderen hebben geen winterjas", "kinderen"),
        ("kinderen wonen in een opvang en zoeken huiswerkhulp", "kinderen"),
    ],
)
def test_the_same_words_are_what_is_asked_elsewhere(
    matcher: Matcher, question: str, kept: str
) -> None:
    assert kept in codes(matcher, question)


def test_an_english_word_is_no_dutch_form_or_typo() -> None:
    matcher = bundled_matcher(
        [Offer("stil", "Stille armoede", "Hulp bij stille armoede.", ("armoede",), ("Oost",))]
    )
    parsed = matcher.parse("she still gets around")
    assert "stille" not in parsed.keywords
    assert "still" in parsed.unknown
    # the Dutch word finds the offer by its text
    assert [hit.offer.id for hit in matcher.search("stil").results] == ["stil"]


def test_where_someone_lives_is_not_searched_for_in_texts() -> None:
    matcher = bundled_matcher(
        [
            Offer("woon", "Woonbegeleiding", "Hulp bij zelfstandig wonen.", ("wonen",), ("Oost",)),
            Offer("geld", "Geldmaatje", "Samen uw geld op orde.", ("schulden",), ("Oost",)),
        ]
    )
    question = "ik woon in oldenzaal en raak het overzicht over mijn geld kwijt"
    words = {w.word for w in text_words(matcher.parse(question), matcher.index)}
    assert "woon" not in words
    assert matcher.search(question).results[0].offer.id == "geld"


def test_the_client_is_not_searched_for() -> None:
    matcher = bundled_matcher(
        [
            Offer("recht", "Rechtswinkel", "Advies voor cliënten.", ("juridisch",), ("Oost",)),
            Offer("werk", "Werkcoach", "Samen op zoek naar werk.", ("werk",), ("Oost",)),
        ]
    )
    question = "cliënt wil graag weer aan het werk"
    parsed = matcher.parse(question)
    assert "clienten" not in parsed.keywords
    assert "client" not in {w.word for w in text_words(parsed, matcher.index)}
    assert [hit.offer.id for hit in matcher.search(question).results] == ["werk"]


def test_a_neighbour_or_a_relative_is_not_searched_for() -> None:
    matcher = bundled_matcher(
        [
            Offer("abc", "Buurvrouwen contact", "Taalles voor vrouwen.", ("taal",), ("Oost",)),
            Offer("ff", "Even bij moeder", "Koffie voor moeders.", ("opvoeding",), ("Oost",)),
            Offer("inloop", "Inloop", "Samen eten tegen eenzaamheid.", ("ontmoeting",), ("Oost",)),
        ]
    )
    question = "mijn buurvrouw zit alleen sinds haar moeder overleden is"
    words = {w.word for w in text_words(matcher.parse(question), matcher.index)}
    assert not words & {"buurvrouw", "moeder"}
    # "buren" (neighbours) and a parent without a possessive may be what is asked
    assert "buren" in {w.word for w in text_words(matcher.parse("hulp van buren"), matcher.index)}
    assert "moeder" in {
        w.word for w in text_words(matcher.parse("cursus voor moeder en kind"), matcher.index)
    }


def test_a_person_is_no_word_to_look_up() -> None:
    """ "Mijn buurvrouw" is who the question is about: it neither becomes a free word nor
    finds an offer whose name says "buurvrouwen"."""
    matcher = bundled_matcher(
        [
            Offer("taal", "Taalles buurvrouwen", "Nederlands leren met andere vrouwen.", (), ()),
            Offer("maatje", "Maatje", "Iemand om mee te praten als je eenzaam bent.", (), ()),
        ]
    )
    question = "mijn buurvrouw is eenzaam"
    parsed = matcher.parse(question)
    assert "buurvrouwen" not in parsed.keywords
    assert "buurvrouw" not in parsed.name_words
    assert [hit.offer.id for hit in matcher.search(question).results] == ["maatje"]


@pytest.mark.parametrize(
    "question",
    [
        "14 year old girl looks after her mum who has MS",
        "buurvrouw zorgt voor haar zus met MS aan de andere kant van de stad",
        "he takes care of his father every evening",
        "verzorgt haar man al jaren",
    ],
)
def test_caring_for_a_relative_is_informal_care(matcher: Matcher, question: str) -> None:
    assert "mantelzorg" in codes(matcher, question)


@pytest.mark.parametrize("question", ["zorg voor mijn vader", "thuiszorg voor mijn moeder"])
def test_care_for_a_relative_may_be_what_is_asked(matcher: Matcher, question: str) -> None:
    assert "mantelzorg" not in codes(matcher, question)
