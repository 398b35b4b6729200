"""Reading a question: areas, themes, target groups, name words and what is left."""

from __future__ import annotations

from matching.matcher import Matcher


def test_dutch_question_with_area_and_theme(matcher: Matcher) -> None:
    parsed = matcher.parse("Wie doet iets tegen eenzaamheid in de Indische Buurt?")
    assert parsed.themes == ["eenzaamheid"]
    assert [(a.place.code, a.place.level) for a in parsed.areas] == [("MF+MG", "wijk")]
    assert parsed.keywords == ()
    assert parsed.unknown == ()


def test_english_question_with_typo_area(matcher: Matcher) -> None:
    parsed = matcher.parse("is there any help with money problems in dapperbuurd")
    assert parsed.themes == ["schulden"]
    assert parsed.areas[0].place.codes == ("ME",)
    assert parsed.areas[0].corrected


def test_theme_and_target_group(matcher: Matcher) -> None:
    parsed = matcher.parse("lonely elderly in East")
    assert parsed.themes == ["eenzaamheid"]
    assert parsed.target_groups == ["ouderen"]
    assert parsed.areas[0].place.codes == ("M",)


def test_multi_word_area_beats_its_parts(matcher: Matcher) -> None:
    parsed = matcher.parse("armoede indische buurt west")
    assert [a.place.codes for a in parsed.areas] == [("MF",)]


def test_two_areas(matcher: Matcher) -> None:
    parsed = matcher.parse("taal in osdorp of slotervaart")
    assert parsed.area_codes == {"GF08", "GF10"}


def test_name_words_and_free_words(matcher: Matcher) -> None:
    parsed = matcher.parse("de buurtbel watergraafsmeer")
    assert parsed.name_words == ("buurtbel",)
    assert parsed.keywords == ("buurtbel",)
    assert parsed.areas[0].place.codes == ("GM16",)


def test_unknown_words_are_kept_apart(matcher: Matcher) -> None:
    parsed = matcher.parse("xqzv eenzaamheid")
    assert parsed.unknown == ("xqzv",)
    assert parsed.themes == ["eenzaamheid"]


def test_meaningless_questions_name_nothing(matcher: Matcher) -> None:
    for question in ("hoe laat is het", "weerbericht morgen", "?!", ""):
        parsed = matcher.parse(question)
        assert not parsed.areas
        assert not parsed.concepts
        assert not parsed.keywords


def test_compound_and_inflected_theme_words(matcher: Matcher) -> None:
    assert matcher.parse("schuldhulpverlening").themes == ["schulden"]
    assert matcher.parse("taallessen").themes == ["taal"]
    assert matcher.parse("voedselbanken").themes == ["voedsel"]


def test_amsterdam_beside_a_part_of_it_means_the_part(matcher: Matcher) -> None:
    parsed = matcher.parse("voedselbank amsterdam noord")
    assert [a.place.codes for a in parsed.areas] == [("N",)]
    assert matcher.parse("eenzaamheid in heel amsterdam").area_codes == {"GM0363"}


def test_inflected_and_cut_short_words(matcher: Matcher) -> None:
    assert matcher.parse("een eenzame oudere meneer").themes == ["eenzaamheid"]
    assert matcher.parse("mijn buurvrouw is dement").themes == ["dementie"]


def test_a_phrase_with_one_word_in_another_form(matcher: Matcher) -> None:
    # every word is spelled right, but the thesaurus says "older people"
    assert matcher.parse("lonely old people in East").target_groups == ["ouderen"]
