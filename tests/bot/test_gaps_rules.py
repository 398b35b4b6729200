"""Supply per theme and area at each level, the outcome of an answer, periods and pages."""

from __future__ import annotations

from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from bot.gaps.aggregation import SUPPRESSED, gaps_table, months_before
from bot.gaps.repository import Demand
from bot.gaps.rules import GOOD, NOTHING, WIDE, outcome
from bot.gaps.supply import Supply, level_table, supply_for
from bot.gaps.views import THEMES_PER_PAGE, pages, table_text
from bot.i18n import Catalogues
from matching.offer import Offer
from matching.resources import default_gazetteer, default_thesaurus

GAZETTEER = default_gazetteer()
OFFERS = [
    Offer("buurt", "Buurtkamer", "-", ("eenzaamheid",), ("Timorpleinbuurt-Zuid",)),  # buurt MF02
    Offer("wijk", "Wijkhuis", "-", ("eenzaamheid", "taal"), ("Indische Buurt-West",)),  # MF
    Offer("gebied", "Gebiedsteam", "-", ("eenzaamheid",), ("GM15",)),
    Offer("oost", "Oost-breed", "-", ("eenzaamheid",), ("Oost",)),
    Offer("stad", "Stadsbreed", "-", ("eenzaamheid",), ("Amsterdam",)),
    Offer("west", "West", "-", ("eenzaamheid",), ("West",)),
    Offer("oud", "Gestopt", "-", ("eenzaamheid",), ("MF",), status="inactive"),
]


def test_supply_counts_local_offers_apart_from_stadsdeel_and_city_wide_ones() -> None:
    assert supply_for(OFFERS, GAZETTEER, "MF02")["eenzaamheid"] == Supply(3, 1, 1)
    assert supply_for(OFFERS, GAZETTEER, "MF")["eenzaamheid"] == Supply(3, 1, 1)
    assert supply_for(OFFERS, GAZETTEER, "MG")["eenzaamheid"] == Supply(1, 1, 1)  # the gebied's
    assert supply_for(OFFERS, GAZETTEER, "GM15")["eenzaamheid"] == Supply(3, 1, 1)
    assert supply_for(OFFERS, GAZETTEER, "GM15")["taal"] == Supply(1, 0, 0)
    assert supply_for(OFFERS, GAZETTEER, "M")["eenzaamheid"] == Supply(3, 1, 1)
    assert supply_for(OFFERS, GAZETTEER, "E")["eenzaamheid"] == Supply(0, 1, 1)
    assert supply_for(OFFERS, GAZETTEER, "F")["eenzaamheid"] == Supply(0, 0, 1)


def test_supply_for_every_area_of_a_level() -> None:
    gebieden = level_table(OFFERS, GAZETTEER, "gebied")
    assert gebieden["GM15"]["eenzaamheid"] == Supply(3, 1, 1)
    assert gebieden["GF07"]["eenzaamheid"] == Supply(0, 0, 1)
    assert "taal" not in gebieden["GF07"]
    assert len(level_table(OFFERS, GAZETTEER, "stadsdeel")) == 9


def test_an_answer_is_good_only_with_a_local_offer_for_an_asked_area() -> None:
    by_id = {offer.id: offer for offer in OFFERS}
    assert outcome(GAZETTEER, ["MF"], [by_id["oost"], by_id["wijk"]]) == GOOD
    assert outcome(GAZETTEER, ["MG"], [by_id["oost"], by_id["stad"], by_id["buurt"]]) == WIDE
    assert outcome(GAZETTEER, ["M"], [by_id["oost"]]) == GOOD  # Oost-wide for all of Oost
    assert outcome(GAZETTEER, [], [by_id["stad"]]) == GOOD  # no area asked
    assert outcome(GAZETTEER, ["MF"], []) == NOTHING


def test_the_period_ends_today_and_goes_back_whole_months() -> None:
    assert months_before(date(2026, 11, 23), 3) == date(2026, 8, 24)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 3, 1)  # no 31 February
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 16)


def test_many_themes_page_and_small_totals_are_suppressed() -> None:
    themes = [f"thema{n}" for n in range(THEMES_PER_PAGE + 2)]
    demand = [Demand(date(2026, 11, 1), (theme,), (), ("MF",), "private", GOOD) for theme in themes]
    table = gaps_table(
        GAZETTEER, "GM15", date(2026, 10, 1), date(2026, 11, 23), demand=demand, supply={}
    )
    assert table.total == THEMES_PER_PAGE + 2
    assert pages(table) == 2
    # the texts are HTML: "< 5" is sent escaped
    t = Catalogues(ZoneInfo("Europe/Amsterdam")).translator("nl")
    first = table_text(t, GAZETTEER, default_thesaurus(), table, months=3, page=0)
    second = table_text(t, GAZETTEER, default_thesaurus(), table, months=3, page=1)
    assert "Grootste gaten" in first
    assert "Grootste gaten" not in second
    assert first.count(f"{escape(SUPPRESSED)} vragen\n") == THEMES_PER_PAGE
    assert second.count(f"{escape(SUPPRESSED)} vragen\n") == 2
    alone = gaps_table(
        GAZETTEER, "GM15", date(2026, 10, 1), date(2026, 11, 23), demand=demand[:3], supply={}
    )
    heading = table_text(t, GAZETTEER, default_thesaurus(), alone, months=3, page=0)
    assert heading.splitlines()[1].endswith(f": {escape(SUPPRESSED)} vragen")
