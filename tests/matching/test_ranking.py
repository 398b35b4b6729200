"""Ranking behaviour: theme fit, area relation, nearby, freshness, names, nonsense, JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.gazetteer import Gazetteer
from matching.matcher import Matcher
from matching.offer import Offer
from matching.ranking import rank, relevance
from matching.thesaurus import Thesaurus

from .conftest import TODAY

WORDS = [
    "eenzaamheid",
    "osdrop",
    "de",
    "buurtbel",
    "indische",
    "buurt",
    "oost",
    "lonely",
    "xqzv",
    "ouderen",
    "taal",
    "amsterdam",
    "noord",
    "in",
    "voor",
    "schuldn",
    "MF01",
]


def ids(matcher: Matcher, question: str, limit: int = 5) -> list[str]:
    return [hit.id for hit in matcher.search(question, limit=limit).results]


def test_exact_before_within_before_city_wide(matcher: Matcher) -> None:
    result = matcher.search("armoede indische buurt west")
    assert [(h.id, h.area_match) for h in result.results[:3]] == [
        ("armoedepact-indische-buurt", "exact"),
        ("armoede-oost", "within"),
        ("armoedefonds", "within"),
    ]
    assert result.results[2].reasons[-1] == "werkt in heel Amsterdam"
    # Each shows its own score, not one capped by those above it: the city-wide fund comes
    # after the stadsdeel's offer (a smaller area first) yet scores higher.
    assert result.results[2].score > result.results[1].score


def test_theme_fit_comes_before_area(matcher: Matcher) -> None:
    # a city-wide loneliness offer beats a meeting place in the asked area
    assert ids(matcher, "eenzaamheid indische buurt") == [
        "koffie-kwartier",
        "luisterlijn",
        "buurtkamer-oost",
    ]


def test_smaller_areas_count_as_exact(matcher: Matcher) -> None:
    result = matcher.search("schulden oost")
    assert {h.id: h.area_match for h in result.results}["schuldhulpmaatje-dapper"] == "exact"


def test_nearby_only_when_nothing_serves_the_area(matcher: Matcher) -> None:
    result = matcher.search("rouw osdorp")
    assert [(h.id, h.area_match) for h in result.results] == [("rouwcafe-slotervaart", "nearby")]
    assert result.used_nearby
    assert "naast Osdorp" in result.results[0].reasons[-1]
    # loneliness in Osdorp is served city-wide, so no nearby Slotervaart offer
    served = matcher.search("eenzaamheid osdorp")
    assert [h.area_match for h in served.results] == ["within"]
    assert "samen-slotervaart" not in [h.id for h in served.results]


def test_inactive_offers_are_never_returned(matcher: Matcher) -> None:
    assert "oud-taalcafe" not in ids(matcher, "taal osdorp", limit=50)
    assert "oud-taalcafe" not in ids(matcher, "oud taalcafe", limit=50)
    assert matcher.offer("oud-taalcafe") is None


def test_freshness_breaks_ties_and_stale_sinks(matcher: Matcher) -> None:
    result = matcher.search("valpreventie bijlmer")
    assert [h.id for h in result.results] == [
        "sterk-op-je-benen",  # verified last month
        "balans-bijlmer",  # never verified
        "vallen-en-opstaan",  # verified in 2024: stale
    ]
    assert result.results[2].reasons[-1] == "niet bevestigd sinds mei 2024"
    # the shown score is each offer's own: here (same theme, same area) its freshness
    fresh, never, stale = (h.score for h in result.results)
    assert fresh > never > stale


def test_freshness_depends_on_today(gazetteer: Gazetteer, thesaurus: Thesaurus) -> None:
    def offer(key: str, verified: date) -> Offer:
        return Offer(key, key, "Taalles.", ("taal",), ("Osdorp",), last_verified=verified)

    offers = [offer("older", date(2025, 6, 1)), offer("newer", date(2025, 9, 1))]
    back_then = Matcher(offers, gazetteer, thesaurus, today=date(2025, 10, 1))
    assert [h.id for h in back_then.search("taal").results] == ["newer", "older"]
    stale = Matcher(offers, gazetteer, thesaurus, today=date(2027, 1, 1))
    assert all(
        "not confirmed since" in h.reasons[-1] for h in stale.search("taal", lang="en").results
    )


@pytest.mark.parametrize(
    "question",
    ["xqzv", "weerbericht morgen", "hoe laat is het", "what time is it", "", "???", "xqzv oost"],
)
def test_meaningless_questions_get_nothing(matcher: Matcher, question: str) -> None:
    assert matcher.search(question).results == ()


def test_names_find_their_offer(matcher: Matcher) -> None:
    assert ids(matcher, "de buurtbel")[0] == "de-buurtbel"
    assert ids(matcher, "Buurtbel")[0] == "de-buurtbel"
    assert ids(matcher, "koffiekwartier")[0] == "koffie-kwartier"
    assert ids(matcher, "alzheimer cafe oost")[0] == "dementie-oost"
    hit = matcher.search("de buurtbel").results[0]
    assert hit.reasons[0] == "naam komt overeen met je vraag"


def test_theme_only_questions_rank_by_theme_fit(matcher: Matcher) -> None:
    result = matcher.search("eenzaamheid", limit=10)
    # no area asked: the city-wide line first, then by how wide each one works
    assert [h.id for h in result.results[:3]] == [
        "luisterlijn",
        "samen-slotervaart",
        "koffie-kwartier",
    ]
    assert result.results[3].id == "buurtkamer-oost"  # only related: meeting people
    assert all(h.area_match == "none" for h in result.results)


def test_typos_and_english(matcher: Matcher) -> None:
    assert ids(matcher, "taalcafe osdrop")[0] == "taalcafe-osdorp"
    assert ids(matcher, "debt help Dapperbuurt")[0] == "schuldhulpmaatje-dapper"
    assert ids(matcher, "eenzaamhied")[0] == "luisterlijn"
    assert ids(matcher, "homework support baarsjes")[0] == "huiswerkklas-baarsjes"


def test_an_area_alone_lists_what_works_there(matcher: Matcher) -> None:
    result = matcher.search("wat is er in osdorp")
    assert result.results[0].id == "taalcafe-osdorp"
    assert result.results[0].area_match == "exact"


def test_reasons_in_dutch_and_english(matcher: Matcher) -> None:
    nl = matcher.search("lonely elderly in East", lang="nl").results[0]
    en = matcher.search("lonely elderly in East", lang="en").results[0]
    assert nl.reasons == ("thema eenzaamheid", "voor ouderen", "werkt in Indische Buurt-Oost")
    assert en.reasons == ("theme loneliness", "for older people", "works in Indische Buurt-Oost")


def test_limit_and_offset_page_through_results(matcher: Matcher) -> None:
    everything = ids(matcher, "wat is er in oost", limit=20)
    assert len(everything) > 6
    assert ids(matcher, "wat is er in oost", limit=3) == everything[:3]
    page = matcher.search("wat is er in oost", limit=3, offset=3).results
    assert [h.id for h in page] == everything[3:6]


def test_json_shape(matcher: Matcher) -> None:
    data = matcher.search("eenzaamheid indische buurt", limit=2).to_json()
    assert json.loads(json.dumps(data)) == data
    assert list(data) == ["query", "themes", "target_groups", "areas", "results"]
    assert data["query"] == "eenzaamheid indische buurt"
    assert data["themes"] == ["eenzaamheid"]
    assert data["areas"] == [{"code": "MF+MG", "name": "Indische Buurt", "level": "wijk"}]
    assert len(data["results"]) == 2
    first = data["results"][0]
    assert list(first) == ["id", "name", "score", "area_match", "reasons"]
    assert first["id"] == "koffie-kwartier"
    assert 0 <= first["score"] <= 100
    assert first["area_match"] in {"exact", "within", "nearby", "none"}
    assert all(isinstance(r, str) for r in first["reasons"])
    assert matcher.search("xqzv").to_json()["results"] == []


def test_today_defaults_to_amsterdam_date(gazetteer: Gazetteer, thesaurus: Thesaurus) -> None:
    assert Matcher([], gazetteer, thesaurus).today >= TODAY.replace(year=2020)


def test_an_address_places_a_wide_offer_in_its_own_buurt(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    def place(key: str, area: str, lat: float, lon: float) -> Offer:
        return Offer(key, key, "Buurtkamer.", ("ontmoeting",), (area,), latitude=lat, longitude=lon)

    offers = [
        place("in-de-pijp", "Zuid", 52.3547, 4.8932),  # Sarphatipark, in De Pijp
        place("elders-in-zuid", "Zuid", 52.3366, 4.8716),  # Zuidas
        place("kantoor-in-de-pijp", "Noord", 52.3547, 4.8932),  # works in Noord only
    ]
    matcher = Matcher(offers, gazetteer, thesaurus, today=TODAY)
    hits = matcher.search("ontmoeting de pijp").results
    assert [(h.id, h.area_match) for h in hits] == [
        ("in-de-pijp", "exact"),
        ("elders-in-zuid", "within"),
    ]
    assert hits[0].reasons[-1].startswith("zit in ")


def test_nearby_when_only_a_related_theme_serves_the_area(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    offers = [
        Offer("ontmoet-osdorp", "Ontmoet Osdorp", "Koffie.", ("ontmoeting",), ("Osdorp",)),
        Offer("eenzaam-slotervaart", "Samen", "Tegen eenzaamheid.", ("eenzaamheid",), ("GF10",)),
        Offer("eenzaam-noord", "Noord Samen", "Tegen eenzaamheid.", ("eenzaamheid",), ("Noord",)),
    ]
    matcher = Matcher(offers, gazetteer, thesaurus, today=TODAY)
    hits = matcher.search("eenzaamheid osdorp").results
    assert [(h.id, h.area_match) for h in hits] == [
        ("eenzaam-slotervaart", "nearby"),
        ("ontmoet-osdorp", "exact"),
    ]


def test_weather_in_amsterdam_is_not_a_question_for_us(matcher: Matcher) -> None:
    assert matcher.search("het weer in Amsterdam").results == ()
    assert matcher.search("pizza bestellen in oost").results == ()


def test_an_area_that_is_also_a_name(matcher: Matcher) -> None:
    assert ids(matcher, "kolenkit")[0] == "jongerencentrum-kolenkit"


def test_names_typed_apart_or_misspelled(matcher: Matcher) -> None:
    assert ids(matcher, "koffie kwartier")[0] == "koffie-kwartier"
    assert ids(matcher, "de buurtbell")[0] == "de-buurtbel"


def test_a_name_is_found_even_with_a_theme_it_lacks(matcher: Matcher) -> None:
    hits = matcher.search("koffiekwartier mantelzorg").results
    assert "koffie-kwartier" in [h.id for h in hits]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(max_size=80) | st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    st.integers(min_value=0, max_value=8),
)
def test_any_question_gets_a_well_formed_answer(
    matcher: Matcher, question: str, limit: int
) -> None:
    result = matcher.search(question, limit=limit, lang="en")
    assert len(result.results) <= limit
    scores = [hit.score for hit in result.results]
    assert all(0 <= s <= 100 for s in scores)
    assert len({hit.id for hit in result.results}) == len(scores)
    json.dumps(result.to_json())
    # The order is by relevance, not by the score: offers named in the question first,
    # then (when no kind of place is asked) never a better fit below a worse one.
    parsed = matcher.parse(question)
    ranking = rank(parsed, matcher.index, limit)
    assert [matcher.index.offers[row.index].id for row in ranking.rows] == [
        hit.id for hit in result.results
    ]
    named = [row.named for row in ranking.rows]
    assert named == sorted(named, reverse=True)
    if not parsed.place_kinds:
        lift = not ranking.relation_sets
        fits = [
            relevance(row.levels, ranking.criteria, lift=lift)[0]
            for row in ranking.rows
            if not row.named
        ]
        assert fits == sorted(fits, reverse=True)


def test_a_pasted_essay_is_cut_short(matcher: Matcher) -> None:
    essay = "eenzaamheid osdorp " + "bla " * 5000
    assert matcher.search(essay).results


EVERYONE = ("bewoners",)
MAY = date(2026, 5, 1)


def _offer(key: str, themes: tuple[str, ...], areas: tuple[str, ...], **more: object) -> Offer:
    return Offer(key, more.pop("name", key), "Een aanbod.", themes, areas, **more)  # type: ignore[arg-type]


def small(gazetteer: Gazetteer, thesaurus: Thesaurus, *offers: Offer) -> Matcher:
    return Matcher(offers, gazetteer, thesaurus, today=TODAY)


def test_without_an_area_the_widest_reach_comes_first(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    matcher = small(
        gazetteer,
        thesaurus,
        _offer("buurt", ("schulden",), ("MF01",)),
        _offer("stadsdeel", ("schulden",), ("Oost",)),
        _offer("stad", ("schulden",), ("Amsterdam",)),
        _offer("gebied", ("schulden",), ("GM15",)),
    )
    assert ids(matcher, "schulden") == ["stad", "stadsdeel", "gebied", "buurt"]


def test_never_confirmed_comes_after_recently_confirmed(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    matcher = small(
        gazetteer,
        thesaurus,
        _offer("nooit", ("taal",), ("Osdorp",), name="Taalles Nooit"),
        _offer("vers", ("taal",), ("Osdorp",), last_verified=date(2026, 10, 1)),
        _offer("oud", ("taal",), ("Osdorp",), last_verified=date(2025, 1, 1)),
    )
    assert ids(matcher, "taal osdorp") == ["vers", "nooit", "oud"]


def test_stale_sinks_within_its_area_but_not_below_the_city(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    matcher = small(
        gazetteer,
        thesaurus,
        _offer("stad", ("rouw",), ("Amsterdam",), last_verified=date(2026, 10, 1)),
        _offer("hier-oud", ("rouw",), ("Slotervaart",), last_verified=date(2022, 1, 1)),
        _offer("hier-vers", ("rouw",), ("Slotervaart",), last_verified=date(2026, 9, 1)),
    )
    assert ids(matcher, "rouw slotervaart") == ["hier-vers", "hier-oud", "stad"]


def test_for_everyone_before_a_narrow_group_and_focused_before_broad(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    matcher = small(
        gazetteer,
        thesaurus,
        _offer(
            "breed", ("juridisch", "schulden", "taal"), ("Amsterdam",), target_groups=("bewoners",)
        ),
        _offer("smal", ("juridisch",), ("Amsterdam",), target_groups=("nieuwkomers",)),
        _offer("voor-iedereen", ("juridisch",), ("Amsterdam",), target_groups=EVERYONE),
    )
    assert ids(matcher, "legal aid") == ["voor-iedereen", "breed", "smal"]
    # asking for newcomers puts the offer for newcomers first
    assert ids(matcher, "rechtshulp voor vluchtelingen")[0] == "smal"


def test_an_offer_named_after_the_theme_comes_first(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    matcher = small(
        gazetteer,
        thesaurus,
        _offer("welkom", ("taal",), ("Osdorp",), name="Welkom in Osdorp", last_verified=TODAY),
        _offer(
            "taalcafe",
            ("taal",),
            ("Osdorp",),
            name="Taalcafé Osdorp",
            last_verified=date(2026, 5, 1),
        ),
    )
    # before the fresher one: its name says it is what was asked
    assert ids(matcher, "language cafe osdorp")[0] == "taalcafe"


def test_target_group_words_tag_groups_and_compounds_their_first_part(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    matcher = small(
        gazetteer,
        thesaurus,
        _offer("mantelzorg", ("mantelzorg",), ("Amsterdam",), target_groups=("jongeren",)),
        _offer("plek", ("ontmoetingsplek",), ("Osdorp",), target_groups=("vrouwen",)),
    )
    # "jongeren" as a target group is no youth-work theme
    assert ids(matcher, "jongerenwerk") == []
    # a meeting place is about meeting people
    assert ids(matcher, "vrouwen ontmoeten osdorp") == ["plek"]


def test_nearby_includes_a_neighbouring_larger_area(
    gazetteer: Gazetteer, thesaurus: Thesaurus
) -> None:
    # Watergraafsmeer as a whole lies next to the Indische Buurt
    matcher = small(gazetteer, thesaurus, _offer("meer", ("klussen",), ("Watergraafsmeer",)))
    hits = matcher.search("klussen indische buurt").results
    assert [(h.id, h.area_match) for h in hits] == [("meer", "nearby")]


def test_words_found_only_in_descriptions_say_so(matcher: Matcher) -> None:
    # "koffie" only occurs in descriptions: the offers are found, and the reason says how
    hits = matcher.search("koffie").results
    assert hits
    assert all("koffie" in h.offer.description.lower() for h in hits)
    assert all("gevonden in de tekst: 'koffie'" in h.reasons for h in hits)
    # "luisterlijn" is a name
    assert ids(matcher, "luisterlijn") == ["luisterlijn"]
    # a three-letter word is not taken for a longer one ("won" is no "wonen")
    assert matcher.parse("wie won").concepts == ()
