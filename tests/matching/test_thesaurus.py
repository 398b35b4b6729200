"""Themes and target groups in Dutch and English, with phrases, inflections and typos."""

from __future__ import annotations

import pytest

from matching.normalise import tokens
from matching.thesaurus import Kind, Tag, Thesaurus
from matching.vocabulary import best_cover

THEME: Kind = "theme"
GROUP: Kind = "group"


@pytest.mark.parametrize(
    ("word", "tag"),
    [
        ("eenzaamheid", Tag(THEME, "eenzaamheid")),
        ("Lonely", Tag(THEME, "eenzaamheid")),
        ("geen aanspraak", Tag(THEME, "eenzaamheid")),
        ("geldzorgen", Tag(THEME, "schulden")),
        ("money problems", Tag(THEME, "schulden")),
        ("schuldhulpverlening", Tag(THEME, "schulden")),
        ("schuldn", Tag(THEME, "schulden")),  # typo
        ("taalcafé", Tag(THEME, "taal")),
        ("taallessen", Tag(THEME, "taal")),  # plural of a listed term
        ("voedselbanken", Tag(THEME, "voedsel")),
        ("eenzaamheidsbestrijding", Tag(THEME, "eenzaamheid")),  # compound
        ("Nederlands leren", Tag(THEME, "taal")),
        ("debt", Tag(THEME, "schulden")),  # the English label
        ("senioren", Tag(GROUP, "ouderen")),
        ("elderly", Tag(GROUP, "ouderen")),
        ("ouders", Tag(GROUP, "ouders")),
    ],
)
def test_lookup(thesaurus: Thesaurus, word: str, tag: Tag) -> None:
    assert tag in thesaurus.lookup(word)


def test_older_people_and_parents_are_different(thesaurus: Thesaurus) -> None:
    assert thesaurus.lookup("ouderen") == {Tag(GROUP, "ouderen")}
    assert thesaurus.lookup("ouders") == {Tag(GROUP, "ouders")}


def test_a_word_can_be_a_theme_and_a_target_group(thesaurus: Thesaurus) -> None:
    assert thesaurus.lookup("jongeren") == {Tag(THEME, "jongeren"), Tag(GROUP, "jongeren")}


@pytest.mark.parametrize("word", ["weerbericht", "morgen", "xqzv", "fiets"])
def test_unrelated_words_name_nothing(thesaurus: Thesaurus, word: str) -> None:
    assert thesaurus.lookup(word) == frozenset()


def test_related_works_both_ways(thesaurus: Thesaurus) -> None:
    assert Tag(THEME, "ontmoeting") in thesaurus.related(Tag(THEME, "eenzaamheid"))
    assert Tag(THEME, "eenzaamheid") in thesaurus.related(Tag(THEME, "ontmoeting"))


def test_labels_per_language(thesaurus: Thesaurus) -> None:
    tag = Tag(THEME, "schulden")
    assert thesaurus.label(tag, "nl") == "schulden"
    assert thesaurus.label(tag, "en") == "debt"
    assert thesaurus.label(tag, "fr") == "schulden"
    assert thesaurus.label(Tag(THEME, "onbekend"), "en") == "onbekend"


def test_scan_a_question(thesaurus: Thesaurus) -> None:
    words = tokens("wie helpt oudere migranten met geldzorgen en geen aanspraak")
    found = best_cover(thesaurus.scan(words))
    codes = {tag.code for match in found for tag in match.values}
    assert {"schulden", "eenzaamheid"} <= codes


def test_tags_for_free_offer_words(thesaurus: Thesaurus) -> None:
    tags, unmatched = thesaurus.tags_for(["ontmoeten", "hulp bij schulden", "buurtkamer", "kunst"])
    assert {Tag(THEME, "ontmoeting"), Tag(THEME, "schulden")} <= tags
    assert unmatched == ["kunst"]


def test_problems_in_the_file_are_reported() -> None:
    broken = Thesaurus.from_dict(
        {
            "themes": [
                {"code": "a", "labels": {"nl": "a"}, "terms": {"nl": []}},
                {"code": "a", "labels": {"nl": "a"}, "terms": {"nl": []}, "related": ["b"]},
            ]
        }
    )
    assert broken.problems == ["theme 'a' appears twice", "'a' relates to unknown 'b'"]
