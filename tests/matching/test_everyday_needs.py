"""Needs said in everyday words reach offers whose own texts name the service: the shipped
lexicon links a situation ("kraan lekt", "haren laten doen") to the words offers use
("klusjes", "knipbeurt")."""

from __future__ import annotations

import pytest

from matching.matcher import Matcher
from matching.normalise import fold
from matching.offer import Offer
from matching.resources import default_linguistics

from .bundled import bundled_matcher, ids

OFFERS = [
    Offer(
        "klussen",
        "Klussendienst",
        "Vrijwilligers doen kleine karweitjes in en om het huis voor ouderen.",
        (),
        ("Oost",),
    ),
    Offer("kapper", "Samen Kappen", "Een gratis knipbeurt in de kapsalon.", (), ("Oost",)),
    Offer(
        "vrijwilligers",
        "Vrijwilligerscentrale",
        "Vind vrijwilligerswerk dat bij je past.",
        (),
        ("Oost",),
    ),
    Offer(
        "schuldhulp",
        "Schuldhulpverlening",
        "Wij zoeken met u een oplossing voor een huurachterstand of een huurschuld.",
        (),
        ("Oost",),
    ),
    Offer(
        "eettafel",
        "Buurtmaaltijd",
        "Elke donderdag aanschuiven bij de eettafel in het buurthuis.",
        (),
        ("Oost",),
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return bundled_matcher(OFFERS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("mijn kraan lekt", "klussen"),
        ("kapsel zonder te betalen", "kapper"),
        ("ik wil iets zinnigs doen", "vrijwilligers"),
        ("ik kan de huur niet betalen", "schuldhulp"),
        ("I can't pay the rent", "schuldhulp"),
        ("eat together with neighbours", "eettafel"),
    ],
)
def test_an_everyday_need_finds_the_offer_that_names_the_service(
    matcher: Matcher, question: str, expected: str
) -> None:
    assert ids(matcher, question)[:1] == [expected]


@pytest.mark.parametrize(
    ("question", "brought"),
    [
        ("kraan lekt", "karweitjes"),
        ("gordijnen ophangen", "klusjesman"),
        ("haren", "knipbeurt"),
        ("zonder te betalen", "gratis"),
        ("alleen thuis zitten", "eenzaam"),
        ("doen voor een ander", "vrijwilligerswerk"),
        ("kind luistert niet", "opvoedproblemen"),
        ("lekke band", "fietsenmaker"),
        ("partner slaat", "huiselijk geweld"),
        ("driving", "rijvaardigheid"),
        ("refresher", "opfriscursus"),
        ("cash today", "noodhulp"),
    ],
)
def test_a_situation_brings_in_the_words_of_its_service(question: str, brought: str) -> None:
    found = default_linguistics().lexicon.translate(fold(question).split())
    assert len(found) == 1
    assert brought in found[0].phrases


@pytest.mark.parametrize(
    "question",
    ["our fridge broke down", "de wasmachine is stuk", "the boiler stopped working"],
)
def test_something_broken_asks_for_repair_not_for_money(question: str) -> None:
    """ "Broke" alone is having no money; a machine that broke down needs mending."""
    parsed = bundled_matcher(OFFERS).parse(question)
    assert "klussen" in parsed.themes
    assert "armoede" not in parsed.themes


@pytest.mark.parametrize("question", ["iemand om mee te praten", "someone to talk to"])
def test_someone_to_talk_to_is_a_buddy_in_both_languages(question: str) -> None:
    assert list(bundled_matcher(OFFERS).parse(question).themes) == ["maatjes"]
