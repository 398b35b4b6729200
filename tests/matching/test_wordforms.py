"""Word forms: Snowball stems and Dutch compound splitting (matching/wordforms.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.resources import default_linguistics
from matching.wordforms import LINKS, WordForms

# A tiny frequency list (Zipf scale) that states its own facts.
ZIPF = {
    "speelgoed": 4.5,
    "speel": 3.5,
    "goed": 6.0,
    "bank": 5.0,
    "voedsel": 4.2,
    "pakket": 4.3,
    "wandel": 3.2,
    "voetbal": 4.8,
    "ouder": 4.5,
    "ouderen": 4.6,
    "kind": 5.0,
    "kinderen": 5.2,
    "ontmoeting": 3.8,
    "plek": 4.7,
    "flora": 3.5,
    "kook": 3.5,
    "club": 4.5,
    "zeldzaam": 2.0,
}


@pytest.fixture(scope="module")
def tiny() -> WordForms:
    return WordForms(ZIPF)


# Compounds both the tiny test list and the bundled frequencies split the same way.
COMPOUNDS = [
    ("speelgoedbank", ("speelgoed", "bank")),
    ("voedselpakket", ("voedsel", "pakket")),
    ("wandelvoetbal", ("wandel", "voetbal")),
    ("ontmoetingsplek", ("ontmoeting", "plek")),
]


@pytest.fixture(scope="module")
def real() -> WordForms:
    return default_linguistics().forms


@pytest.mark.parametrize(("word", "parts"), COMPOUNDS)
def test_tiny_list_splits_compounds(tiny: WordForms, word: str, parts: tuple[str, ...]) -> None:
    assert tiny.parts(word) == parts


@pytest.mark.parametrize(("word", "parts"), COMPOUNDS)
def test_bundled_forms_split_compounds(real: WordForms, word: str, parts: tuple[str, ...]) -> None:
    assert real.parts(word) == parts


@pytest.mark.parametrize("word", ["ouderen", "kinderen", "gezondheid"])
def test_common_words_are_not_split(real: WordForms, word: str) -> None:
    assert real.parts(word) == ()


def test_lexicalised_word_stays_whole(tiny: WordForms) -> None:
    # "ouder" + "en" would be a split, but "ouderen" is a common word of its own
    assert tiny.parts("ouderen") == ()
    assert tiny.parts("kinderen") == ()


def test_two_parts_beat_three_when_they_are_common_enough(tiny: WordForms) -> None:
    # "speel" + "goed" + "bank" has common parts, but each part beyond two costs
    assert tiny.parts("speelgoedbank") == ("speelgoed", "bank")


def test_three_parts_only_when_it_pays() -> None:
    # no two-part split exists; three parts pay against an unknown word...
    assert WordForms(ZIPF).parts("florakookclub") == ("flora", "kook", "club")
    # ...but not against a word that is itself about as common as its parts
    own = WordForms({**ZIPF, "florakookclub": 3.0})
    assert own.parts("florakookclub") == ()


def test_split_only_when_parts_are_more_common_than_the_word() -> None:
    forms = WordForms({"voedsel": 3.2, "pakket": 3.4, "voedselpakket": 3.6})
    assert forms.parts("voedselpakket") == ()
    assert WordForms({"voedsel": 3.2, "pakket": 3.4}).parts("voedselpakket") == (
        "voedsel",
        "pakket",
    )


def test_rare_parts_and_short_words_are_not_split(tiny: WordForms) -> None:
    # "zeldzaam" is under the part threshold: no word to split off
    assert tiny.parts("zeldzaambank") == ()
    # a first part of three letters is enough ("pak"), a last part of three is not ("ban")
    assert WordForms({"bank": 5.0, "pak": 5.0}).parts("pakbank") == ("pak", "bank")
    assert WordForms({"ban": 5.0, "pakje": 5.0}).parts("pakjeban") == ()


def test_extra_words_count_as_common() -> None:
    forms = WordForms({"bank": 5.0}, extra_words=["speelgoed"])
    assert forms.is_word("speelgoed")
    assert forms.parts("speelgoedbank") == ("speelgoed", "bank")


def test_common_words(tiny: WordForms) -> None:
    assert tiny.common_words(4.9) == {"goed", "bank", "kinderen", "kind"}
    assert "zeldzaam" not in tiny.common_words(3.0)
    assert tiny.zipf("onbekend") == 0.0


def test_without_stemmer_a_word_is_its_own_stem(tiny: WordForms) -> None:
    assert tiny.stem("kinderen") == "kinderen"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("huizen", "huis"),  # voiced last consonant unvoiced
        ("zwemlessen", "zwemles"),  # doubled last consonant once
        ("maatjes", "maatje"),  # diminutive plural
        ("kinderen", "kinder"),
        ("eenzame", "eenzaam"),
    ],
)
def test_bundled_stems_meet(real: WordForms, a: str, b: str) -> None:
    assert real.stem(a) == real.stem(b)


def test_bundled_stems_keep_different_words_apart(real: WordForms) -> None:
    assert real.stem("bank") != real.stem("bang")
    assert real.stem("ouderen") == "ouder"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=20))
def test_stem_never_empty(word: str) -> None:
    assert default_linguistics().forms.stem(word)


PIECES = [*ZIPF, *LINKS, "x", "aa"]


def _rejoins(word: str, parts: tuple[str, ...]) -> bool:
    links = "|".join(LINKS)
    pattern = f"(?:{links})?".join(re.escape(p) for p in parts)
    return re.fullmatch(pattern, word) is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join))
def test_parts_are_words_and_rejoin_tiny(word: str) -> None:
    forms = WordForms(ZIPF)
    parts = forms.parts(word)
    assert all(forms.is_word(p) for p in parts)
    assert not parts or _rejoins(word, parts)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["speelgoed", "bank", "voedsel", "pakket", "huis", "werk", "s", "plek"]),
        min_size=1,
        max_size=3,
    ).map("".join)
)
def test_parts_are_words_and_rejoin_bundled(word: str) -> None:
    forms = default_linguistics().forms
    parts = forms.parts(word)
    assert all(forms.is_word(p) for p in parts)
    assert not parts or _rejoins(word, parts)


# "toeslag" is rarer in wordfreq's Dutch list than a word of its own needs to be (Zipf 3),
# so nothing tells the splitter it is one word.
TOESLAG = "'toeslag' is below the frequency a part needs, so it is split as toe + slag"


def test_common_last_word_stays_whole_inside_a_compound() -> None:
    forms = WordForms({"voetbal": 4.8, "uit": 6.3, "lagen": 3.8, "slagen": 4.0, "uitslagen": 4.3})
    assert forms.parts("uitslagen") == ()  # holds: a common word of its own
    assert forms.parts("voetbaluitslagen") == ("voetbal", "uitslagen")


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("voetbaluitslagen", ("voetbal", "uitslagen")),
        pytest.param(
            "kinderopvangtoeslag",
            ("kinderopvang", "toeslag"),
            marks=pytest.mark.xfail(strict=True, reason=TOESLAG),
        ),
        ("huurtoeslagaanvraag", ("huurtoeslag", "aanvraag")),
    ],
)
def test_bundled_forms_keep_common_last_words(
    real: WordForms, word: str, parts: tuple[str, ...]
) -> None:
    assert real.parts(word) == parts
