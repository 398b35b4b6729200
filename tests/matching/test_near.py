"""A question asked from a shared location: fit first, then distance."""

from __future__ import annotations

from matching.gazetteer import Gazetteer
from matching.matcher import Matcher
from matching.offer import Offer
from matching.resources import default_thesaurus
from tests.matching.conftest import TODAY

JAVAPLEIN = (52.36415, 4.94208)


def _offer(offer_id: str, themes: tuple[str, ...], area: str, **extra: object) -> Offer:
    return Offer(offer_id, offer_id.title(), "Iets voor de buurt.", themes, (area,), **extra)  # type: ignore[arg-type]


def _matcher(gazetteer: Gazetteer, offers: list[Offer]) -> Matcher:
    return Matcher(offers, gazetteer, default_thesaurus(), today=TODAY)


def test_the_nearer_of_two_equal_fits_comes_first(gazetteer: Gazetteer) -> None:
    matcher = _matcher(
        gazetteer,
        [
            _offer("ver", ("eenzaamheid",), "Osdorp"),
            _offer("dichtbij", ("eenzaamheid",), "Indische Buurt"),
            _offer("huis", ("eenzaamheid",), "Oost", latitude=52.3645, longitude=4.9425),
        ],
    )
    _, near = matcher.search_near("eenzaamheid", *JAVAPLEIN)
    assert [n.hit.id for n in near] == ["huis", "dichtbij", "ver"]
    assert near[0].distance_m is not None
    assert near[0].distance_m < 100
    # Osdorp is a whole gebied across town: measured to its centre, kilometres away
    assert near[2].distance_m is not None
    assert near[2].distance_m > 9000


def test_a_better_fit_far_away_still_beats_a_weak_fit_next_door(gazetteer: Gazetteer) -> None:
    matcher = _matcher(
        gazetteer,
        [
            _offer("buren", ("ontmoeting",), "Indische Buurt"),
            _offer("stad", ("eenzaamheid",), "Amsterdam"),
        ],
    )
    _, near = matcher.search_near("eenzaamheid", *JAVAPLEIN)
    assert near[0].hit.id == "stad"
    assert near[0].distance_m is None  # the whole city: no one place to walk to


def test_a_question_that_names_an_area_is_about_that_area(gazetteer: Gazetteer) -> None:
    matcher = _matcher(
        gazetteer,
        [
            _offer("osdorp", ("eenzaamheid",), "Osdorp"),
            _offer("oost", ("eenzaamheid",), "Indische Buurt"),
        ],
    )
    result, near = matcher.search_near("eenzaamheid osdorp", *JAVAPLEIN)
    assert result.areas
    assert [n.hit.id for n in near][:1] == ["osdorp"]
    assert all(n.distance_m is None for n in near)


def test_a_point_on_the_other_side_of_the_world_is_answered_at_once(
    gazetteer: Gazetteer,
) -> None:
    # Found by the fuzz test: the ring-by-ring search used to walk every empty ring between.
    matcher = _matcher(
        gazetteer, [_offer("huis", ("eenzaamheid",), "Oost", latitude=52.36, longitude=4.94)]
    )
    [far] = matcher.nearest(-45.0, -170.0, limit=3)
    assert far.offer.id == "huis"
    assert far.distance_m > 15_000_000
