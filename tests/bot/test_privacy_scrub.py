"""Client details in typed text: what the scrubber finds, and what it must leave alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.client_details import area_names
from bot.core.privacy_scrub import MARKERS, is_bsn, scrub

YEAR = 2026


def cleaned(text: str) -> str:
    return scrub(text, YEAR).text


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "0612345678",
        "06 12345678",
        "06 1234 5678",
        "06-1234 5678",
        "06 12 34 56 78",
        "+31 6 12345678",
        "+31612345678",
        "0031 6 12345678",
        "+31 (0)6-12345678",
        "+31(0)612345678",
        "020-1234567",
        "020 123 45 67",
        "(020) 1234567",
        "+31 20 123 4567",
        "+44 20 7946 0958",
        "0800-1234",
        "nul-zes 1 2 3 4 5 6 7 8",
        "nul zes een twee drie vier vijf zes zeven acht",
        "zero six one two three four five six seven eight",
    ],
)
def test_phone_numbers_in_every_common_form(number: str) -> None:
    result = scrub(f"bel haar op {number} na vijven", YEAR)
    assert result.text == "bel haar op [telefoon] na vijven"


@pytest.mark.parametrize(
    "address",
    [
        "jan.jansen@example.nl",
        "j_de-vries+zorg@mail.example.com",
        "jan [at] example punt nl",
        "jan(at)example(dot)com",
        "jan at example dot nl",
        "jan apenstaartje buurt punt amsterdam",
    ],
)
def test_email_addresses_also_spelled_out(address: str) -> None:
    assert cleaned(f"mail naar {address} graag") == "mail naar [e-mail] graag"


def test_the_must_show_question() -> None:
    text = (
        "Ik zoek voor mijn cliënt Mohammed El Amrani (06-12345678, Javastraat 12) hulp bij "
        "schulden in de Indische Buurt"
    )
    result = scrub(text, YEAR)
    assert result.text == (
        "Ik zoek voor mijn cliënt [naam] ([telefoon], [adres]) hulp bij schulden in de "
        "Indische Buurt"
    )
    assert result.found == {"[naam]", "[telefoon]", "[adres]"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("woont Javastraat 12", "woont [adres]"),
        ("woont op de Eerste Van Swindenstraat 112-3", "woont op [adres]"),
        ("Van Woustraat 12 hs, 3 hoog", "[adres], 3 hoog"),
        ("Zeeburgerdijk 5a", "[adres]"),
        ("postcode 1094 AB 12", "postcode [postcode]"),
        ("1094AB, 3", "[postcode]"),
        ("bsn 123456782", "bsn [bsn]"),
        ("nummer 1234.56.782 graag", "nummer [bsn] graag"),
        ("geboren op 1 december", "geboren op [geboortedatum]"),
        ("geb. 12-03-2015", "geb. [geboortedatum]"),
        ("date of birth: 3/4/1948", "date of birth: [geboortedatum]"),
        ("sinds 3-4-1948 hier", "sinds [geboortedatum] hier"),
        ("mevrouw De Vries wil koken", "mevrouw [naam] wil koken"),
        ("meneer van Dijk heeft hulp nodig", "meneer [naam] heeft hulp nodig"),
        ("mijn buurman Piet is eenzaam", "mijn buurman [naam] is eenzaam"),
        ("my client John Smith needs help", "my client [naam] needs help"),
        ("cliënte Özlem Çelik, 70 jaar", "cliënte [naam], 70 jaar"),
        ("dhr. J.P. Balkenende zoekt", "dhr. [naam] zoekt"),
    ],
)
def test_addresses_postcodes_bsn_birth_dates_and_names(text: str, expected: str) -> None:
    assert cleaned(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "wie doet iets tegen eenzaamheid in de Indische Buurt?",
        "taalcafé in de Javastraat",
        "een bewoner Indische Buurt zoekt contact",
        "mijn cliënt heeft schulden",
        "mijn cliënt In de Pijp zoekt een maatje",
        "de wijktafel is op 1 december om 19:30",
        "bijeenkomst 01-12-2026 19.30 tot 21.00 uur",
        "van 2020-2024 kregen 1.250.000 mensen hulp",
        "taalcafé 2 keer per week van 10 tot 12 uur",
        "budgetcoach Dapperbuurt voor 65+",
        "Buurtkamer De Boeg, Osdorp",
        "antwoord 2 klopt",
        "kvk 12345678",
    ],
)
def test_areas_meeting_dates_and_ordinary_numbers_survive(text: str) -> None:
    assert scrub(text, YEAR) == scrub(text, YEAR)
    assert cleaned(text) == text


def test_the_eleven_test() -> None:
    assert is_bsn("123456782")
    assert is_bsn("111222333")
    assert not is_bsn("123456789")
    assert not is_bsn("000000000")
    assert cleaned("ordernummer 123456789") == "ordernummer 123456789"


_SAFE_WORDS = st.sampled_from(
    [
        "hulp",
        "bij",
        "schulden",
        "in",
        "de",
        "Indische",
        "Buurt",
        "Osdorp",
        "taalcafé",
        "voor",
        "mijn",
        "eenzaamheid",
        "Noord",
        "wie",
        "doet",
        "iets",
        "?",
        ",",
        "Dapperbuurt",
        "koken",
    ]
)
_SEPARATORS = st.sampled_from([" ", "-", " - ", ".", ""])


@st.composite
def dutch_mobile(draw: st.DrawFn) -> tuple[str, str]:
    """A Dutch mobile number written in one of the common ways, and its eight digits."""
    digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8)))
    prefix = draw(st.sampled_from(["06", "+31 6", "+316", "0031 6", "+31 (0)6"]))
    groups = draw(st.sampled_from([[8], [4, 4], [2, 2, 2, 2], [3, 3, 2]]))
    parts, at = [], 0
    for size in groups:
        parts.append(digits[at : at + size])
        at += size
    sep = draw(_SEPARATORS)
    return prefix + draw(st.sampled_from([" ", "-", ""])) + sep.join(parts), digits


@given(
    before=st.lists(_SAFE_WORDS, max_size=6),
    after=st.lists(_SAFE_WORDS, max_size=6),
    phone=dutch_mobile(),
)
@settings(max_examples=300, deadline=None)
def test_any_written_mobile_number_is_removed(
    before: list[str], after: list[str], phone: tuple[str, str]
) -> None:
    written, digits = phone
    text = " ".join([*before, written, *after])
    result = scrub(text, YEAR)
    assert "[telefoon]" in result.text
    assert digits not in re.sub(r"\D", "", result.text)


def _with_check_digit(first: int) -> str:
    """Eight digits and the check digit the eleven test asks (the next number when none fits)."""
    while True:
        digits = f"{first:08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        if total % 11 < 10:
            return digits + str(total % 11)
        first += 1


valid_bsn = st.integers(min_value=1, max_value=99_999_998).map(_with_check_digit)


@given(words=st.lists(_SAFE_WORDS, max_size=6), bsn=valid_bsn)
@settings(max_examples=200, deadline=None)
def test_any_bsn_is_removed(words: list[str], bsn: str) -> None:
    assert is_bsn(bsn)
    result = scrub(" ".join([*words, bsn]), YEAR)
    assert bsn not in result.text
    assert result.found


@given(words=st.lists(_SAFE_WORDS, max_size=12))
def test_questions_without_details_are_left_as_they_are(words: list[str]) -> None:
    text = " ".join(words)
    assert scrub(text, YEAR).text == text
    assert not scrub(text, YEAR).changed


@given(text=st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_never_crashes_and_cleaning_twice_changes_nothing(text: str) -> None:
    once = scrub(text, YEAR)
    assert scrub(once.text, YEAR).text == once.text
    assert set(once.found) <= set(MARKERS)


def test_every_known_area_name_survives_also_after_a_word_for_a_person() -> None:
    areas = area_names()
    assert {"Indische Buurt", "Bos en Lommer", "Dapperbuurt"} <= areas
    templates = (
        "wie doet iets tegen eenzaamheid in {}?",
        "mijn cliënt uit {} zoekt hulp",
        "een bewoner {} zoekt contact",
        "mijn buurman {} zoekt een maatje",
        "de wijktafel {} is op 1 december om 19:30",
    )
    changed = [
        text
        for name in sorted(areas)
        for text in (template.format(name) for template in templates)
        if scrub(text, YEAR, areas).text != text
    ]
    assert changed == []


def test_a_name_is_still_a_name_next_to_an_area() -> None:
    text = "mijn cliënt Fatima woont in Bos en Lommer, mevrouw Jansen in de Dapperbuurt"
    assert scrub(text, YEAR, area_names()).text == (
        "mijn cliënt [naam] woont in Bos en Lommer, mevrouw [naam] in de Dapperbuurt"
    )


@given(address=st.emails(), before=st.lists(_SAFE_WORDS, max_size=4))
@settings(max_examples=300, deadline=None)
def test_any_e_mail_address_is_removed(address: str, before: list[str]) -> None:
    result = scrub(" ".join([*before, address, "graag"]), YEAR)
    assert "@" not in result.text
    assert "[e-mail]" in result.text
