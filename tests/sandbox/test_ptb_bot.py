"""A real `telegram.Bot` works against the sandbox, in-process and over HTTP alike."""

from __future__ import annotations

import asyncio

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    ChatFullInfo,
    ChatMemberAdministrator,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatMemberStatus, MessageEntityType
from telegram.error import BadRequest, Forbidden, RetryAfter

from sandbox import SandboxCore
from tests.sandbox.support import ANNA, BERT, GROUP, PNG, start

MARKUP = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Ja", callback_data="yes"),
            InlineKeyboardButton("Nee", callback_data="no"),
        ]
    ]
)


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (
        123,
        True,
        "wijkwijzer_bot",
        "Wijkwijzer",
    )


async def test_send_and_edit_a_message_with_a_keyboard(bot: Bot, core: SandboxCore) -> None:
    start(core)
    sent = await bot.send_message(1001, "Kies <b>maar</b>", parse_mode="HTML", reply_markup=MARKUP)
    assert sent.text == "Kies maar"
    assert sent.entities[0].type == MessageEntityType.BOLD
    assert sent.reply_markup == MARKUP
    assert sent.from_user is not None
    assert sent.from_user.is_bot
    assert sent.chat.first_name == "Anna"
    edited = await bot.edit_message_text(
        "Gekozen", chat_id=1001, message_id=sent.message_id, reply_markup=MARKUP
    )
    assert isinstance(edited, type(sent))
    assert edited.text == "Gekozen"
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "Gekozen", chat_id=1001, message_id=sent.message_id, reply_markup=MARKUP
        )
    bare = await bot.edit_message_reply_markup(chat_id=1001, message_id=sent.message_id)
    assert not isinstance(bare, bool)
    assert bare.reply_markup is None
    assert core.messages(1001)[-1]["edited"] is True


async def test_documents_photos_and_files(bot: Bot, core: SandboxCore) -> None:
    start(core)
    content = b"rapport\r\n\x00\xff"
    sent = await bot.send_document(1001, content, filename="rapport-é.pdf", caption="Het rapport")
    document = sent.document
    assert document is not None
    assert (document.file_name, document.mime_type, document.file_size) == (
        "rapport-é.pdf",
        "application/pdf",
        len(content),
    )
    assert sent.caption == "Het rapport"
    assert core.file_bytes(document.file_id) == content
    downloaded = await (await bot.get_file(document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content
    photo = await bot.send_photo(1001, PNG)
    assert [(p.width, p.height) for p in photo.photo] == [(3, 2)]
    again = await bot.send_document(1001, document.file_id)
    assert again.document is not None
    assert again.document.file_id == document.file_id


async def test_location_and_chat_info(bot: Bot, core: SandboxCore) -> None:
    start(core)
    sent = await bot.send_location(1001, latitude=52.3676, longitude=4.9041)
    assert sent.location is not None
    assert sent.location.latitude == pytest.approx(52.3676)
    chat = await bot.get_chat(1001)
    assert isinstance(chat, ChatFullInfo)
    assert (chat.id, chat.type, chat.first_name) == (1001, "private", "Anna")
    assert await bot.send_chat_action(1001, "typing") is True


async def test_polls_and_stopping_them(bot: Bot, core: SandboxCore) -> None:
    start(core)
    sent = await bot.send_poll(1001, "Wanneer?", ["Maandag", "Dinsdag"], is_anonymous=False)
    assert sent.poll is not None
    core.inject({"user": ANNA, "poll_answer": {"poll_id": sent.poll.id, "option_ids": [0]}})
    stopped = await bot.stop_poll(1001, sent.message_id)
    assert stopped.is_closed
    assert [o.voter_count for o in stopped.options] == [1, 0]
    assert stopped.total_voter_count == 1


async def test_commands_for_a_chat_and_language(bot: Bot, core: SandboxCore) -> None:
    start(core)
    commands = [BotCommand("start", "Begin"), BotCommand("help", "Hulp")]
    scope = BotCommandScopeChat(1001)
    assert await bot.set_my_commands(commands, scope=scope, language_code="nl")
    assert core.commands("chat", 1001, "nl") == [
        {"command": "start", "description": "Begin"},
        {"command": "help", "description": "Hulp"},
    ]
    assert await bot.get_my_commands(scope=scope, language_code="nl") == tuple(commands)
    assert await bot.delete_my_commands(scope=scope, language_code="nl")
    assert core.commands("chat", 1001, "nl") == []


async def test_chat_administrators_parse_as_ptb_classes(bot: Bot, core: SandboxCore) -> None:
    core.inject({"user": ANNA, "chat": GROUP, "text": "hoi", "member_status": "creator"})
    core.inject({"user": BERT, "chat": GROUP, "text": "hoi", "member_status": "administrator"})
    admins = await bot.get_chat_administrators(-2001)
    assert [type(a) for a in admins] == [ChatMemberOwner, ChatMemberAdministrator]
    member = await bot.get_chat_member(-2001, 123)
    assert member.status == ChatMemberStatus.MEMBER


async def test_callback_queries_from_presses(bot: Bot, core: SandboxCore) -> None:
    start(core)
    sent = await bot.send_message(1001, "Kies", reply_markup=MARKUP)
    core.inject({"user": ANNA, "press": {"message_id": sent.message_id, "button": "Nee"}})
    updates = await bot.get_updates(offset=2, timeout=1)
    query = updates[0].callback_query
    assert query is not None
    assert query.data == "no"
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    assert query.chat_instance
    assert await query.answer("Genoteerd")
    assert core.callback_answers(1001)[0]["text"] == "Genoteerd"


async def test_inline_queries_answered_with_articles(bot: Bot, core: SandboxCore) -> None:
    core.inject({"user": ANNA, "inline_query": "koffie"})
    inline_query = (await bot.get_updates(timeout=1))[0].inline_query
    assert inline_query is not None
    assert inline_query.query == "koffie"
    article = InlineQueryResultArticle("k1", "Koffiekwartier", InputTextMessageContent("Koffie!"))
    assert await inline_query.answer([article], cache_time=0)
    answer = core.inline_answers(1001)
    assert answer["results"][0]["id"] == "k1"
    assert answer["results"][0]["input_message_content"] == {"message_text": "Koffie!"}


async def test_every_kind_of_injected_update_parses(bot: Bot, core: SandboxCore) -> None:
    start(core)
    poll = await bot.send_poll(1001, "?", ["a", "b"], is_anonymous=False)
    sent = await bot.send_message(1001, "Kies", reply_markup=MARKUP)
    assert poll.poll is not None
    core.inject({"user": ANNA, "press": {"message_id": sent.message_id, "data": "yes"}})
    core.inject({"user": ANNA, "chat": GROUP, "my_chat_member": "member"})
    core.inject({"user": ANNA, "poll_answer": {"poll_id": poll.poll.id, "option_ids": [1]}})
    core.inject({"user": ANNA, "inline_query": "zorg"})
    core.inject({"user": ANNA, "location": {"latitude": 52.36, "longitude": 4.93}})
    updates = await bot.get_updates(timeout=1)
    assert [type(u) for u in updates] == [Update] * 6
    command, press, joined, answer, inline, location = updates
    assert command.message is not None
    assert command.message.text == "/start"
    assert command.message.entities[0].type == MessageEntityType.BOT_COMMAND
    assert press.callback_query is not None
    assert press.callback_query.data == "yes"
    assert joined.my_chat_member is not None
    assert joined.my_chat_member.new_chat_member.status == ChatMemberStatus.MEMBER
    assert joined.my_chat_member.chat.title == "Wijktafel"
    assert answer.poll_answer is not None
    assert answer.poll_answer.option_ids == (1,)
    assert answer.poll_answer.user is not None
    assert answer.poll_answer.user.id == 1001
    assert inline.inline_query is not None
    assert inline.inline_query.query == "zorg"
    assert location.message is not None
    assert location.message.location is not None
    assert [u.update_id for u in await bot.get_updates(offset=updates[-1].update_id + 1)] == []


async def test_long_polling_returns_as_soon_as_a_user_writes(bot: Bot, core: SandboxCore) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.05, core.inject, {"user": ANNA, "text": "hallo"})
    started = loop.time()
    updates = await bot.get_updates(timeout=5)
    assert updates[0].message is not None
    assert updates[0].message.text == "hallo"
    assert loop.time() - started < 2


# PTB itself reads the deprecated int `retry_after` to word the RetryAfter message.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_and_blocking_raise_ptb_errors(bot: Bot, core: SandboxCore) -> None:
    start(core)
    core.add_fault("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(1001, "x")
    core.block(1001)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1001, "x")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(4242, "x")
    start(core, BERT)
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(1002, "Tot ziens.", parse_mode="MarkdownV2")
