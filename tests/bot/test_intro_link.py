"""The public page's link into the warm introduction: `/start intro_<entry>` (issue 18)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.db.models import IntroRequest, User
from bot.introductions.links import INTRO_LINK, linked_id, start_payload
from bot.people.handlers.start import LANG_PATTERN
from matching.offer import Offer
from tests.bot.intro_setup import ANNA, MESSAGE, VERA, VIA_BOT, last, make_reachable
from tests.bot.test_consent_links import _callback_data, _nothing_stored_about
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user
from tests.sample_map import MAP

NEW = user(1078, "nl", "Noor")
# As long as an id from the city's open data gets: too long to travel as it is.
LONG = Offer(
    id="dagbesteding-en-ontmoeting-voor-buurtgenoten-oost-1a2b3c4d",
    name="Dagbesteding Oost",
    description="Dagbesteding en ontmoeting voor buurtgenoten.",
    themes=("eenzaamheid",),
    areas=("Indische Buurt",),
)
LINK = "intro_" + VIA_BOT.id


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The sample map plus two entries reachable via the bot (one with a long id), owned by
    Vera."""
    offers = [*MAP, VIA_BOT, LONG]
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=offers) as bot:
        await make_reachable(bot, VIA_BOT.id, VERA)
        await make_reachable(bot, LONG.id, VERA)
        yield bot


async def _requests(harness: BotHarness) -> list[IntroRequest]:
    async with harness.services.db.transaction() as session:
        return list((await session.scalars(select(IntroRequest).order_by(IntroRequest.id))).all())


async def test_someone_new_chooses_a_language_then_writes_the_request(
    harness: BotHarness,
) -> None:
    [greeting] = await harness.send(NEW, f"/start {LINK}")
    assert greeting["text"].startswith("Hoi Noor!")
    assert "Daarna kun je Buurtmaatjes vragen om met je in contact te komen." in greeting["text"]
    assert _callback_data(greeting) == [f"lang:nl:{LINK}", f"lang:en:{LINK}"]
    assert await _nothing_stored_about(harness, NEW["id"])
    [prompt] = await harness.press(NEW, greeting, "English")
    assert "Buurtmaatjes" in prompt["text"]
    assert labels(prompt) == ["Cancel"]
    [sent] = await harness.send(NEW, MESSAGE)
    assert sent["text"].startswith("✉️ Sent to Buurtmaatjes")
    assert MESSAGE in last(harness, VERA)["text"]
    [row] = await _requests(harness)
    assert (row.offer_id, row.professional_id, row.query, row.area) == (
        VIA_BOT.id,
        NEW["id"],
        None,
        "Indische Buurt",
    )
    async with harness.services.db.transaction() as session:
        person = await session.get(User, NEW["id"])
    assert person is not None
    assert person.language == "en"


async def test_someone_known_goes_straight_to_the_request(harness: BotHarness) -> None:
    [greeting] = await harness.send(ANNA, "/start")
    await harness.press(ANNA, greeting, "Nederlands")
    [prompt] = await harness.send(ANNA, f"/start {LINK}")
    assert "Noem geen namen" in prompt["text"]
    assert "Buurtmaatjes" in prompt["text"]
    [sent] = await harness.send(ANNA, MESSAGE)
    assert sent["text"].startswith("✉️ Verstuurd naar Buurtmaatjes")


async def test_a_long_entry_id_travels_as_a_digest(harness: BotHarness) -> None:
    payload = start_payload(LONG.id)
    assert payload != "intro_" + LONG.id
    assert len(f"lang:nl:{payload}".encode()) <= 64
    [greeting] = await harness.send(NEW, f"/start {payload}")
    assert "Dagbesteding Oost" in greeting["text"]
    [prompt] = await harness.press(NEW, greeting, "Nederlands")
    assert "Dagbesteding Oost" in prompt["text"]
    assert labels(prompt) == ["Annuleren"]


async def test_an_unknown_entry_says_so_and_stores_nothing(harness: BotHarness) -> None:
    for payload in ("intro_bestaat-niet", start_payload("x" * 60), "intro_" + "x" * 60):
        [reply] = await harness.send(NEW, f"/start {payload}")
        assert "staat niet (meer) op de kaart" in reply["text"]
    assert await _nothing_stored_about(harness, NEW["id"])
    [greeting] = await harness.send(ANNA, "/start")
    await harness.press(ANNA, greeting, "Nederlands")
    [reply] = await harness.send(ANNA, "/start intro_bestaat-niet")
    assert "staat niet (meer) op de kaart" in reply["text"]
    assert await _requests(harness) == []


async def test_an_entry_not_reachable_via_the_bot_says_so(harness: BotHarness) -> None:
    other = MAP[0]
    [reply] = await harness.send(NEW, f"/start {start_payload(other.id)}")
    assert f"{other.name} is nu niet via de bot bereikbaar" in reply["text"]
    assert await _nothing_stored_about(harness, NEW["id"])
    [greeting] = await harness.send(ANNA, "/start")
    await harness.press(ANNA, greeting, "Nederlands")
    [reply] = await harness.send(ANNA, f"/start {start_payload(other.id)}")
    assert f"{other.name} is nu niet via de bot bereikbaar" in reply["text"]
    assert await _requests(harness) == []


@pytest.mark.parametrize(
    "offer_id",
    ["buurtmaatjes", "a", "x" * 50, "x" * 51, "koffie-kwartier-" + "9" * 48, "Ünïcode id"],
)
def test_every_entry_id_gives_a_payload_telegram_and_the_buttons_take(offer_id: str) -> None:
    payload = start_payload(offer_id)
    assert INTRO_LINK.match(payload)
    assert 1 <= len(payload) <= 64
    assert len(f"lang:en:{payload}".encode()) <= 64
    assert linked_id(payload, ["other", offer_id]) == offer_id
    assert re.match(LANG_PATTERN, f"lang:en:{payload}")
