"""Odd input, failing handlers and blocked users never crash the bot."""

from __future__ import annotations

import logging

import pytest
from telegram import Update
from telegram.ext import CommandHandler

from bot.core.context import BotContext
from tests.harness import BotHarness, user


async def test_unknown_command_and_nonsense_get_a_hint(harness: BotHarness) -> None:
    [command] = await harness.send(user(), "/weerbericht")
    assert "/help" in command["text"]
    [text] = await harness.send(user(), "x" * 4096)
    assert text["text"].startswith("Daarvoor vond ik niets op de sociale kaart.")
    assert "taalcafé Osdorp" in text["text"]


async def test_odd_text_never_crashes(harness: BotHarness) -> None:
    for text in ["\u200b", "/start@wijkwijzer_bot extra words", "🙂" * 500, "<b>hi</b>", "{x}"]:
        replies = await harness.send(user(), text)
        assert replies
        assert all("Oeps" not in r["text"] for r in replies)


async def test_a_failing_handler_apologises_and_logs(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(_update: Update, _context: BotContext) -> None:
        raise RuntimeError("boom")

    harness.application.add_handler(CommandHandler("kapot", broken), group=-5)
    with caplog.at_level(logging.ERROR):
        replies = await harness.send(user(language="en"), "/kapot")
    assert replies[0]["text"].startswith("Oops, something went wrong")
    assert "boom" in caplog.text
    assert "/kapot" not in caplog.text  # what people typed stays out of the logs


async def test_a_user_who_blocked_the_bot_does_not_crash_it(harness: BotHarness) -> None:
    harness.core.block(1001)
    assert await harness.send(user(), "/help") == []


async def test_unexpected_update_types_are_ignored(harness: BotHarness) -> None:
    anna = user()
    await harness.send(anna, "/help")
    before = len(harness.core.messages(anna["id"], 0))
    # A user blocking the bot arrives as my_chat_member in the private chat: nothing to say.
    assert await harness.feed({"user": anna, "my_chat_member": "kicked"}) == []
    assert len(harness.core.messages(anna["id"], 0)) == before


async def test_pressing_a_button_after_forgetting_asks_to_start(harness: BotHarness) -> None:
    anna = user()
    [greeting] = await harness.send(anna, "/start")
    [question] = await harness.press(anna, greeting, "Nederlands")
    [confirm] = await harness.send(anna, "/vergeetmij")
    await harness.press(anna, confirm, "Ja, wis alles")
    [reply] = await harness.press(anna, question, "Ik wil mijn initiatief aanmelden")
    assert reply["text"] == "Kies eerst je taal met /start."
