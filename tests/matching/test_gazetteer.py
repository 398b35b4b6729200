"""The gazetteer: names, aliases, typos, codes, hierarchy, neighbours and locations."""

from __future__ import annotations

import pytest

from matching.gazetteer import Gazetteer


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Osdorp", ("GF08",)),
        ("osdrop", ("GF08",)),
        ("Dapperbuurd", ("ME",)),
        ("Indische Buurt", ("MF", "MG")),  # alias from the alias file
        ("indische buurt west", ("MF",)),  # legacy spelling without hyphen
        ("Indische Buurt-Oost", ("MG",)),
        ("de Bijlmer", ("GT21", "GT22", "GT23")),
        ("East", ("M",)),
        ("Slotermeer", ("FC", "FD", "FE")),  # the base of Slotermeer-West/-Noordoost/-Zuidoost
        ("de Pijp", ("KE", "KF", "KG")),  # Oude, Nieuwe and Zuid Pijp
        ("Transvaal", ("MD",)),
        ("Zeeburgereiland", ("MH",)),  # part of "Zeeburgereiland/Bovendiep"
        ("Bos en Lommer", ("GE04",)),
        ("Frankendael", ("MM",)),  # wijk and buurt share the name: the wijk
        ("heel Amsterdam", ("GM0363",)),
        ("city-wide", ("GM0363",)),
        ("MF01", ("MF01",)),
        ("bu0363mf01", ("MF01",)),
        ("gm15", ("GM15",)),
        ("M28", ("MC",)),  # legacy code of the Oosterparkbuurt
        ("Kinkerbuurt", ("EP",)),  # legacy name, mapped through its buurten (all of EP)
        # a level word before the name, a remark after it, as real lists write them
        ("Stadsdeel Nieuw-West", ("F",)),
        ("stadsdeel oost", ("M",)),
        ("gebied Osdorp", ("GF08",)),
        ("Oost (heel stadsdeel)", ("M",)),
        ("Amsterdam (alle stadsdelen)", ("GM0363",)),
        ("Amsterdam en omgeving", ("GM0363",)),
    ],
)
def test_resolve(gazetteer: Gazetteer, text: str, codes: tuple[str, ...]) -> None:
    place = gazetteer.resolve(text)
    assert place is not None, text
    assert place.codes == codes


@pytest.mark.parametrize("text", ["xqzv", "Blabladorp", "", "de", "morgen"])
def test_unknown_names_resolve_to_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.resolve(text) is None


def test_unknown_names_get_suggestions(gazetteer: Gazetteer) -> None:
    assert all(name.startswith("Osdorp") for name in gazetteer.suggest("Osdorpp-Zuid"))
    assert "Watergraafsmeer" in gazetteer.suggest("Watergraafmeer Noord")


def test_alias_problems_are_reported_not_raised(gazetteer: Gazetteer) -> None:
    assert gazetteer.problems == ["alias 'Nergenshuizen': unknown area code 'ZZ99'"]
    assert gazetteer.resolve("Nergenshuizen") is None


def test_place_code_and_level(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Indische Buurt")
    assert place is not None
    assert (place.code, place.name, place.level) == ("MF+MG", "Indische Buurt", "wijk")


def test_hierarchy(gazetteer: Gazetteer) -> None:
    assert gazetteer.ancestors("MF01") == ["MF", "GM15", "M", "GM0363"]
    assert gazetteer.ancestors("BA") == ["B", "GM0363"]  # Westpoort has no gebied
    assert gazetteer.contains("M", "MF01")
    assert gazetteer.contains("GM0363", "T")
    assert not gazetteer.contains("MF01", "M")
    assert {"GM15", "MF", "MF01", "MA"} <= gazetteer.subtree("GM15")
    assert "ME" not in gazetteer.subtree("GM15")
    assert set(gazetteer.children("GM15")) == {"MA", "MF", "MG"}


def test_siblings_and_neighbours(gazetteer: Gazetteer) -> None:
    assert set(gazetteer.siblings("ME")) == {"MB", "MC", "MD"}
    assert "MD" in gazetteer.neighbours("ME")  # Transvaalbuurt borders Dapperbuurt
    assert "GF10" in gazetteer.neighbours("GF08")  # Slotervaart borders Osdorp
    assert "N" not in gazetteer.neighbours("T")


def test_nearby_excludes_the_place_itself_and_what_contains_it(gazetteer: Gazetteer) -> None:
    near = gazetteer.nearby(["MF", "MG"])
    assert "MF" not in near
    assert "MG" not in near
    assert "GM15" not in near
    assert near["MA"] == "adjacent"
    assert near.get("ME") == "adjacent"


def test_locate_a_point(gazetteer: Gazetteer) -> None:
    buurt = gazetteer.locate(52.3609, 4.9279)
    assert buurt is not None
    assert buurt.code.startswith("ME")
    assert gazetteer.locate(48.85, 2.35) is None  # Paris


def test_words_found_in_a_question(gazetteer: Gazetteer) -> None:
    words = ["eenzaamheid", "in", "de", "indische", "buurt", "en", "osdrop"]
    places = {m.values and next(iter(m.values)).code for m in gazetteer.scan(words)}
    assert "MF+MG" in places
    assert "GF08" in places
