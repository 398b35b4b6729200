"""The bundled thesaurus reads everyday ways of saying a need as the right theme."""

from __future__ import annotations

import pytest

from matching.resources import default_thesaurus
from matching.thesaurus import Tag


def test_aphasia_is_a_disability() -> None:
    assert default_thesaurus().lookup("afasie", fuzzy=False) == {Tag("group", "beperking")}


@pytest.mark.parametrize(
    ("phrase", "theme"),
    [
        ("groceries", "burenhulp"),
        ("boodschappen", "burenhulp"),
        ("free groceries", "voedsel"),
        ("drinkt te veel", "verslaving"),
        ("drinks too much", "verslaving"),
        ("misses company", "eenzaamheid"),
        ("mist gezelschap", "eenzaamheid"),
        ("a lift to", "vervoer"),
        ("day care for elderly", "dagbesteding"),
        ("energie besparen", "energie"),
        ("my energy bill", "energie"),
        ("tochtig", "energie"),
        ("geen dak boven mijn hoofd", "dakloosheid"),
        ("nowhere to live", "dakloosheid"),
        ("rekeningen", "financien"),
        ("unopened mail", "administratie"),
        ("op de pof", "schulden"),
        ("credit card debt", "schulden"),
        ("hangt op straat", "jongeren"),
        ("iemand om mee te wandelen", "maatjes"),
        ("bus pass", "vervoer"),
        ("naschoolse opvang", "kinderen"),
        ("want to volunteer", "werk"),
        ("somewhere warm", "ontmoetingsplek"),
        ("kop koffie", "ontmoetingsplek"),
    ],
)
def test_everyday_phrase_names_its_theme(phrase: str, theme: str) -> None:
    assert default_thesaurus().lookup(phrase, fuzzy=False) == {Tag("theme", theme)}
