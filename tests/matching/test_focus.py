"""In a long question, what the clause that asks names leads; what is told in passing
weighs less."""

from __future__ import annotations

import pytest

from matching.focus import IN_PASSING, Focus, clauses
from matching.offer import Offer

from .bundled import bundled_matcher


def test_a_question_is_cut_into_clauses_before_its_punctuation_is_folded_away() -> None:
    assert clauses("Cliënt, 45; wil werk maar weet niet hoe.") == [
        "client",
        "45",
        "wil werk",
        "weet niet hoe",
    ]


@pytest.mark.parametrize(
    ("question", "phrases", "weights"),
    [
        (
            "Cliënt, 45, al zes jaar in de bijstand, wil heel graag weer aan het werk",
            ["bijstand", "werk"],
            [IN_PASSING, 1.0],
        ),
        (
            "my dad lost his job, my brother needs a laptop for school",
            ["job", "laptop"],
            [IN_PASSING, 1.0],
        ),
        # a few words after the asking clause belong to it
        (
            "zit sinds haar burn-out thuis, wil weer iets doen, misschien vrijwilligerswerk",
            ["burn out", "vrijwilligerswerk"],
            [IN_PASSING, 1.0],
        ),
        # nothing to tell apart: no clause asks, or every one does
        ("al jaren in de bijstand, geen werk", ["bijstand", "werk"], [1.0, 1.0]),
        ("ik wil werk en hulp bij de bijstand", ["bijstand", "werk"], [1.0, 1.0]),
    ],
)
def test_the_clause_that_asks_holds_the_request(
    question: str, phrases: list[str], weights: list[float]
) -> None:
    assert Focus(question).weights(phrases) == weights


def test_what_is_asked_for_comes_before_what_is_told() -> None:
    offers = [
        Offer("schilders", "Schildersclub", "Samen schilderen.", ("algemeen",), ("Amsterdam",)),
        Offer("koor", "Buurtkoor", "Samen zingen in een koor.", ("algemeen",), ("Amsterdam",)),
    ]
    matcher = bundled_matcher(offers)
    question = "my neighbour goes to a painting club every week, he is looking for a choir"
    scores = {hit.id: hit.score for hit in matcher.search(question).results}
    assert scores["koor"] > scores["schilders"]
