"""Places in chat, on the bundled map: kinds of place, and a location narrowed by a topic."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from sqlalchemy import select

from bot.core.context import BotContext
from bot.db.models import AskedQuestion, SharedPlace
from bot.rooms import purge_expired
from tests.clock import FakeClock
from tests.harness import BotHarness, labels, user

ANNA = user(1001)
# The OBA Javaplein's coordinates (content/places): in the Indische Buurt-West.
JAVAPLEIN = {"latitude": 52.36415, "longitude": 4.94208}


async def test_a_kind_of_place_with_none_in_the_area_gets_the_closest(
    harness: BotHarness,
) -> None:
    [answer] = await harness.send(ANNA, "buurtteam indische buurt")
    text = answer["text"]
    assert text.index("1. Buurtteam Oud-oost") < text.index("2. Buurtteam Watergraafsmeer")
    assert "In Indische Buurt zelf vond ik niets" in text
    assert "deze is het dichtstbij (1,1 km vanaf het midden)" in text
    # a place is reached at its address: shown as such, not as a phone number
    assert "🏠 Wijttenbachstraat 36-2-2, 1093JC Amsterdam" in text
    assert "☎️" not in text


async def test_a_location_then_a_topic_narrows_to_that_topic_nearby(
    harness: BotHarness,
) -> None:
    [located] = await harness.feed({"user": ANNA, "location": JAVAPLEIN})
    assert "Indische Buurt" in located["text"]
    assert "🚶" in located["text"]
    assert "Typ een onderwerp" in located["text"]

    [narrowed] = await harness.send(ANNA, "eenzaamheid")
    text = narrowed["text"]
    assert text.startswith("Dichtbij de plek die je deelde, voor eenzaamheid:")
    assert "1. " in text
    assert "🚶" in text
    assert "thema eenzaamheid" in text
    # a question that names an area is about that area, as always
    [elsewhere] = await harness.send(ANNA, "eenzaamheid Osdorp")
    assert "Dichtbij de plek" not in elsewhere["text"]
    assert "Osdorp" in elsewhere["text"]
    # after half an hour the place is forgotten
    harness.clock.advance(minutes=31)
    [plain] = await harness.send(ANNA, "eenzaamheid")
    assert "Dichtbij de plek" not in plain["text"]


async def test_distance_orders_equally_good_fits(harness: BotHarness) -> None:
    await harness.feed({"user": ANNA, "location": JAVAPLEIN})
    [answer] = await harness.send(ANNA, "bibliotheek")
    assert answer["text"].splitlines()[2] == "1. OBA Javaplein — Bibliotheek"


async def test_forget_drops_the_shared_location(harness: BotHarness) -> None:
    [greeting] = await harness.send(ANNA, "/start")
    await harness.press(ANNA, greeting, "Nederlands")
    await harness.feed({"user": ANNA, "location": JAVAPLEIN})
    [confirm] = await harness.send(ANNA, "/vergeetmij")
    await harness.press(ANNA, confirm, "Ja, wis alles")
    [plain] = await harness.send(ANNA, "eenzaamheid")
    assert "Dichtbij de plek" not in plain["text"]


async def test_another_web_process_answers_around_the_shared_place(
    harness: BotHarness, clock: FakeClock
) -> None:
    await harness.feed({"user": ANNA, "location": JAVAPLEIN})
    # A second application on the same database, as a second web process would be.
    async with BotHarness.started(harness.services.db.url, clock, set()) as other:
        [narrowed] = await other.send(ANNA, "eenzaamheid")
    assert narrowed["text"].startswith("Dichtbij de plek die je deelde, voor eenzaamheid:")


async def test_the_place_is_kept_rounded_shown_in_mydata_and_cleaned_up(
    harness: BotHarness,
) -> None:
    [greeting] = await harness.send(ANNA, "/start")
    await harness.press(ANNA, greeting, "Nederlands")
    await harness.feed({"user": ANNA, "location": JAVAPLEIN})
    async with harness.services.db.transaction() as session:
        place = await session.get(SharedPlace, ANNA["id"])
        assert place is not None
        assert (place.latitude, place.longitude) == (52.364, 4.942)
    [mydata] = await harness.send(ANNA, "/mijngegevens")
    assert "Een plek die je deelde" in mydata["text"]
    harness.clock.advance(minutes=31)
    await purge_expired(cast(BotContext, SimpleNamespace(services=harness.services)))
    async with harness.services.db.transaction() as session:
        assert await session.get(SharedPlace, ANNA["id"]) is None


async def test_a_location_answer_shows_kinds_and_the_usual_buttons(harness: BotHarness) -> None:
    [located] = await harness.feed({"user": ANNA, "location": JAVAPLEIN})
    assert located["text"].startswith("Je bent in Makassarpleinbuurt (Indische Buurt-Oost).")
    # every entry names its kind (the list is made from the place as kept, ~100 m rounded)
    assert "1. Archipel — Buurtkamer\n🚶" in located["text"]
    assert "OBA Javaplein — Bibliotheek" in located["text"]
    buttons = labels(located)
    assert buttons[:5] == ["🔎 1", "🔎 2", "🔎 3", "🔎 4", "🔎 5"]
    assert "Meer ▸" in buttons
    assert "Niet wat ik zocht" in buttons
    [details] = await harness.press(ANNA, located, "🔎 1")
    assert details["text"].startswith("Archipel")
    assert await harness.press(ANNA, located, "Meer ▸") == []
    page_two = harness.current(ANNA["id"], located["message_id"])
    assert "6. " in page_two["text"]
    assert "◂ Terug" in labels(page_two)
    [which] = await harness.press(ANNA, located, "Niet wat ik zocht")
    assert labels(which) == ["Overslaan"]
    # The stored answer names no place: the place is kept rounded, for half an hour only.
    async with harness.services.db.transaction() as session:
        [question] = (await session.scalars(select(AskedQuestion))).all()
    assert (question.query, question.mode) == ("📍", "place")


async def test_a_topic_around_the_place_has_the_buttons_too_in_english(
    harness: BotHarness,
) -> None:
    sam = user(1002, "en", "Sam")
    await harness.feed({"user": sam, "location": JAVAPLEIN})
    [answer] = await harness.send(sam, "library")
    assert answer["text"].splitlines()[2] == "1. OBA Javaplein — Library"
    assert "🔎 1" in labels(answer)
    [details] = await harness.press(sam, answer, "🔎 1")
    assert details["text"].startswith("OBA Javaplein")


async def test_a_location_answers_the_question_in_welk_gebied(harness: BotHarness) -> None:
    [asked] = await harness.send(ANNA, "bibliotheek")
    assert asked["text"].startswith("In welk gebied")
    [answer] = await harness.feed({"user": ANNA, "location": JAVAPLEIN})
    assert answer["text"].startswith("Dichtbij de plek die je deelde, voor bibliotheek:")
    assert "1. OBA Javaplein — Bibliotheek" in answer["text"]
