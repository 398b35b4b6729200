"""The /start journey: greeting, language (consent) and what the user mostly does."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import SignupDraft, User, UserRole
from tests.harness import BotHarness, labels, user


async def test_start_greets_in_dutch_and_offers_languages(harness: BotHarness) -> None:
    anna = user(language=None)
    [greeting] = await harness.send(anna, "/start")
    assert greeting["text"].startswith("Hoi Anna!")
    assert labels(greeting) == ["Nederlands", "English"]


async def test_telegram_language_is_used_before_a_choice(harness: BotHarness) -> None:
    [greeting] = await harness.send(user(language="en-GB", name="Sam"), "/start")
    assert greeting["text"].startswith("Hi Sam!")


async def test_nothing_is_stored_before_a_language_is_chosen(harness: BotHarness) -> None:
    await harness.send(user(), "/start")
    await harness.send(user(), "/help")
    async with harness.services.db.transaction() as session:
        assert (await session.scalars(select(User))).all() == []


async def test_choosing_english_stores_consent_and_asks_the_focus(harness: BotHarness) -> None:
    anna = user()
    [greeting] = await harness.send(anna, "/start")
    [question] = await harness.press(anna, greeting, "English")
    assert harness.current(anna["id"], greeting["message_id"])["text"] == (
        "From now on I'll speak English with you."
    )
    assert question["text"] == "What do you mostly do?"
    assert len(labels(question)) == 3
    async with harness.services.db.transaction() as session:
        row = await session.get(User, anna["id"])
    assert row is not None
    assert row.language == "en"
    assert row.consent_at == harness.clock()


async def test_help_after_english_shows_professional_commands(harness: BotHarness) -> None:
    anna = user()
    [greeting] = await harness.send(anna, "/start")
    await harness.press(anna, greeting, "English")
    [help_message] = await harness.send(anna, "/help")
    text = help_message["text"]
    assert "Your role: professional" in text
    assert "/language" in text
    assert "/mydata" in text
    assert "/role" not in text


async def test_signing_up_an_initiative_makes_a_volunteer(harness: BotHarness) -> None:
    anna = user()
    [greeting] = await harness.send(anna, "/start")
    [question] = await harness.press(anna, greeting, "Nederlands")
    await harness.press(anna, question, "Ik wil mijn initiatief aanmelden")
    async with harness.services.db.transaction() as session:
        roles = (await session.scalars(select(UserRole.role))).all()
    assert roles == ["volunteer"]
    [help_message] = await harness.send(anna, "/help")
    assert "Jouw rol: professional, vrijwilliger" in help_message["text"]


async def test_the_signup_button_starts_the_signup_at_once(harness: BotHarness) -> None:
    anna = user()
    [greeting] = await harness.send(anna, "/start")
    [question] = await harness.press(anna, greeting, "Nederlands")
    sent = await harness.press(anna, question, "Ik wil mijn initiatief aanmelden")
    assert harness.current(anna["id"], question["message_id"])["text"].startswith("Fijn dat je")
    assert sent[-1]["text"].startswith("Leuk dat je je initiatief wilt aanmelden!")
    async with harness.services.db.transaction() as session:
        draft = await session.get(SignupDraft, anna["id"])
    assert draft is not None
    assert draft.step == "name"
    # The next typed message is the name of the initiative, not a question for the map.
    await harness.send(anna, "Buurtkamer De Linde")
    async with harness.services.db.transaction() as session:
        draft = await session.get(SignupDraft, anna["id"])
    assert draft is not None
    assert draft.data["name"] == "Buurtkamer De Linde"


async def test_wanting_to_coordinate_explains_how_to_get_the_role(harness: BotHarness) -> None:
    anna = user()
    [greeting] = await harness.send(anna, "/start")
    [question] = await harness.press(anna, greeting, "Nederlands")
    await harness.press(anna, question, "Ik coördineer een wijktafel of netwerk")
    text = harness.current(anna["id"], question["message_id"])["text"]
    assert "/rol 1001 coördinator" in text


async def test_start_in_a_group_points_to_the_private_chat(harness: BotHarness) -> None:
    group = {"id": -2001, "type": "group", "title": "Wijktafel Oost"}
    [reply] = await harness.send(user(), "/start", chat=group)
    assert "privégesprek" in reply["text"]
    assert reply["reply_markup"]["inline_keyboard"][0][0]["url"].startswith("https://t.me/")


async def test_language_command_switches_back_and_forth(harness: BotHarness) -> None:
    anna = user()
    [ask] = await harness.send(anna, "/taal")
    await harness.press(anna, ask, "English")
    [ask_again] = await harness.send(anna, "/language")
    assert ask_again["text"] == "Which language would you like to use?"
    await harness.press(anna, ask_again, "Nederlands")
    [help_message] = await harness.send(anna, "/help")
    assert help_message["text"].startswith("Wat ik voor je kan doen")
