"""English users see English: the city's facility descriptions and language names."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date

import pytest

from matching.offer import Offer
from tests.bot.test_signup import VERA, fill_until_contact, last
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user
from tests.sample_map import MAP

ANNA = user()
SAM = user(1002, "en", "Sam")
TAALMAATJES = Offer(
    id="taalmaatjes-noord",
    name="Taalmaatjes Noord",
    description="Vrijwilligers oefenen Nederlands met nieuwkomers.",
    themes=("taal",),
    areas=("Noord",),
    languages=("nl", "ti", "ar"),
    last_verified=date(2026, 10, 1),
)


async def test_facility_descriptions_follow_the_readers_language(harness: BotHarness) -> None:
    [dutch] = await harness.send(ANNA, "bibliotheek Osdorp")
    assert "Bibliotheek in stadsdeel Nieuw-West, domein Kunst en Cultuur." in dutch["text"]
    [english] = await harness.send(SAM, "library Osdorp")
    assert "Library in the Nieuw-West district, arts and culture domain." in english["text"]
    assert "stadsdeel" not in english["text"]
    assert "domein" not in english["text"]
    [details] = await harness.press(SAM, english, "🔎 1")
    assert "Library in the Nieuw-West district" in details["text"]
    assert "Adres:" not in details["text"]


async def test_subtypes_and_jargon_are_rendered_too(harness: BotHarness) -> None:
    [english] = await harness.send(SAM, "night shelter Oost")
    # the category, its subtype and the domain, each in English ("Opvanglocatie
    # (Inloophuis) in stadsdeel Oost, domein Jeugd en Zorg")
    assert re.search(
        r"Shelter \([a-z0-9 -]+\) in the Oost district, youth and care domain\.", english["text"]
    )
    assert "Opvanglocatie" not in english["text"]
    assert "Jeugd en Zorg" not in english["text"]


@pytest.fixture
async def small_map(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The bot on the sample map plus an offer in three languages."""
    offers = [*MAP, TAALMAATJES]
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=offers) as started:
        yield started


async def test_languages_on_cards_are_names_in_the_readers_language(
    small_map: BotHarness,
) -> None:
    [dutch] = await small_map.send(ANNA, "taalmaatjes noord")
    [details] = await small_map.press(ANNA, dutch, "🔎 1")
    assert "Talen: Nederlands, Tigrinya, Arabisch" in details["text"]
    [english] = await small_map.send(SAM, "taalmaatjes noord")
    [details] = await small_map.press(SAM, english, "🔎 1")
    assert "Languages: Dutch, Tigrinya, Arabic" in details["text"]


async def test_sign_up_language_buttons_are_names_never_codes(harness: BotHarness) -> None:
    await fill_until_contact(harness)
    [languages] = await harness.send(VERA, "info@koffiedinsdag.nl")
    assert "Arabisch" in labels(languages)
    await harness.send(VERA, "ti")
    now = last(harness, VERA)
    assert "✅ Tigrinya" in labels(now)
    assert "Tigrinya" in now["text"]
    assert "ti" not in labels(now)
