"""Phrase lookup: exact, inflected, compound and misspelled words."""

from __future__ import annotations

import pytest

from matching.vocabulary import PhraseIndex, PhraseMatch, best_cover, max_edits


@pytest.fixture(scope="module")
def index() -> PhraseIndex[str]:
    return PhraseIndex(
        [
            ("eenzaamheid", "loneliness"),
            ("geen aanspraak", "loneliness"),
            ("taal", "language"),
            ("taalcafé", "language"),
            ("schulden", "debt"),
            ("zorgen", "care"),
            ("voedsel", "food"),
            ("eenzaam", "loneliness"),
            ("dementie", "dementia"),
            ("kind", "children"),
            ("opvang", "shelter"),
            ("vrouw", "women"),
        ],
        compounds=True,
    )


def test_typo_budget_grows_with_length() -> None:
    assert [max_edits(n) for n in (3, 4, 5, 7, 8, 12, 13)] == [0, 0, 1, 1, 2, 2, 3]


@pytest.mark.parametrize(
    ("phrase", "value", "how"),
    [
        ("Eenzaamheid", "loneliness", "exact"),
        ("taal cafe", "language", "exact"),
        ("taalcafés", "language", "stem"),
        ("eenzaamhied", "loneliness", "fuzzy"),
        ("schuldn", "debt", "fuzzy"),
        ("voedselbank", "food", "compound"),
        ("eenzaamheidsbestrijding", "loneliness", "compound"),
        ("eenzame", "loneliness", "stem"),  # inflected adjective
        ("dement", "dementia", "prefix"),  # cut short
        ("kinderopvang", "children", "compound"),  # the first part decides
    ],
)
def test_lookup(index: PhraseIndex[str], phrase: str, value: str, how: str) -> None:
    match = index.lookup(phrase)
    assert match is not None
    assert match.values == frozenset({value})
    assert match.how == how


@pytest.mark.parametrize("phrase", ["taak", "morgen", "xqzv", "de", "", "buurvrouw", "deme"])
def test_no_false_friends(index: PhraseIndex[str], phrase: str) -> None:
    # "morgen" is one letter from "zorgen", but a typo rarely hits the first letter
    assert index.lookup(phrase) is None


def test_known_words_are_not_corrected(index: PhraseIndex[str]) -> None:
    words = ["schulder"]
    assert index.scan(words)
    assert not index.scan(words, known={"schulder"})


def test_scan_finds_phrases_and_best_cover_keeps_the_longest(index: PhraseIndex[str]) -> None:
    words = ["ik", "heb", "geen", "aanspraak", "en", "zorgen"]
    found = best_cover(index.scan(words))
    assert [(m.start, m.end, m.values) for m in found] == [
        (2, 4, frozenset({"loneliness"})),
        (5, 6, frozenset({"care"})),
    ]


def test_stop_words_alone_never_match() -> None:
    index = PhraseIndex([("de", "x"), ("de punt", "y")])
    assert index.scan(["de"]) == []
    assert len(index) == 1


def test_closest_suggests_similar_phrases(index: PhraseIndex[str]) -> None:
    assert index.closest("eenzamheid")[0] == "eenzaamheid"


def test_strength_prefers_exact_then_longer() -> None:
    exact = PhraseMatch(0, 1, "a", "a", frozenset({1}), "exact")
    fuzzy_long = PhraseMatch(0, 2, "a b", "a b", frozenset({2}), "fuzzy", 1)
    exact_long = PhraseMatch(0, 2, "a b", "a b", frozenset({3}), "exact")
    assert exact.strength() > fuzzy_long.strength()
    assert exact_long.strength() > exact.strength()


@pytest.mark.parametrize(
    ("phrase", "typed"),
    [
        ("day care for the elderly", "day care for elderly"),
        ("help for elderly", "help for the elderly"),
        ("hulp voor de buren", "hulp voor buren"),
    ],
)
def test_articles_may_be_left_out_or_added(phrase: str, typed: str) -> None:
    index = PhraseIndex([(phrase, "x"), ("day care", "y")])
    match = index.lookup(typed)
    assert match is not None
    assert match.key == phrase
    assert match.how == "exact"


def test_a_run_beginning_with_an_article_is_not_the_phrase() -> None:
    index = PhraseIndex([("district nurse", "x")])
    hits = index.scan(["im", "a", "district", "nurse"])
    assert [(h.start, h.end) for h in hits] == [(2, 4)]
