"""A map tagged with a few broad categories (as real imports are) is read more by its
offers' own words than by their tags; a map tagged with care keeps its tags first."""

from __future__ import annotations

from matching.matcher import Matcher
from matching.offer import Offer

from .bundled import bundled_matcher, ids

FILLER = [
    Offer(
        f"hulp-{n}",
        f"Hulppunt {n}",
        "Spreekuur over rondkomen met weinig geld.",
        ("voedsel",),
        ("Amsterdam",),
    )
    for n in range(58)
]
TARGET = Offer(
    "pakket",
    "Buurtkamer De Linde",
    "Elke donderdag een gratis voedselpakket voor wie het krap heeft.",
    ("ontmoeting",),
    ("Amsterdam",),
)


def test_a_map_of_few_broad_tags_is_coarse() -> None:
    assert bundled_matcher([*FILLER, TARGET]).index.coarse
    themes = ["taal", "sport", "cultuur", "rouw", "dementie", "vervoer", "kleding", "wonen"]
    careful = [
        Offer(f"o-{n}", f"Offer {n}", "Iets voor de buurt.", (themes[n % 8],), ("Amsterdam",))
        for n in range(60)
    ]
    assert not bundled_matcher(careful).index.coarse


def test_on_a_coarse_map_the_text_naming_the_need_beats_a_bare_broad_tag() -> None:
    matcher: Matcher = bundled_matcher([*FILLER, TARGET])
    assert ids(matcher, "voedselpakket")[0] == "pakket"


def test_on_a_coarse_map_an_offer_named_for_a_related_theme_answers() -> None:
    """Loneliness is met by buddies: on a coarse map an offer whose name says so
    ("Maatje voor sociaal contact") answers, as one tagged "maatjes" would."""
    buddy = Offer(
        "maatje",
        "Maatje voor sociaal contact",
        "Wekelijks samen op stap of gezellig kletsen.",
        ("voedsel",),
        ("Amsterdam",),
    )
    matcher = bundled_matcher([*FILLER, buddy])
    assert matcher.index.coarse
    assert "maatje" in ids(matcher, "iets tegen eenzaamheid")
