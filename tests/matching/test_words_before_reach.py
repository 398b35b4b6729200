"""Without an area in the question, its other words order offers of the same theme before
how much of the city they serve."""

from __future__ import annotations

from matching.offer import Offer

from .bundled import bundled_matcher, ids

OFFERS = [
    Offer(
        f"speel-{n}",
        f"Kinderactiviteit {n}",
        "Spelen en knutselen voor kinderen.",
        ("kinderen",),
        ("Amsterdam",),
    )
    for n in range(3)
] + [
    Offer(
        "landje",
        "Bouwspeelplaats het Landje",
        "Hutten bouwen en spelen voor kinderen van 6 tot 14 jaar.",
        ("kinderen",),
        ("Nieuw-West",),
    ),
]


def test_a_named_word_beats_city_wide_reach() -> None:
    matcher = bundled_matcher(OFFERS)
    assert ids(matcher, "het landje adventure playground")[0] == "landje"
    # without that word, the city-wide ones come first
    assert ids(matcher, "playground")[0] != "landje"


def test_loose_words_rank_the_text_that_holds_them_best_before_reach() -> None:
    matcher = bundled_matcher(
        [
            Offer(
                "kamer",
                "Buurtkamer",
                "Elke week koffie en een praatje, soms ook karweitjes.",
                (),
                ("Amsterdam",),
            ),
            Offer(
                "klus",
                "Karweitjesdienst",
                "Vrijwilligers doen kleine karweitjes in en om het huis.",
                (),
                ("Noord",),
            ),
        ]
    )
    assert matcher.parse("karweitjes").concepts == ()
    assert ids(matcher, "karweitjes") == ["klus", "kamer"]
