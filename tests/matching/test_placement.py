"""Placing offers with coordinates in their buurt, and repairing letters lost as `?`."""

from __future__ import annotations

import pytest

from matching.gazetteer import Gazetteer
from matching.offer import Offer
from matching.placement import is_coarse, place_offer, repair_text
from matching.resources import places_path
from matching.socialmap import load_map

# (what, lat, lon, buurt code, stadsdeel code): one or more points in every stadsdeel,
# including points on water and on either side of a border.
POINTS = [
    ("Javaplein", 52.3634, 4.9393, "MF02", "M"),
    ("Dam", 52.3731, 4.8926, "AD05", "A"),
    ("Leidseplein, Centrum side of the Singelgracht", 52.3641, 4.8825, "AH05", "A"),
    ("Rijksmuseum, Zuid side of the Singelgracht", 52.3600, 4.8852, "KD05", "K"),
    ("Amstel river at Carré (water)", 52.3620, 4.9045, "AJ01", "A"),
    ("Westpoort harbour", 52.4050, 4.8150, "BA03", "B"),
    ("Westergasfabriek", 52.3866, 4.8769, "EB09", "E"),
    ("Sloterplas (water)", 52.3685, 4.8110, "FE04", "F"),
    ("Sarphatipark", 52.3546, 4.8940, "KE04", "K"),
    ("IJ north of Centraal Station (water)", 52.3822, 4.9010, "NK03", "N"),
    ("Buikslotermeerplein", 52.3998, 4.9331, "NH03", "N"),
    ("Weesp station", 52.3075, 5.0418, "SD03", "S"),
    ("Bijlmerplein", 52.3118, 4.9487, "TC03", "T"),
]


@pytest.mark.parametrize("point", POINTS, ids=[p[0] for p in POINTS])
def test_locate_finds_the_buurt(
    gazetteer: Gazetteer, point: tuple[str, float, float, str, str]
) -> None:
    what, lat, lon, buurt, stadsdeel = point
    found = gazetteer.locate(lat, lon)
    assert found is not None, what
    assert found.code == buurt, what
    assert stadsdeel in gazetteer.ancestors(found.code)


def test_every_stadsdeel_is_covered(gazetteer: Gazetteer) -> None:
    stadsdelen = {a.code for a in gazetteer.areas if a.level == "stadsdeel"}
    assert {point[-1] for point in POINTS} == stadsdelen


def _offer(
    areas: tuple[str, ...], lat: float | None = 52.3634, lon: float | None = 4.9393
) -> Offer:
    return Offer(
        "x",
        "Buurtteam Javaplein",
        "Buurtteam.",
        ("buurtteam",),
        areas,
        "place",
        latitude=lat,
        longitude=lon,
    )


def test_a_coarse_area_becomes_the_buurt(gazetteer: Gazetteer) -> None:
    placed = place_offer(_offer(("Oost",)), gazetteer)
    assert placed.areas == ("Timorpleinbuurt-Zuid",)
    place = gazetteer.resolve(placed.areas[0], fuzzy=False)
    assert place is not None
    assert place.codes == ("MF02",)
    assert place_offer(_offer(("Amsterdam",)), gazetteer).areas == ("Timorpleinbuurt-Zuid",)


def test_exact_areas_and_points_outside_are_kept(gazetteer: Gazetteer) -> None:
    exact = _offer(("Indische Buurt-West",))
    assert place_offer(exact, gazetteer) is exact
    at_sea = _offer(("Oost",), 52.46, 4.55)
    assert place_offer(at_sea, gazetteer).areas == ("Oost",)
    no_point = _offer(("Oost",), None, None)
    assert place_offer(no_point, gazetteer).areas == ("Oost",)
    assert is_coarse(("West", "Amsterdam"), gazetteer)
    assert not is_coarse(("West", "De Pijp"), gazetteer)


@pytest.mark.parametrize(
    ("lost", "repaired"),
    [
        ("Hygi?astraat 4", "Hygiëastraat 4"),
        ("Grand-Caf? Genieten", "Grand-Café Genieten"),
        ("Zwerverscaf?", "Zwerverscafé"),
        ("Carr?", "Carré"),
        ("woonwerkco?p.", "woonwerkcoöp."),
        ("Nathan F. Isra?lweg 3", "Nathan F. Israëlweg 3"),
        # not certain: left as they are
        ("De Buren d? Oude Raai", "De Buren d? Oude Raai"),
        ("K37 Papaverhoek?", "K37 Papaverhoek?"),
        ("Wat is dit? Een caf?", "Wat is dit? Een café"),
    ],
)
def test_lost_letters_are_repaired_only_when_certain(lost: str, repaired: str) -> None:
    assert repair_text(lost) == repaired


def test_the_bundled_facilities_are_all_placed_in_a_buurt(gazetteer: Gazetteer) -> None:
    path = places_path()
    assert path is not None
    loaded = load_map(path, gazetteer)
    assert loaded.ok
    assert len(loaded.offers) == 730
    elsewhere = []
    for offer in loaded.offers:
        placed = place_offer(offer, gazetteer)
        place = gazetteer.resolve(placed.areas[0], fuzzy=False)
        assert place is not None, offer.id
        assert place.level == "buurt", offer.id
        around = {gazetteer.place_of(code).name for code in gazetteer.ancestors(place.codes[0])}
        if not set(offer.areas) <= around:
            elsewhere.append(placed.name)
    # The coordinates win: one shelter in Sloterdijk lies just across the border, in West.
    assert elsewhere == ["Gezinsopvang Sloterdijk Contactbuurt"]
