"""The shipped welfare vocabulary: the bilingual lexicon, and the services in the thesaurus."""

from __future__ import annotations

import json
from typing import Any

import pytest

from matching.lexicon import MAX_PHRASE_WORDS
from matching.normalise import fold
from matching.resources import content_file, default_thesaurus
from matching.thesaurus import Kind, Tag

THEME: Kind = "theme"
GROUP: Kind = "group"
LANGUAGES = ("nl", "en")


def _entries() -> list[dict[str, Any]]:
    data = json.loads(content_file("lexicon.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    assert set(data) == {"entries"}
    entries = data["entries"]
    assert isinstance(entries, list)
    return entries


def test_the_lexicon_holds_hundreds_of_meanings() -> None:
    assert len(_entries()) >= 300


def test_every_entry_has_one_to_five_phrases_on_both_sides() -> None:
    wrong = [
        entry
        for entry in _entries()
        if not isinstance(entry, dict)
        or set(entry) != set(LANGUAGES)
        or any(
            not isinstance(entry[lang], list) or not 1 <= len(entry[lang]) <= 5
            for lang in LANGUAGES
        )
    ]
    assert wrong == []


def test_phrases_are_lowercase_stripped_and_not_repeated_within_an_entry() -> None:
    wrong: list[tuple[str, list[str]]] = []
    for entry in _entries():
        for lang in LANGUAGES:
            phrases = entry[lang]
            if len(set(phrases)) != len(phrases) or any(
                not isinstance(p, str) or not p or p != p.strip() or p != p.lower() for p in phrases
            ):
                wrong.append((lang, phrases))
    assert wrong == []


def test_every_phrase_is_short_enough_to_be_found_in_a_question() -> None:
    # the lexicon looks for phrases of at most MAX_PHRASE_WORDS words; a longer one is never
    # found and only brings its words into other questions
    too_long = [
        phrase
        for entry in _entries()
        for lang in LANGUAGES
        for phrase in entry[lang]
        if len(fold(phrase).split()) > MAX_PHRASE_WORDS
    ]
    assert too_long == []


def test_no_entry_is_listed_twice() -> None:
    seen = [(tuple(entry["nl"]), tuple(entry["en"])) for entry in _entries()]
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize(
    ("en", "nl"),
    [
        ("food bank", "voedselbank"),
        ("haircut", "kapper"),
        ("hairdresser", "kapper"),
        ("rent", "huur"),
        ("rent arrears", "huurachterstand"),
        ("social worker", "maatschappelijk werker"),
        ("legal advice", "rechtswinkel"),
        ("legal advice", "juridisch advies"),
        ("holiday", "vakantie"),
        ("swimming", "zwemmen"),
        ("library", "oba"),
        ("library", "bieb"),
        ("toys", "speelgoed"),
        ("repair", "repareren"),
        ("washing machine", "wasmachine"),
        ("toaster", "broodrooster"),
        ("debt collector", "deurwaarder"),
        ("pension", "aow"),
        ("benefits", "uitkering"),
        ("make ends meet", "rondkomen"),
        ("money", "centjes"),
        ("dispute", "ruzie"),
        ("childcare", "kinderopvang"),
        ("lonely", "eenzaam"),
    ],
)
def test_common_welfare_words_are_paired(en: str, nl: str) -> None:
    assert any(en in entry["en"] and nl in entry["nl"] for entry in _entries())


def test_the_thesaurus_still_loads_without_problems() -> None:
    assert default_thesaurus().problems == []


@pytest.mark.parametrize(
    ("phrase", "tags"),
    [
        ("kwijtschelding", {Tag(THEME, "schulden")}),
        ("aow te laag", {Tag(THEME, "armoede"), Tag(GROUP, "ouderen")}),
        ("aanvullende inkomensvoorziening ouderen", {Tag(THEME, "armoede"), Tag(GROUP, "ouderen")}),
        ("boete cjib", {Tag(THEME, "schulden")}),
        ("cjib", {Tag(THEME, "schulden"), Tag(THEME, "juridisch")}),
        ("wasmachine kapot", {Tag(THEME, "spullen")}),
        ("witgoedregeling", {Tag(THEME, "spullen")}),
        ("speelgoedbank", {Tag(THEME, "kindregelingen")}),
        ("stichting leergeld", {Tag(THEME, "kindregelingen")}),
        ("kindbonnen", {Tag(THEME, "kindregelingen")}),
        ("haircut", {Tag(THEME, "kleding")}),
        ("kapper", {Tag(THEME, "kleding")}),
        ("kledingbank", {Tag(THEME, "kleding"), Tag(THEME, "armoede")}),
        ("zomerkamp", {Tag(THEME, "vakantie")}),
        ("geen eten", {Tag(THEME, "voedsel")}),
        ("ruzie", {Tag(THEME, "buurtbemiddeling")}),
        ("individuele inkomenstoeslag", {Tag(THEME, "armoede")}),
        ("collectieve zorgverzekering", {Tag(THEME, "armoede")}),
        ("talk to a social worker", {Tag(THEME, "ondersteuning")}),
    ],
)
def test_welfare_services_name_the_need_behind_them(phrase: str, tags: set[Tag]) -> None:
    assert tags <= default_thesaurus().lookup(phrase)


def test_each_new_theme_has_labels_in_both_languages() -> None:
    thesaurus = default_thesaurus()
    for code in ("spullen", "kleding", "vakantie", "kindregelingen"):
        concept = thesaurus.concept(Tag(THEME, code))
        assert concept is not None
        assert set(concept.labels) == set(LANGUAGES)
        assert thesaurus.related(concept.tag)


@pytest.mark.parametrize("name", ["Gelderlandpleinbuurt", "Concertgebouwbuurt", "Artis"])
def test_area_names_do_not_start_with_a_short_service_word(name: str) -> None:
    # "geld", "concert" or "artis" as a term would read these names as a compound of it
    assert default_thesaurus().lookup(name, fuzzy=False) == frozenset()
