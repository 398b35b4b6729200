"""What kinds of place offer (matching/services.py), and how places are answered."""

from __future__ import annotations

import pytest

from matching.matcher import Matcher
from matching.offer import Offer
from matching.services import PlaceServices
from matching.thesaurus import Tag

from .bundled import bundled_matcher, ids, place

TABLE = {
    "kinds": [
        {"markers": ["Buurtteam"], "themes": ["schulden", "administratie"]},
        {"markers": ["buurtteam", "Huis van de Wijk"], "themes": ["ontmoeting"]},
        {"markers": ["begeleid wonen", "gezinshuis"], "themes": [], "residential": True},
    ]
}


def test_from_dict_folds_markers_and_merges_kinds() -> None:
    services = PlaceServices.from_dict(TABLE)
    assert services.services["buurtteam"] == {
        Tag("theme", "schulden"),
        Tag("theme", "administratie"),
        Tag("theme", "ontmoeting"),
    }
    assert services.services["huis van de wijk"] == {Tag("theme", "ontmoeting")}
    assert services.residential == {"begeleid wonen", "gezinshuis"}


def test_of_reads_theme_words() -> None:
    services = PlaceServices.from_dict(TABLE)
    assert services.of(["Buurtteam", "hulp"]) == (
        frozenset({Tag("theme", t) for t in ("schulden", "administratie", "ontmoeting")}),
        False,
    )
    assert services.of(["Begeleid wonen", "wonen", "zorg"]) == (frozenset(), True)
    assert services.of(["kinderen"]) == (frozenset(), False)
    assert PlaceServices().of(["buurtteam"]) == (frozenset(), False)


OFFERS = [
    place(
        "kinderboerderij-oost",
        "Kinderboerderij De Dierencapel",
        ["kinderboerderij", "kinderen", "dieren", "natuur"],
        "Oost",
        address="Dierenpad 3",
    ),
    place(
        "jongerenwerk-oost",
        "Jongerenwerk Dapperbuurt",
        ["jongerenwerk", "jongeren"],
        "Oost",
        address="Pad 9",
    ),
    place(
        "buurtteam-oost",
        "Buurtteam Dapperbuurt",
        ["buurtteam", "hulp", "advies", "ondersteuning"],
        "Oost",
        address="Dapperstraat 1",
    ),
    place(
        "buurtteam-west",
        "Buurtteam Kolenkitbuurt",
        ["buurtteam", "hulp", "advies", "ondersteuning"],
        "West",
        address="Bos en Lommerplein 156",
    ),
    place(
        "timon-oost",
        "Timon De Linde",
        ["begeleid wonen", "wonen", "zorg"],
        "Oost",
        address="Lindestraat 4",
        description="Behandel-/woonlocatie (Begeleid wonen) in stadsdeel Oost, "
        "domein Jeugd en Zorg.",
    ),
    place(
        "cordaan-oost",
        "Cordaan Oostpoort",
        ["begeleid wonen", "wonen", "zorg"],
        "Oost",
        address="Poortstraat 8",
        description="Woonlocatie in stadsdeel Oost.",
    ),
    Offer(
        "woonadvies-oost",
        "Woonadvies Oost",
        "Hulp bij huur, huurtoeslag en woningzoeken.",
        ("wonen",),
        ("Oost",),
    ),
    Offer(
        "wijktafel-osdorp",
        "Wijktafel Osdorp",
        "Overleg van professionals over eenzaamheid en ontmoeting in de wijk.",
        ("netwerk", "eenzaamheid"),
        ("Osdorp",),
        target_groups=("professionals",),
    ),
    Offer(
        "koffie-osdorp",
        "Koffieochtend Osdorp",
        "Samen koffie drinken voor wie zich eenzaam voelt.",
        ("eenzaamheid", "ontmoeting"),
        ("Osdorp",),
    ),
    place(
        "vreugdehof-1",
        "Vreugdehof",
        ["huis van de wijk", "ontmoeting"],
        "Zuid",
        address="Vreugdestraat 12",
    ),
    place(
        "vreugdehof-2",
        "Vreugdehof",
        ["ontmoeting", "ouderenwerk"],
        "Zuid",
        address="Vreugdestraat 12",
    ),
    place(
        "buurtkamer-zuid",
        "Buurtkamer De Pijp",
        ["buurtkamer", "ontmoeting"],
        "Zuid",
        address="Pijpstraat 1",
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return bundled_matcher(OFFERS)


def test_buurtteam_answers_debts_in_its_area(matcher: Matcher) -> None:
    result = matcher.search("schulden oost")
    assert [hit.id for hit in result.results][:1] == ["buurtteam-oost"]
    found = [hit.id for hit in result.results]
    assert "kinderboerderij-oost" not in found
    assert "jongerenwerk-oost" not in found
    assert "buurtteam-west" not in found


def test_buurtteam_before_kinderboerderij_for_paperwork(matcher: Matcher) -> None:
    found = ids(matcher, "hulp bij formulieren in oost")
    assert found[0] == "buurtteam-oost"
    assert "kinderboerderij-oost" not in found


@pytest.mark.parametrize("question", ["huur oost", "woonruimte oost"])
def test_residence_not_returned_for_housing_needs(matcher: Matcher, question: str) -> None:
    found = ids(matcher, question)
    assert found[0] == "woonadvies-oost"
    assert "timon-oost" not in found
    assert "cordaan-oost" not in found


@pytest.mark.parametrize("question", ["wonen oost", "hulp bij wonen"])
def test_residence_not_returned_for_wonen(matcher: Matcher, question: str) -> None:
    found = ids(matcher, question)
    assert "timon-oost" not in found
    assert "cordaan-oost" not in found


@pytest.mark.parametrize(
    ("question", "expected"),
    [("Timon De Linde", "timon-oost"), ("cordaan oostpoort", "cordaan-oost")],
)
def test_residence_returned_when_asked_by_name(
    matcher: Matcher, question: str, expected: str
) -> None:
    assert ids(matcher, question)[:1] == [expected]


def test_wijktafel_is_no_answer_to_a_need(matcher: Matcher) -> None:
    assert ids(matcher, "eenzaamheid osdorp") == ["koffie-osdorp"]


def test_wijktafel_when_asked_for(matcher: Matcher) -> None:
    assert ids(matcher, "wijktafel osdorp")[:1] == ["wijktafel-osdorp"]


def test_one_place_appears_once(matcher: Matcher) -> None:
    for question in ["vreugdehof", "ontmoeting zuid", "huis van de wijk zuid"]:
        found = ids(matcher, question)
        assert "vreugdehof-1" in found or "vreugdehof-2" in found, question
        assert not {"vreugdehof-1", "vreugdehof-2"} <= set(found), question
    # the other place at another address is still shown
    assert "buurtkamer-zuid" in ids(matcher, "ontmoeting zuid")
