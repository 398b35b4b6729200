"""Ages name target groups, and "voor kinderen" beside a specific theme says for whom."""

from __future__ import annotations

import pytest

from matching.matcher import Matcher
from matching.offer import Offer

from .bundled import bundled_matcher, ids

OFFERS = [
    Offer(
        "huiswerk",
        "Huiswerkklas Geuzenveld",
        "Huiswerkbegeleiding na school.",
        ("huiswerkbegeleiding",),
        ("Geuzenveld",),
    ),
    Offer(
        "speeltuin",
        "Speeltuin Geuzenveld",
        "Spelen en knutselen.",
        ("kinderen",),
        ("Geuzenveld",),
        target_groups=("kinderen",),
    ),
    Offer(
        "huiswerk-jong",
        "Huiswerkhulp Jongeren",
        "Huiswerkbegeleiding voor scholieren.",
        ("huiswerkbegeleiding",),
        ("Geuzenveld",),
        target_groups=("jongeren",),
    ),
    Offer(
        "soos",
        "Ouderensoos",
        "Koffie en een praatje.",
        ("ontmoeting",),
        ("Amsterdam",),
        target_groups=("ouderen",),
    ),
    Offer(
        "jongerenhuis",
        "Jongerenhuis",
        "Chillen en sporten.",
        ("ontmoeting",),
        ("Amsterdam",),
        target_groups=("jongeren",),
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return bundled_matcher(OFFERS)


@pytest.mark.parametrize(
    ("question", "groups"),
    [
        ("mijn buurman van 85", ["ouderen"]),
        ("85 jaar", ["ouderen"]),
        ("jongen van 15", ["jongeren"]),
        ("a 14 year old", ["jongeren"]),
        ("kind van 8", ["kinderen"]),
    ],
)
def test_ages_name_target_groups(matcher: Matcher, question: str, groups: list[str]) -> None:
    assert matcher.parse(question).target_groups == groups


@pytest.mark.parametrize(
    "question",
    ["huisnummer 85", "man van 40", "van 200", "1012 ab"],
)
def test_numbers_that_are_no_age_name_no_group(matcher: Matcher, question: str) -> None:
    groups = matcher.parse(question).target_groups
    assert "ouderen" not in groups
    assert "jongeren" not in groups
    assert "kinderen" not in groups


def test_age_picks_the_group_beside_a_theme(matcher: Matcher) -> None:
    assert ids(matcher, "ontmoeting voor mijn buurman van 85")[0] == "soos"
    assert ids(matcher, "ontmoeting jongen van 15")[0] == "jongerenhuis"


@pytest.mark.parametrize("question", ["mijn buurman van 85", "85 jaar"])
def test_age_alone_finds_offers_for_the_group(matcher: Matcher, question: str) -> None:
    assert ids(matcher, "voor ouderen") == ["soos"]  # the same group, named in words
    assert ids(matcher, question)[:1] == ["soos"]


def test_voor_kinderen_after_a_specific_theme_is_a_target_group(matcher: Matcher) -> None:
    result = matcher.search("huiswerkbegeleiding voor kinderen", limit=10)
    found = [hit.id for hit in result.results]
    # homework help first; the playground only as being for children
    assert found[:3] == ["huiswerk", "huiswerk-jong", "speeltuin"]
    speeltuin = result.results[found.index("speeltuin")]
    assert speeltuin.reasons[0] == "voor kinderen"
    # without "voor", "kinderen" is a theme: the playground is there as a theme match
    plain = matcher.search("huiswerkbegeleiding kinderen", limit=10)
    reasons = {hit.id: hit.reasons[0] for hit in plain.results}
    assert reasons["speeltuin"].startswith("thema ")
