"""The core, bot side: sending, editing, members, commands, faults, calls and reset."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import SandboxCore, SandboxError
from sandbox.errors import DroppedConnection
from tests.sandbox.support import ANNA, BERT, GROUP, KEYBOARD, NOW, api, error, ok, start


async def test_messages_show_the_bot_side_in_order_without_deleted_ones(core: SandboxCore) -> None:
    start(core)
    first = await ok(core, "sendMessage", chat_id=1001, text="een", reply_markup=KEYBOARD)
    second = await ok(core, "sendLocation", chat_id=1001, latitude=52.36, longitude=4.93)
    third = await ok(core, "sendMessage", chat_id=1001, text="drie")
    await ok(core, "editMessageText", chat_id=1001, message_id=first["message_id"], text="één")
    assert await ok(core, "deleteMessage", chat_id=1001, message_id=third["message_id"]) is True
    listed = core.messages(1001)
    assert [m["message_id"] for m in listed] == [2, 3]
    assert listed[0] == {
        "message_id": 2,
        "date": NOW,
        "text": "één",
        "reply_markup": None,
        "document": None,
        "photo": None,
        "poll": None,
        "location": None,
        "edited": True,
    }
    assert listed[1]["location"] == {"latitude": 52.36, "longitude": 4.93}
    assert core.messages(1001, after=second["message_id"]) == []
    assert core.messages(4242) == []


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"chat_id": 1001, "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": 1001, "text": "  \n"}, "Bad Request: message text is empty"),
        ({"chat_id": 1001}, "Bad Request: message text is empty"),
        ({"chat_id": 1001, "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": 4242, "text": "hoi"}, "Bad Request: chat not found"),
        ({"chat_id": "@nobody", "text": "hoi"}, "Bad Request: chat not found"),
        (
            {
                "chat_id": 1001,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"chat_id": 1001, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"chat_id": 1001, "text": "<b>x", "parse_mode": "HTML"},
            "Bad Request: can't parse entities",
        ),
        (
            {"chat_id": 1001, "text": "x", "reply_parameters": {"message_id": 99}},
            "Bad Request: message to be replied not found",
        ),
    ],
)
async def test_send_message_is_checked_like_telegram(
    core: SandboxCore, params: dict[str, Any], description: str
) -> None:
    start(core)
    status, text = await error(core, "sendMessage", **params)
    assert status == 400
    assert text.startswith(description)


async def test_limits_at_the_edge_pass(core: SandboxCore) -> None:
    start(core)
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 64}]]}
    sent = await ok(core, "sendMessage", chat_id=1001, text="x" * 4096, reply_markup=markup)
    assert sent["reply_markup"] == markup
    replied = await ok(
        core, "sendMessage", chat_id=1001, text="ja", reply_parameters={"message_id": 1}
    )
    assert replied["reply_to_message"]["text"] == "/start"


async def test_tokens_methods_and_case(core: SandboxCore) -> None:
    assert await core.call("not-a-token", "getMe", {}, {}) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    me = await ok(core, "GETME")
    assert me["id"] == 123
    assert me["is_bot"] is True
    status, text = await error(core, "sendSticker", chat_id=1)
    assert (status, text) == (400, "Bad Request: method not supported: sendSticker")


async def test_an_edit_that_changes_nothing_is_refused(core: SandboxCore) -> None:
    start(core)
    sent = await ok(core, "sendMessage", chat_id=1001, text="Kies", reply_markup=KEYBOARD)
    target = {"chat_id": 1001, "message_id": sent["message_id"]}
    status, text = await error(
        core, "editMessageText", **target, text="Kies", reply_markup=KEYBOARD
    )
    assert status == 400
    assert text.startswith("Bad Request: message is not modified: ")
    edited = await ok(
        core,
        "editMessageText",
        **target,
        text="<b>Kies</b>",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    assert edited["edit_date"] == NOW
    assert edited["entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    # Without reply_markup Telegram removes the inline keyboard.
    bare = await ok(core, "editMessageText", **target, text="Gekozen")
    assert "reply_markup" not in bare
    _, text = await error(core, "editMessageReplyMarkup", **target)
    assert text.startswith("Bad Request: message is not modified")
    assert (await ok(core, "editMessageReplyMarkup", **target, reply_markup=KEYBOARD))[
        "reply_markup"
    ] == KEYBOARD
    assert (await error(core, "editMessageText", chat_id=1001, message_id=1, text="x"))[1] == (
        "Bad Request: message can't be edited"
    )
    assert (await error(core, "editMessageText", chat_id=1001, message_id=77, text="x"))[1] == (
        "Bad Request: message to edit not found"
    )
    assert (await error(core, "deleteMessage", chat_id=1001, message_id=77))[1] == (
        "Bad Request: message to delete not found"
    )


async def test_blocking_gives_403_until_the_user_comes_back(core: SandboxCore) -> None:
    start(core)
    core.block(1001)
    status, text = await error(core, "sendMessage", chat_id=1001, text="hoi")
    assert (status, text) == (403, "Forbidden: bot was blocked by the user")
    core.unblock(1001)
    await ok(core, "sendMessage", chat_id=1001, text="hoi")
    update = core.inject({"user": ANNA, "my_chat_member": "kicked"})
    member_update = update["my_chat_member"]
    assert member_update["old_chat_member"]["status"] == "member"
    assert member_update["new_chat_member"] == {
        "status": "kicked",
        "user": {
            "id": 123,
            "is_bot": True,
            "first_name": "Wijkwijzer",
            "username": "wijkwijzer_bot",
        },
        "until_date": 0,
    }
    assert (await error(core, "sendChatAction", chat_id=1001, action="typing"))[0] == 403
    core.inject({"user": ANNA, "my_chat_member": "member"})
    assert await ok(core, "sendChatAction", chat_id=1001, action="typing") is True


async def test_a_bot_removed_from_a_group_cannot_write_there(core: SandboxCore) -> None:
    added = core.inject({"user": ANNA, "chat": GROUP, "my_chat_member": "member"})
    assert added["my_chat_member"]["old_chat_member"]["status"] == "left"
    await ok(core, "sendMessage", chat_id=-2001, text="Hallo groep")
    core.inject({"user": ANNA, "chat": GROUP, "my_chat_member": "kicked"})
    assert (await error(core, "sendMessage", chat_id=-2001, text="x")) == (
        403,
        "Forbidden: bot was kicked from the group chat",
    )


async def test_members_and_administrators(core: SandboxCore) -> None:
    core.inject({"user": ANNA, "chat": GROUP, "text": "hoi", "member_status": "creator"})
    core.inject({"user": BERT, "chat": GROUP, "text": "hoi", "member_status": "administrator"})
    core.inject({"user": {"id": 1003, "first_name": "Cas"}, "chat": GROUP, "text": "hoi"})
    core.inject({"user": ANNA, "chat": GROUP, "my_chat_member": "administrator"})
    admins = await ok(core, "getChatAdministrators", chat_id=-2001)
    assert [(a["user"]["id"], a["status"]) for a in admins] == [
        (1001, "creator"),
        (1002, "administrator"),
        (123, "administrator"),
    ]
    assert admins[0]["is_anonymous"] is False
    assert admins[1]["can_be_edited"] is False
    assert (await ok(core, "getChatMember", chat_id=-2001, user_id=1003))["status"] == "member"
    start(core, {"id": 1004, "first_name": "Dirk"})
    assert (await ok(core, "getChatMember", chat_id=-2001, user_id=1004))["status"] == "left"
    assert (await error(core, "getChatMember", chat_id=-2001, user_id=5555))[1] == (
        "Bad Request: user not found"
    )
    assert (await error(core, "getChatAdministrators", chat_id=1004))[1] == (
        "Bad Request: there are no administrators in the private chat"
    )
    assert await ok(core, "getChatMemberCount", chat_id=-2001) == 4


async def test_commands_per_scope_and_language(core: SandboxCore) -> None:
    start(core)
    commands = [{"command": "start", "description": "Begin"}]
    scope = {"type": "chat", "chat_id": 1001}
    assert await ok(core, "setMyCommands", commands=commands, scope=scope, language_code="nl")
    assert core.commands("chat", 1001, "nl") == commands
    assert core.commands("chat", 1001) == []
    assert await ok(core, "getMyCommands", scope=scope, language_code="nl") == commands
    assert await ok(core, "getMyCommands") == []
    too_many = [{"command": f"c{i}", "description": "d"} for i in range(101)]
    assert (await error(core, "setMyCommands", commands=too_many))[
        1
    ] == "Bad Request: BOT_COMMANDS_TOO_MUCH"
    assert (
        await error(core, "setMyCommands", commands=[{"command": "Start", "description": "d"}])
    )[1] == ("Bad Request: BOT_COMMAND_INVALID")
    unknown_chat = {"type": "chat", "chat_id": 4242}
    assert (await error(core, "setMyCommands", commands=commands, scope=unknown_chat))[1] == (
        "Bad Request: chat not found"
    )
    assert await ok(core, "setMyCommands", commands=too_many[:100])
    assert len(core.commands()) == 100
    assert await ok(core, "deleteMyCommands", scope=scope, language_code="nl")
    assert core.commands("chat", 1001, "nl") == []


async def test_poll_option_limits_follow_ptb(core: SandboxCore) -> None:
    start(core)
    assert (await error(core, "sendPoll", chat_id=1001, question="?", options=[]))[1] == (
        "Bad Request: poll must have at least 1 option"
    )
    options = [str(i) for i in range(13)]
    assert (await error(core, "sendPoll", chat_id=1001, question="?", options=options))[1] == (
        "Bad Request: poll can't have more than 12 options"
    )
    await ok(core, "sendPoll", chat_id=1001, question="?", options=options[:12])


async def test_callback_answers_are_kept_per_user(core: SandboxCore) -> None:
    start(core)
    sent = await ok(core, "sendMessage", chat_id=1001, text="Kies", reply_markup=KEYBOARD)
    query = core.inject({"user": ANNA, "press": {"message_id": sent["message_id"], "button": "Ja"}})
    query_id = query["callback_query"]["id"]
    assert await ok(core, "answerCallbackQuery", callback_query_id=query_id, text="Top!")
    assert core.callback_answers(1001) == [
        {
            "callback_query_id": query_id,
            "text": "Top!",
            "show_alert": False,
            "url": None,
            "cache_time": 0,
        }
    ]
    _, text = await error(core, "answerCallbackQuery", callback_query_id=query_id)
    assert text.startswith("Bad Request: query is too old")


async def test_faults_fail_the_next_calls_then_stop(core: SandboxCore) -> None:
    start(core)
    core.add_fault("sendMessage", 429, retry_after=2, times=2)
    core.add_fault("sendmessage", 500)
    for _ in range(2):
        status, body = await api(core, "sendMessage", chat_id=1001, text="x")
        assert (status, body) == (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 2",
                "parameters": {"retry_after": 2},
            },
        )
    assert (await error(core, "sendMessage", chat_id=1001, text="x")) == (
        500,
        "Internal Server Error",
    )
    await ok(core, "sendMessage", chat_id=1001, text="x")
    core.add_fault("getMe", 0)
    with pytest.raises(DroppedConnection):
        await api(core, "getMe")
    await ok(core, "getMe")
    with pytest.raises(SandboxError, match="unknown Bot API method"):
        core.add_fault("sendTelegram", 500)
    with pytest.raises(SandboxError, match="error_code"):
        core.add_fault("getMe", 200)
    with pytest.raises(SandboxError, match="times"):
        core.add_fault("getMe", 500, times=0)


async def test_calls_are_logged_with_chat_and_time(core: SandboxCore) -> None:
    start(core)
    await ok(core, "getMe")
    await api(core, "sendMessage", chat_id=1001, text="")
    assert core.calls() == [
        {"method": "getMe", "chat_id": None, "time": float(NOW)},
        {"method": "sendMessage", "chat_id": 1001, "time": float(NOW)},
    ]


async def test_reset_empties_everything_but_ids_keep_counting(core: SandboxCore) -> None:
    start(core)
    await ok(core, "sendMessage", chat_id=1001, text="x")
    core.block(1001)
    core.add_fault("getMe", 500)
    core.reset()
    assert core.messages(1001) == []
    assert core.calls() == []
    assert core.pending_updates() == []
    await ok(core, "getMe")
    update = start(core)
    assert update["update_id"] == 2
    assert update["message"]["message_id"] == 3
    await ok(core, "sendMessage", chat_id=1001, text="niet geblokkeerd")


async def test_listeners_hear_what_the_bot_does(core: SandboxCore) -> None:
    start(core)
    heard: list[tuple[str, int | None]] = []
    stop = core.listen(lambda event: heard.append((event.kind, event.chat_id)))
    sent = await ok(core, "sendMessage", chat_id=1001, text="x")
    await ok(core, "deleteMessage", chat_id=1001, message_id=sent["message_id"])
    stop()
    await ok(core, "sendMessage", chat_id=1001, text="y")
    assert heard == [("message", 1001), ("delete", 1001)]
