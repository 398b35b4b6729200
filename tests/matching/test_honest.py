"""Honest answers: nothing for questions nothing fits, never empty when an offer's text fits."""

from __future__ import annotations

import pytest

from matching.matcher import Matcher
from matching.offer import Offer

from .bundled import bundled_matcher, ids

OFFERS = [
    Offer(
        "kapper-1", "Kapper", "Gratis knipbeurt voor mensen met weinig geld.", (), ("Amsterdam",)
    ),
    Offer(
        "kapper-2",
        "Kapper",
        "Gratis knipbeurt in de buurtkamer, elke eerste maandag.",
        ("ontmoeting",),
        ("Amsterdam",),
    ),
    Offer(
        "speelgoedbank",
        "Speelgoedbank Noord",
        "Tweedehands voor gezinnen met een krappe beurs.",
        ("armoede",),
        ("Noord",),
    ),
    Offer(
        "voedselbank",
        "Voedselbank",
        "Gratis eten. Wekelijks een gratis voedselpakket.",
        ("armoede",),
        ("Nieuw-West",),
    ),
    Offer("taalcafe", "Taalcafe Osdorp", "Nederlands oefenen met buren.", ("taal",), ("Osdorp",)),
    Offer(
        "voetbal",
        "Wandelvoetbal Sloterpark",
        "Rustig voetballen voor 60-plussers.",
        ("bewegen",),
        ("Slotervaart",),
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return bundled_matcher(OFFERS)


@pytest.mark.parametrize("question", ["xqzv bnmk", "kerstmarkt 2026", "weerbericht morgen"])
def test_questions_nothing_fits_get_nothing(matcher: Matcher, question: str) -> None:
    result = matcher.search(question)
    assert result.results == ()
    assert ids(matcher, "taal osdorp") == ["taalcafe"]  # the map does answer questions


def test_football_results_get_nothing_beside_wandelvoetbal(matcher: Matcher) -> None:
    assert ids(matcher, "voetbaluitslagen") == []


def test_free_haircut_finds_the_kappers(matcher: Matcher) -> None:
    result = matcher.search("free haircut")
    assert {hit.id for hit in result.results[:2]} == {"kapper-1", "kapper-2"}
    assert all("naam noemt 'kapper'" in hit.reasons for hit in result.results[:2])


def test_gratis_speelgoed_finds_the_speelgoedbank(matcher: Matcher) -> None:
    assert ids(matcher, "gratis speelgoed")[:3].count("speelgoedbank") == 1


def test_food_bank_in_an_area_finds_the_voedselbank(matcher: Matcher) -> None:
    assert ids(matcher, "food bank Slotervaart")[:1] == ["voedselbank"]
    assert ids(matcher, "fod bank")[:1] == ["voedselbank"]


def test_compound_question_finds_its_named_offer_first(matcher: Matcher) -> None:
    assert ids(matcher, "wandelvoetbal")[:1] == ["voetbal"]


def test_everyday_words_in_offer_texts_do_not_answer_a_question_beside_an_area() -> None:
    matcher = bundled_matcher(
        [
            *OFFERS,
            Offer(
                "werkcoach",
                "Werkcoach",
                "Samen zoeken we hoe u weer aan het werk komt, vandaag nog.",
                (),
                ("Osdorp",),
            ),
        ]
    )
    assert ids(matcher, "weer vandaag osdorp") == []
    assert ids(matcher, "taal osdorp") == ["taalcafe"]
