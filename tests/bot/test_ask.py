"""The ask journey in chat: cards, paging, details, "not what I was looking for", location."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.db.models import MissedQuestion
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user
from tests.sample_map import MAP

ANNA = user()


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The bot on a small, known social map."""
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=MAP) as bot_harness:
        yield bot_harness


async def test_a_question_gets_cards_with_reasons_contact_and_freshness(
    harness: BotHarness,
) -> None:
    [answer] = await harness.send(ANNA, "wie doet iets tegen eenzaamheid in de Indische Buurt?")
    text = answer["text"]
    assert text.index("1. Koffiekwartier") < text.index("2. ")
    assert "koffie@example.org" in text
    assert "bevestigd: september 2026" in text
    assert "Waarom:" in text
    buttons = labels(answer)
    assert buttons[:3] == ["🔎 1", "🔎 2", "🔎 3"]
    assert "Meer ▸" in buttons
    assert "Niet wat ik zocht" in buttons


async def test_more_pages_through_results_in_place(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "eenzaamheid Indische Buurt")
    assert await harness.press(ANNA, answer, "Meer ▸") == []
    page_two = harness.current(ANNA["id"], answer["message_id"])
    assert "4. " in page_two["text"]
    assert "◂ Terug" in labels(page_two)


async def test_details_show_the_full_card(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "eenzaamheid Indische Buurt")
    [details] = await harness.press(ANNA, answer, "🔎 1")
    assert details["text"].startswith("Koffiekwartier")
    assert "dinsdag 10:00-12:00" in details["text"]
    assert "Iedereen is welkom." in details["text"]


async def test_english_question_with_a_typo(harness: BotHarness) -> None:
    [answer] = await harness.send(user(1002, "en", "Sam"), "language cafe osdrop")
    assert "1. Taalcafé Osdorp" in answer["text"]
    assert answer["text"].startswith("This is what I found")


async def test_not_what_i_was_looking_for_keeps_the_question_without_a_person(
    harness: BotHarness,
) -> None:
    [answer] = await harness.send(ANNA, "schulden Dapperbuurt")
    [ask_word] = await harness.press(ANNA, answer, "Niet wat ik zocht")
    assert labels(ask_word) == ["Overslaan"]
    [thanks] = await harness.send(ANNA, "budgetcoach")
    assert thanks["text"].startswith("Dank je!")
    async with harness.services.db.transaction() as session:
        [missed] = (await session.scalars(select(MissedQuestion))).all()
    assert (missed.query, missed.missing) == ("schulden Dapperbuurt", "budgetcoach")
    [listing] = await harness.send(user(ADMIN_ID, name="Cor"), "/gemist")
    assert "schulden Dapperbuurt — miste: budgetcoach" in listing["text"]
    [refused] = await harness.send(ANNA, "/gemist")
    assert refused["text"].startswith("Sorry, /gemist is alleen voor de rol coördinator")


async def test_skip_keeps_the_question_without_a_word(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "schulden Dapperbuurt")
    [ask_word] = await harness.press(ANNA, answer, "Niet wat ik zocht")
    await harness.press(ANNA, ask_word, "Overslaan")
    [next_answer] = await harness.send(ANNA, "taal Osdorp")
    assert "Taalcafé Osdorp" in next_answer["text"]
    async with harness.services.db.transaction() as session:
        [missed] = (await session.scalars(select(MissedQuestion))).all()
    assert missed.missing is None


async def test_nonsense_gets_a_suggestion_of_how_to_ask(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "xqzv")
    assert answer["text"].startswith("Daarvoor vond ik niets")
    assert answer["reply_markup"] is None


async def test_ask_in_a_group_by_command_and_by_mention(harness: BotHarness) -> None:
    group = {"id": -2001, "type": "group", "title": "Wijktafel Oost"}
    [by_command] = await harness.send(ANNA, "/vraag taalcafé Osdorp", chat=group)
    assert "Taalcafé Osdorp" in by_command["text"]
    [by_mention] = await harness.send(ANNA, "@wijkwijzer_bot schulden oost", chat=group)
    assert "Geldmaatjes Oost" in by_mention["text"]
    assert await harness.send(ANNA, "schulden oost", chat=group) == []


async def test_buttons_of_another_chat_are_refused(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "eenzaamheid Indische Buurt")
    data = answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    other = user(1003, name="Mallory")
    [greeting] = await harness.send(other, "/start")
    # A modified client can send any callback data from a message in its own chat.
    replies = await harness.feed(
        {"user": other, "press": {"message_id": greeting["message_id"], "data": data}}
    )
    assert replies[-1]["text"].startswith("Deze vraag is verlopen")


async def test_a_shared_location_names_the_buurt_and_nearest_offers(harness: BotHarness) -> None:
    [answer] = await harness.feed(
        {"user": ANNA, "location": {"latitude": 52.3626, "longitude": 4.9384}}
    )
    assert "Indische Buurt" in answer["text"]
    assert "1. Koffiekwartier" in answer["text"]
    assert " m (± " in answer["text"]


async def test_inline_query_answers_with_articles(harness: BotHarness) -> None:
    await harness.feed({"user": ANNA, "inline_query": "eenzaamheid indische buurt"})
    answers = harness.core.inline_answers(ANNA["id"])
    assert answers["results"][0]["title"] == "Koffiekwartier"
    await harness.feed({"user": ANNA, "inline_query": ""})
    assert harness.core.inline_answers(ANNA["id"])["results"] == []
