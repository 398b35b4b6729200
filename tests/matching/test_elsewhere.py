"""A social map from outside Amsterdam: its towns are places of their own."""

from __future__ import annotations

from matching.elsewhere import address_towns, gazetteer_for, names_elsewhere
from matching.offer import Offer
from matching.resources import default_gazetteer

from .bundled import bundled_matcher, ids


def _offer(offer_id: str, name: str, description: str, area: str) -> Offer:
    return Offer(offer_id, name, description, ("ontmoeten",), (area,))


OFFERS = [
    _offer("koffie-wierden", "Koffieochtend Wierden", "Wekelijkse koffieochtend.", "Wierden"),
    _offer("koffie-almelo", "Koffieochtend Almelo", "Wekelijkse koffieochtend.", "Almelo"),
    _offer("koffie-rijssen", "Koffie in het dorpshuis", "Koffieochtend.", "Rijssen-Holten"),
    _offer("koffie-overal", "Koffietelefoon", "Koffieochtend per telefoon.", "Amsterdam"),
]


def test_only_names_amsterdam_lacks_are_elsewhere() -> None:
    gazetteer = default_gazetteer()
    names = ["Wierden", "Osdorp", "wierden ", "Hof van Twente", "Amsterdam"]
    assert names_elsewhere(names, gazetteer) == ["Wierden", "wierden", "Hof van Twente"]
    # beside a town elsewhere, a look-alike of an Amsterdam name is a town too
    assert names_elsewhere(["Borne", "Almelo", "Osdorp"], gazetteer) == ["Borne", "Almelo"]
    # on a map of Amsterdam it is a typing error
    assert names_elsewhere(["Osdrop", "Oost"], gazetteer) == []


def test_a_town_on_the_map_is_a_place_a_question_can_name() -> None:
    gazetteer = gazetteer_for((a for o in OFFERS for a in o.areas), default_gazetteer())
    place = gazetteer.resolve("almelo")
    assert place is not None
    assert place.name == "Almelo"
    assert gazetteer.is_elsewhere(place.codes[0])
    assert gazetteer.ancestors(place.codes[0]) == []
    # each part of a hyphenated municipality is a name of it
    holten, rijssen = gazetteer.resolve("Holten"), gazetteer.resolve("Rijssen")
    assert holten is not None
    assert rijssen is not None
    assert holten.codes == rijssen.codes == ("ELSEWHERE-RIJSSEN-HOLTEN",)
    # Amsterdam is as it was
    assert gazetteer.resolve("Osdorp") == default_gazetteer().resolve("Osdorp")
    matcher = bundled_matcher(OFFERS, gazetteer)
    assert ids(matcher, "koffieochtend almelo")[0] == "koffie-almelo"
    assert ids(matcher, "koffie in rijssen")[0] == "koffie-rijssen"
    assert "koffie-overal" in ids(matcher, "koffieochtend osdorp")


def test_amsterdam_wide_offers_do_not_serve_another_town() -> None:
    gazetteer = gazetteer_for((a for o in OFFERS for a in o.areas), default_gazetteer())
    matcher = bundled_matcher(OFFERS, gazetteer)
    assert "koffie-overal" not in ids(matcher, "koffieochtend wierden")


def test_a_map_of_amsterdam_keeps_the_same_gazetteer() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer_for(["Osdorp", "Amsterdam"], gazetteer) is gazetteer


def test_a_town_the_addresses_name_is_a_name_of_its_place() -> None:
    offers = [
        Offer(
            "bijstand-hellendoorn",
            "Bijzondere bijstand",
            "Geld voor onverwachte kosten.",
            ("armoede",),
            ("Hellendoorn",),
            address="Salomonsonstraat 1, 7442 AB Nijverdal",
        ),
        Offer(
            "bijstand-almelo",
            "Bijzondere bijstand",
            "Geld voor onverwachte kosten.",
            ("armoede",),
            ("Almelo",),
            address="Haven Zuidzijde 30, Almelo",
        ),
        # a town whose offers work in several places names none of them
        Offer(
            "regio-a", "Regioloket", "Vragen.", ("armoede",), ("Almelo",), address="X 1, Hengelo"
        ),
        Offer(
            "regio-b", "Regioloket", "Vragen.", ("armoede",), ("Losser",), address="X 1, Hengelo"
        ),
    ]
    towns = address_towns(offers)
    assert towns == {"Nijverdal": "Hellendoorn"}
    names = [area for offer in offers for area in offer.areas]
    gazetteer = gazetteer_for(names, default_gazetteer(), towns)
    nijverdal, hellendoorn = gazetteer.resolve("nijverdal"), gazetteer.resolve("Hellendoorn")
    assert nijverdal is not None
    assert hellendoorn is not None
    assert nijverdal.codes == hellendoorn.codes
    assert ids(bundled_matcher(offers, gazetteer), "bijzondere bijstand nijverdal")[0] == (
        "bijstand-hellendoorn"
    )
