"""'Did you mean' only for names close to what was typed; unknown places found by name."""

from __future__ import annotations

from matching.resources import default_gazetteer
from matching.suggestions import area_suggestions
from matching.unknown_places import find_unknown_place, without_place

GAZETTEER = default_gazetteer()


def test_a_misspelt_area_gets_its_name() -> None:
    assert area_suggestions(GAZETTEER, "osdrop", "nl")[0] == "Osdorp"
    assert area_suggestions(GAZETTEER, "watergraafmeer", "nl")[0] == "Watergraafsmeer"


def test_far_or_common_words_get_no_suggestion() -> None:
    for word in ("xyzzy", "pizza", "beste", "school", "utrecht", "abc"):
        assert area_suggestions(GAZETTEER, word, "nl") == [], word


def test_english_names_are_suggested_in_english_replies_only() -> None:
    assert "Canal Belt" in area_suggestions(GAZETTEER, "cenal", "en")
    assert all(
        name not in ("Canal Belt", "Canal Ring")
        for name in area_suggestions(GAZETTEER, "cenal", "nl")
    )


def test_places_outside_amsterdam_are_found_and_left_out() -> None:
    place = find_unknown_place("eenzaamheid in Utrecht?", GAZETTEER, lambda _name: False)
    assert place is not None
    assert place.name == "Utrecht"
    assert without_place("eenzaamheid in Utrecht?", place) == "eenzaamheid ?"
    den_haag = find_unknown_place("hulp in Den Haag", GAZETTEER, lambda _name: False)
    assert den_haag is not None
    assert den_haag.name == "Den Haag"


def test_amsterdam_names_typos_known_words_and_lower_case_are_no_unknown_places() -> None:
    for text in (
        "taalles in Osdrop",
        "schulden in De Pijp",
        "hulp in Nederland",
        "eenzaamheid in utrecht",
        "taalcafé in Amsterdam-Noord",
        "hulp bij Jan",
        "activiteiten in Ramadan",
        "language cafe in Summer",
    ):
        assert find_unknown_place(text, GAZETTEER, lambda _name: False) is None, text
    assert (
        find_unknown_place("hulp in Tigrinya", GAZETTEER, lambda name: name == "Tigrinya") is None
    )
