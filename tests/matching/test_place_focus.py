"""Places of one kind in one area: the one about the question before the one about more,
or whose name says it is for a group nobody asked about."""

from __future__ import annotations

from matching.offer import Offer

from .bundled import bundled_matcher, ids

DAYCARE = ("ouderen", "dagbesteding", "meedoen", "ontmoeten")


def place(offer_id: str, name: str, themes: tuple[str, ...] = DAYCARE) -> Offer:
    return Offer(
        offer_id,
        name,
        "Dagbestedingslocatie (Meedoen ouderen) in stadsdeel Zuid.",
        themes,
        ("De Pijp",),
        kind="place",
    )


def test_a_place_named_for_another_group_comes_after_one_for_everyone() -> None:
    matcher = bundled_matcher([place("afasie", "Afasiecentrum"), place("edelsteen", "Edelsteen")])
    assert ids(matcher, "dementia daycare de pijp") == ["edelsteen", "afasie"]


def test_a_place_with_many_other_services_comes_after_a_focused_one() -> None:
    shelter = place("amoc", "AMOC", ("opvang", "dakloosheid", "nachtopvang", *DAYCARE))
    matcher = bundled_matcher([shelter, place("edelsteen", "Edelsteen")])
    assert ids(matcher, "dementia daycare de pijp") == ["edelsteen", "amoc"]
