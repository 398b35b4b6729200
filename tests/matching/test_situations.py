"""Long questions about someone's situation, over coarsely tagged offers as real imports
are: the offer whose text holds the question's rarest words comes first, even when a
passing word names the theme another offer's text is about."""

from __future__ import annotations

import pytest

from matching.criteria import build_criteria
from matching.fulltext import QueryWord, TextIndex
from matching.matcher import Matcher
from matching.offer import Offer
from matching.textquery import score_text, text_words
from matching.wordforms import WordForms

from .bundled import bundled_matcher, ids

OFFERS = [
    Offer(
        "leerlening",
        "Scholingslening",
        "Geld lenen voor een opleiding, zodat u weer werk kunt vinden.",
        ("onderwijs",),
        ("Amsterdam",),
    ),
    Offer(
        "werkcoach",
        "Participatiecoach",
        "Een coach zoekt met u naar werk of vrijwilligerswerk dat past.",
        (),
        ("Nieuw-West",),
    ),
    Offer(
        "woonlasten",
        "Woonkostentoeslag",
        "Is uw inkomen ineens veel lager en kunt u de huur of de hypotheek niet meer "
        "betalen? Dan helpt de gemeente tijdelijk met extra geld voor uw woonlasten.",
        ("geldzaken",),
        ("Amsterdam",),
    ),
    Offer(
        "taalmaatje",
        "Taalmaatje",
        "Samen met buren Nederlands oefenen.",
        ("taal",),
        ("Oost",),
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return bundled_matcher(OFFERS)


@pytest.mark.parametrize(
    "question",
    [
        "my neighbour lost his job and suddenly can't pay the mortgage this month",
        "buurman is zijn baan kwijt en kan opeens de hypotheek niet meer betalen",
    ],
)
def test_the_need_in_a_situation_beats_a_passing_theme(matcher: Matcher, question: str) -> None:
    # "job"/"baan" names the theme werk, but what is asked for is help with the mortgage
    assert ids(matcher, question)[0] == "woonlasten"


def test_a_short_question_on_the_theme_still_finds_it(matcher: Matcher) -> None:
    assert ids(matcher, "werk zoeken")[0] in {"werkcoach", "leerlening"}


FORMS = WordForms({"naai": 5.0, "les": 5.0})


def _coverage(question: str, absent: float) -> float:
    index = TextIndex(FORMS)
    index.add(["naailes"], [], ["gratis", "naaien", "leren"])
    index.add(["kookclub"], [], ["samen", "eten"])
    index.finish()
    words = [QueryWord(w, tuple(index.terms(w))) for w in question.split()]
    return index.score(words, absent=absent).coverage[0]


def test_a_word_no_offer_holds_can_be_left_out_of_coverage() -> None:
    # "gisteren" and "plotseling" occur in no offer: they tell no offer from another
    assert _coverage("naaien gisteren plotseling", absent=0.0) == pytest.approx(1.0)
    assert _coverage("naaien gisteren plotseling", absent=1.0) < 0.5


def test_one_word_of_a_phrase_is_not_the_phrase() -> None:
    matcher = bundled_matcher(
        [
            Offer(
                "burenhulp",
                "Burenhulp",
                "Buren helpen elkaar met boodschappen en een praatje.",
                (),
                ("Amsterdam",),
            ),
            Offer(
                "bemiddeling",
                "Hulp bij conflicten",
                "Een bemiddelaar helpt bij een burenruzie of een ander conflict.",
                (),
                ("Amsterdam",),
            ),
        ]
    )
    assert ids(matcher, "ruzie met de buren")[0] == "bemiddeling"
    # an offer that only says "buren" holds half of the phrase, not all of it
    coverage = score_text(matcher.parse("ruzie met de buren"), matcher.index).coverage
    assert coverage[0] == pytest.approx(0.5)
    assert coverage[1] > coverage[0]


def test_a_compound_typed_apart_is_the_word_the_text_holds() -> None:
    matcher = bundled_matcher(
        [
            Offer(
                "odensehuis",
                "Odensehuis Borne",
                "Inloop voor mensen met beginnende dementie en hun naasten.",
                (),
                ("Amsterdam",),
            ),
            Offer(
                "woonhuis",
                "Huiskamer voor ouderen",
                "Een huis waar mensen met dementie samen koffie drinken.",
                (),
                ("Amsterdam",),
            ),
        ]
    )
    assert ids(matcher, "dementie odense huis")[0] == "odensehuis"
    words = [w.word for w in text_words(matcher.parse("dementie odense huis"), matcher.index)]
    assert "odense huis" in words


def test_an_everyday_english_word_no_offer_holds_is_no_unknown_need() -> None:
    matcher = bundled_matcher(
        [
            Offer("naailes", "Naailes", "Gratis naailes in de buurtkamer.", (), ("Oost",)),
            Offer("kookles", "Kookles", "Samen koken en eten.", (), ("Oost",)),
        ]
    )
    assert ids(matcher, "i want to learn to sew")[0] == "naailes"
    # a word nobody knows still makes a short question one we cannot answer
    assert ids(matcher, "recept appeltaart") == []


def test_a_negated_translation_brings_none_of_its_words() -> None:
    matcher = bundled_matcher(
        [
            Offer("ov", "OV-vergoeding", "Reizen naar familie of vrienden.", (), ("Oost",)),
            Offer("inloop", "Inloop", "Samen eten tegen eenzaamheid.", (), ("Oost",)),
        ]
    )
    words = text_words(matcher.parse("eenzaamheid"), matcher.index)
    brought = {term.word for word in words for term in word.terms}
    # the lexicon's "geen vrienden" (no friends) means loneliness; "vrienden" alone does not
    assert "vrienden" not in brought
    assert ids(matcher, "eenzaamheid") == ["inloop"]


def test_a_question_naming_many_themes_keeps_its_full_text() -> None:
    """A situation names themes and groups in passing (student, alone, neighbours, food);
    when their level patterns fill the budget, the full text is kept before them."""
    matcher = bundled_matcher(
        [
            Offer(
                "pannen", "Onder de pannen", "Samen koken en eten met buurtgenoten.", (), ("Zuid",)
            ),
            Offer("bank", "Voedselbank", "Gratis voedselpakket per week.", ("voedsel",), ("Zuid",)),
        ]
    )
    question = (
        "Student hier, ik woon in Zuid en kook elke dag alleen voor mezelf, lijkt me leuk "
        "om af en toe met buurtgenoten samen te eten voor weinig"
    )
    parsed = matcher.parse(question)
    assert len(parsed.concepts) >= 4
    assert any(c.kind == "text" for c in build_criteria(parsed, matcher.index))
    assert ids(matcher, question)[0] == "pannen"
