"""Asking as a conversation: small talk, asking back, unknown places, careful suggestions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import AskedQuestion
from tests.clock import FakeClock
from tests.harness import BotHarness, labels, user

ANNA = user()
SAM = user(1002, "en", "Sam")
NOTHING = "Daarvoor vond ik niets"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("hallo", "Hallo Anna! 👋"),
        ("Hoi!", "Hallo Anna! 👋"),
        ("bedankt!", "Graag gedaan!"),
        ("dank je wel", "Graag gedaan!"),
        ("help", "Zo vraag je het"),
        ("?", "Zo vraag je het"),
        ("wat kun je?", "Zo vraag je het"),
        ("👍🙂", "🙂 Zeg het maar"),
    ],
)
async def test_small_talk_gets_a_reply_in_kind(harness: BotHarness, text: str, start: str) -> None:
    [reply] = await harness.send(ANNA, text)
    assert reply["text"].startswith(start)
    assert NOTHING not in reply["text"]


async def test_help_is_a_short_how_to_with_examples_in_the_users_language(
    harness: BotHarness,
) -> None:
    [dutch] = await harness.send(ANNA, "help")
    assert "taalles Noord" in dutch["text"]
    assert dutch["text"].count("• ") == 3
    [english] = await harness.send(SAM, "help")
    assert english["text"].startswith("How to ask")
    assert "language lessons Noord" in english["text"]
    [hello] = await harness.send(SAM, "hello")
    assert hello["text"].startswith("Hello Sam!")
    [thanks] = await harness.send(SAM, "thanks")
    assert thanks["text"].startswith("You're welcome")


async def test_a_greeting_with_a_question_is_a_question(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "hallo, taalles in Osdorp?")
    assert "OBA Osdorp" in answer["text"]


async def test_a_topic_alone_asks_for_the_area_and_a_button_answers(harness: BotHarness) -> None:
    [asked] = await harness.send(ANNA, "taalles")
    assert asked["text"].startswith("In welk gebied zoek je taalles?")
    assert labels(asked) == ["heel Amsterdam"]
    [answer] = await harness.press(ANNA, asked, "heel Amsterdam")
    assert answer["text"].startswith("Dit vond ik voor taal · Amsterdam")
    assert "🔎 1" in labels(answer)


async def test_the_last_area_is_offered_and_a_typed_area_completes_the_question(
    harness: BotHarness,
) -> None:
    await harness.send(ANNA, "schulden Osdorp")
    [asked] = await harness.send(ANNA, "statushouders")
    assert labels(asked) == ["Osdorp", "heel Amsterdam"]
    [answer] = await harness.send(ANNA, "Noord")
    assert answer["text"].startswith("Dit vond ik voor nieuwkomers")
    assert "· Noord" in answer["text"].split("\n")[0]
    async with harness.services.db.transaction() as session:
        waiting = await session.scalars(
            select(AskedQuestion).where(AskedQuestion.followup_since.is_not(None))
        )
        assert waiting.all() == []
    # The buttons of the question asked back still work afterwards.
    [other] = await harness.press(ANNA, asked, "Osdorp")
    assert "· Osdorp" in other["text"].split("\n")[0]


async def test_an_area_alone_offers_the_six_most_common_themes(harness: BotHarness) -> None:
    [asked] = await harness.send(ANNA, "Noord")
    assert asked["text"].startswith("Wat zoek je in Noord?")
    themes = labels(asked)
    assert len(themes) == 6
    assert themes[0] == "ontmoeting"
    [answer] = await harness.press(ANNA, asked, "dagbesteding")
    assert answer["text"].startswith("Dit vond ik voor dagbesteding · Noord")
    [asked_again] = await harness.send(ANNA, "Indische Buurt")
    [typed] = await harness.send(ANNA, "eenzaamheid")
    assert typed["text"].startswith("Dit vond ik voor eenzaamheid · Indische Buurt")
    assert labels(asked_again)


async def test_english_users_are_asked_back_in_english(harness: BotHarness) -> None:
    [asked] = await harness.send(SAM, "language lessons")
    assert asked["text"].startswith("In which area are you looking for language lessons?")
    assert labels(asked) == ["all of Amsterdam"]
    [themes] = await harness.send(SAM, "Noord")
    assert themes["text"].startswith("This is what I found for language · Noord")


async def test_a_new_question_closes_the_question_asked_back(harness: BotHarness) -> None:
    await harness.send(ANNA, "taalles")
    [other] = await harness.send(ANNA, "schulden Oost")
    assert other["text"].startswith("Dit vond ik voor schulden · Oost")
    [asked] = await harness.send(ANNA, "Noord")
    assert asked["text"].startswith("Wat zoek je in Noord?")


async def test_the_question_asked_back_waits_in_the_database(
    harness: BotHarness, clock: FakeClock
) -> None:
    await harness.send(ANNA, "taalles")
    # A second application on the same database, as a second web process would be.
    async with BotHarness.started(harness.services.db.url, clock, set()) as other:
        [answer] = await other.send(ANNA, "Osdorp")
    assert answer["text"].startswith("Dit vond ik voor taal · Osdorp")
    await harness.send(ANNA, "taalles")
    clock.advance(minutes=31)
    [later] = await harness.send(ANNA, "Osdorp")
    assert later["text"].startswith("Wat zoek je in Osdorp?")


async def test_a_button_of_another_chat_or_a_stale_option_is_refused(harness: BotHarness) -> None:
    [asked] = await harness.send(ANNA, "taalles")
    data = asked["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    mallory = user(1003, name="Mallory")
    [greeting] = await harness.send(mallory, "/start")
    replies = await harness.feed(
        {"user": mallory, "press": {"message_id": greeting["message_id"], "data": data}}
    )
    assert replies[-1]["text"].startswith("Deze vraag is verlopen")
    forged = data.rsplit(":", 1)[0] + ":7"
    replies = await harness.feed(
        {"user": ANNA, "press": {"message_id": asked["message_id"], "data": forged}}
    )
    assert replies[-1]["text"].startswith("Deze vraag is verlopen")


async def test_an_unknown_place_is_named_and_the_rest_answered(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "eenzaamheid in Utrecht")
    first, rest = answer["text"].split("\n\n", 1)
    assert (
        first == "Utrecht ken ik niet; Wijkwijzer kent Amsterdam (buurt, wijk, gebied, stadsdeel)."
    )
    assert rest.startswith("Dit vond ik voor eenzaamheid:")
    assert "Utrechtsebuurt" not in answer["text"]
    assert "🔎 1" in labels(answer)
    [english] = await harness.send(SAM, "language cafe near Haarlem")
    assert english["text"].startswith("I don't know Haarlem; Wijkwijzer knows Amsterdam")
    assert "Haarlemmerbuurt" not in english["text"]


async def test_amsterdam_names_and_their_typos_are_not_unknown_places(
    harness: BotHarness,
) -> None:
    [typo] = await harness.send(ANNA, "taalles in Osdrop")
    assert "ken ik niet" not in typo["text"]
    assert "OBA Osdorp" in typo["text"]
    [named] = await harness.send(ANNA, "schulden in De Pijp")
    assert "ken ik niet" not in named["text"]


async def test_no_wild_did_you_mean(harness: BotHarness) -> None:
    for text in ("xyzzy", "wat is de beste pizza in de pijp"):
        [answer] = await harness.send(ANNA, text)
        assert answer["text"].startswith(NOTHING)
        assert "Bedoel je" not in answer["text"]


async def test_an_unknown_place_as_the_answer_to_in_welk_gebied_is_named(
    harness: BotHarness,
) -> None:
    await harness.send(ANNA, "taalles")
    [again] = await harness.send(ANNA, "Utrecht")
    assert again["text"].startswith("Utrecht ken ik niet; Wijkwijzer kent Amsterdam")
    assert "In welk gebied zoek je taalles?" in again["text"]
    assert labels(again) == ["heel Amsterdam"]
    [answer] = await harness.send(ANNA, "Osdorp")
    assert answer["text"].startswith("Dit vond ik voor taal · Osdorp")
