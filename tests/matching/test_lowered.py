"""Entries whose owners did not answer "klopt dit nog?" rank as very stale."""

from __future__ import annotations

from datetime import date

from matching.gazetteer import Gazetteer
from matching.matcher import Matcher
from matching.offer import Offer
from matching.thesaurus import Thesaurus

TODAY = date(2027, 3, 1)


def _offer(key: str, verified: date | None) -> Offer:
    return Offer(key, key, "Taalles.", ("taal",), ("Osdorp",), last_verified=verified)


def test_a_lowered_entry_sinks_below_its_equal(gazetteer: Gazetteer, thesaurus: Thesaurus) -> None:
    offers = [_offer("aaa", date(2026, 11, 1)), _offer("bbb", date(2026, 10, 1))]
    plain = Matcher(offers, gazetteer, thesaurus, today=TODAY)
    assert [h.id for h in plain.search("taal").results] == ["aaa", "bbb"]
    lowered = Matcher(offers, gazetteer, thesaurus, today=TODAY, lowered=frozenset({"aaa"}))
    results = lowered.search("taal").results
    assert [h.id for h in results] == ["bbb", "aaa"]
    assert results[1].score < results[0].score
    assert results[1].reasons[-1] == "niet bevestigd sinds november 2026"


def test_an_undated_lowered_entry_sinks_too(gazetteer: Gazetteer, thesaurus: Thesaurus) -> None:
    offers = [_offer("aaa", None), _offer("bbb", None)]
    lowered = Matcher(offers, gazetteer, thesaurus, today=TODAY, lowered=frozenset({"aaa"}))
    assert [h.id for h in lowered.search("taal").results] == ["bbb", "aaa"]
