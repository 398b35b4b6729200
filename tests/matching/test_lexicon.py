"""The bilingual welfare lexicon (matching/lexicon.py) and typo correction (matching/typos.py)."""

from __future__ import annotations

import pytest

from matching.lexicon import Lexicon, Translation
from matching.normalise import fold
from matching.resources import default_linguistics
from matching.typos import TypoIndex

DATA = {
    "entries": [
        {"nl": ["voedselbank"], "en": ["food bank", "food banks"]},
        {"nl": ["eten", "voedsel"], "en": ["food"]},
        {"nl": ["kapper", "knippen"], "en": ["haircut", "hairdresser"]},
        {"nl": ["gratis"], "en": ["free"]},
        {"nl": ["huur"], "en": ["rent"]},
        {"nl": ["alleen"], "en": []},  # one phrase only: no translation, left out
        "not an entry",
    ]
}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_dict(DATA)


def words(text: str) -> list[str]:
    return fold(text).split()


def test_entries_need_two_phrases(lexicon: Lexicon) -> None:
    assert len(lexicon) == 5
    assert lexicon.translate(["alleen"]) == []


def test_english_to_dutch_and_back(lexicon: Lexicon) -> None:
    assert lexicon.translate(["haircut"]) == [
        Translation(0, 1, ("kapper", "knippen", "hairdresser"))
    ]
    assert lexicon.translate(["kapper"]) == [
        Translation(0, 1, ("knippen", "haircut", "hairdresser"))
    ]


def test_plural_meets_singular(lexicon: Lexicon) -> None:
    assert lexicon.translate(words("haircuts")) == [
        Translation(0, 1, ("kapper", "knippen", "hairdresser"))
    ]


def test_longest_match_first_without_overlap(lexicon: Lexicon) -> None:
    # "food bank" is one phrase, not "food" + an unknown "bank"
    found = lexicon.translate(words("free food bank in west"))
    assert [(t.start, t.end) for t in found] == [(0, 1), (1, 3)]
    assert found[1].phrases == ("voedselbank",)
    assert found[0].phrases == ("gratis",)


def test_single_word_still_found_alone(lexicon: Lexicon) -> None:
    found = lexicon.translate(words("food for children"))
    assert found == [Translation(0, 1, ("eten", "voedsel"))]


def test_typo_in_a_phrase_is_corrected(lexicon: Lexicon) -> None:
    assert lexicon.translate(words("fod bank")) == [Translation(0, 2, ("voedselbank",))]
    assert lexicon.translate(words("hairdreser")) == [
        Translation(0, 1, ("kapper", "knippen", "haircut"))
    ]


def test_spelled_words_are_not_corrected(lexicon: Lexicon) -> None:
    # words known to be spelled right are taken as typed
    assert lexicon.translate(["hairdreser"], spelled={"hairdreser"}) == []
    assert lexicon.translate(["fod", "bank"], spelled={"fod", "bank"}) == []


def test_function_words_are_never_translated() -> None:
    lexicon = Lexicon([["de", "the"], ["huur", "rent"]])
    assert lexicon.translate(["de", "huur"]) == [Translation(1, 2, ("rent",))]


def test_empty_lexicon_translates_nothing() -> None:
    assert Lexicon([]).translate(["food", "bank"]) == []


def test_bundled_lexicon_reaches_dutch_offers() -> None:
    lexicon = default_linguistics().lexicon
    assert len(lexicon) >= 200
    haircut = lexicon.translate(["haircut"])
    assert len(haircut) == 1
    assert "kapper" in haircut[0].phrases
    bank = lexicon.translate(words("food bank"))
    assert [(t.start, t.end) for t in bank] == [(0, 2)]
    assert "voedselbank" in bank[0].phrases
    typo = lexicon.translate(words("fod bank"))
    assert [(t.start, t.end) for t in typo] == [(0, 2)]
    assert "voedselbank" in typo[0].phrases
    back = lexicon.translate(["voedselbank"])
    assert "food bank" in back[0].phrases


# --- typo index ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def typos() -> TypoIndex:
    return TypoIndex(["voedselbank", "kapper", "huur", "schuldhulpverlening", "bank", "zwemmen"])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("voedslbank", "voedselbank"),  # one letter missing
        ("voedselbnak", "voedselbank"),  # two letters swapped: one edit
        ("vodeslbank", "voedselbank"),  # two edits in eleven letters
        ("kaper", "kapper"),
        ("zwemen", "zwemmen"),
        ("schuldhlpverlenign", "schuldhulpverlening"),  # three edits in a long word
    ],
)
def test_typos_within_bounds_are_corrected(typos: TypoIndex, typed: str, meant: str) -> None:
    assert typos.correct(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "hoedselbank",  # first letter changed
        "voedbnk",  # three edits in a word of seven letters
        "kaprr",  # two edits in five letters
        "huir",  # short words are never corrected
        "bonk",
        "kapper",  # the word itself is no correction
    ],
)
def test_typos_beyond_bounds_are_not_corrected(typos: TypoIndex, typed: str) -> None:
    assert typos.correct(typed) is None


def test_phrases_with_spaces() -> None:
    index = TypoIndex(["food bank", "rent"], spaces=True)
    assert index.correct("fod bank") == "food bank"
    assert TypoIndex(["food bank"]).correct("fod bank") is None
