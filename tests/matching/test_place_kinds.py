"""Questions that name a kind of place ("buurtteam", "OKT", "bieb") get those places first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.gazetteer import Gazetteer
from matching.matcher import Matcher
from matching.normalise import tokens
from matching.offer import Offer
from matching.place_kinds import PLACE_KINDS, PlaceKinds
from matching.resources import default_thesaurus
from tests.matching.conftest import TODAY

KINDS = PlaceKinds()


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("buurtteam indische buurt", ("buurtteam",)),
        ("waar is het OKT in Noord?", ("ouder- en kindteam",)),
        ("ouder en kind team zuidoost", ("ouder- en kindteam",)),
        ("inloophuis daklozen centrum", ("inloophuis",)),
        ("huis van de wijk in de buurt", ("huis van de wijk",)),
        ("bieb noord", ("bibliotheek",)),
        ("library in Zuidoost", ("bibliotheek",)),
        ("neighbourhood team east", ("buurtteam",)),
        ("buurtteem oost", ("buurtteam",)),  # a typo
        ("buurtkamer of bibliotheek", ("buurtkamer", "bibliotheek")),
        ("oma zoekt hulp", ()),
        ("inloop spreekuur schulden", ()),  # a walk-in hour is no walk-in centre
        ("eenzaamheid indische buurt", ()),
    ],
)
def test_kinds_named_in_a_question(question: str, kinds: tuple[str, ...]) -> None:
    assert KINDS.scan(tokens(question))[0] == kinds


def _place(
    offer_id: str, name: str, themes: tuple[str, ...], area: str, at: tuple[float, float]
) -> Offer:
    return Offer(
        offer_id, name, "Een plek.", themes, (area,), kind="place", latitude=at[0], longitude=at[1]
    )


# Real coordinates: Dapperbuurt (1.1 km from the middle of the Indische Buurt),
# Watergraafsmeer (1.5 km) and Osdorp (far west).
OUD_OOST = _place(
    "bt-oud-oost",
    "Buurtteam Oud-oost",
    ("buurtteam", "ondersteuning"),
    "Dapperbuurt-Zuid",
    (52.360241, 4.926923),
)
WGM = _place(
    "bt-wgm",
    "Buurtteam Watergraafsmeer",
    ("buurtteam", "ondersteuning"),
    "Watergraafsmeer",
    (52.352518, 4.928471),
)
OSDORP = _place(
    "bt-osdorp", "Buurtteam Osdorp", ("buurtteam", "ondersteuning"), "Osdorp", (52.3584, 4.7916)
)
KAMER = _place(
    "bk-timor", "Cybersoek", ("ontmoeten", "buurtkamer"), "Timorpleinbuurt", (52.3651, 4.9354)
)
IN_HUIS = _place(
    "arkin-hvdw",
    "Arkin Huis van de Wijk Timor",
    ("dagbesteding",),
    "Timorpleinbuurt",
    (52.3652, 4.9355),
)
HVDW = _place(
    "hvdw-vonk",
    "Activiteitencentrum VONK",
    ("ontmoeten", "huis van de wijk"),
    "Indische Buurt",
    (52.3640, 4.9420),
)
CIVIC = Offer(
    "civic",
    "Civic",
    "Hulp en advies.",
    ("ondersteuning",),
    ("Indische Buurt",),
    kind="organization",
)
KOFFIE = Offer(
    "koffie", "Koffiekwartier", "Koffie tegen eenzaamheid.", ("eenzaamheid",), ("Indische Buurt",)
)
HUISKAMER = _place(
    "huiskamer", "Huiskamer Java", ("eenzaamheid",), "Indische Buurt", (52.3640, 4.9400)
)
MAP = [OUD_OOST, WGM, OSDORP, KAMER, IN_HUIS, HVDW, CIVIC, KOFFIE, HUISKAMER]  # fmt: skip


@pytest.fixture(scope="module")
def matcher(gazetteer: Gazetteer) -> Matcher:
    return Matcher(MAP, gazetteer, default_thesaurus(), today=TODAY)


def test_the_kind_asked_comes_before_other_offers_on_the_theme(matcher: Matcher) -> None:
    hits = matcher.search("buurtkamer indische buurt").results
    assert hits[0].id == "bk-timor"
    assert hits[0].area_match == "exact"
    assert "is een buurtkamer" in hits[0].reasons


def test_without_one_in_the_area_the_closest_come_nearest_first(matcher: Matcher) -> None:
    result = matcher.search("buurtteam indische buurt", limit=4)
    assert [h.id for h in result.results[:3]] == ["bt-oud-oost", "bt-wgm", "bt-osdorp"]
    assert result.used_nearby
    first = result.results[0]
    assert first.area_match == "nearby"
    assert (
        "geen in Indische Buurt; deze is het dichtstbij (1,1 km vanaf het midden)" in first.reasons
    )
    # the organisation that works there on the theme still follows
    assert result.results[3].id == "civic"
    english = matcher.search("neighbourhood team Indische Buurt", lang="en").results[0]
    assert "none in Indische Buurt; this is the closest (1.1 km from its centre)" in english.reasons


def test_what_a_place_is_before_what_its_name_says(matcher: Matcher) -> None:
    ids = [h.id for h in matcher.search("huis van de wijk indische buurt").results]
    assert ids[:2] == ["hvdw-vonk", "arkin-hvdw"]


def test_a_need_mixes_initiatives_and_places_initiatives_first(matcher: Matcher) -> None:
    ids = [h.id for h in matcher.search("eenzaamheid indische buurt").results]
    assert ids[:2] == ["koffie", "huiskamer"]


def test_a_kind_word_is_not_a_name(matcher: Matcher) -> None:
    hit = matcher.search("buurtteam osdorp").results[0]
    assert hit.id == "bt-osdorp"
    assert not any(reason.startswith("naam") for reason in hit.reasons)


def test_every_kind_is_found_by_each_of_its_own_terms() -> None:
    for kind in PLACE_KINDS:
        for term in kind.terms:
            assert kind.code in KINDS.scan(tokens(term))[0], term


@given(
    st.lists(
        st.sampled_from(["de", "het", "in", "hulp", "noord", "wie", "doet", "iets"]), max_size=8
    )
)
def test_plain_words_name_no_kind(words: list[str]) -> None:
    assert KINDS.scan(words) == ((), set())
