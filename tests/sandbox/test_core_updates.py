"""The core, users' side: injected updates, presses, votes, inline queries and getUpdates."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from sandbox import SandboxCore, SandboxError
from tests.sandbox.support import ANNA, BERT, GROUP, KEYBOARD, NOW, api, error, ok, start


async def test_a_command_becomes_a_private_message_with_a_command_entity(core: SandboxCore) -> None:
    update = core.inject({"user": ANNA, "text": "/start@wijkwijzer_bot welkom"})
    message = update["message"]
    assert update["update_id"] == 1
    assert message["chat"] == {"id": 1001, "type": "private", "first_name": "Anna"}
    assert message["from"] == {**ANNA, "is_bot": False}
    assert message["date"] == NOW
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 21}]
    assert "entities" not in core.inject({"user": ANNA, "text": "geen commando"})["message"]


async def test_message_ids_are_per_chat_and_shared_with_the_bot(core: SandboxCore) -> None:
    start(core)
    sent = await ok(core, "sendMessage", chat_id=1001, text="Hoi")
    group = core.inject({"user": BERT, "chat": GROUP, "text": "hallo groep"})
    reply = core.inject({"user": ANNA, "text": "dank"})
    assert [sent["message_id"], group["message"]["message_id"]] == [2, 1]
    assert reply["message"]["message_id"] == 3
    assert group["message"]["chat"] == GROUP
    assert core.last_user_message_id(1001) == 3
    assert core.last_user_message_id(-2001, user_id=1001) == 0
    assert core.last_user_message_id(-2001) == 1
    assert core.last_user_message_id(4242) == 0


async def test_a_user_can_reply_to_a_message(core: SandboxCore) -> None:
    core.inject({"user": ANNA, "chat": GROUP, "text": "hallo"})
    update = core.inject(
        {"user": BERT, "chat": GROUP, "text": "/rol organisator", "reply_to_message_id": 1}
    )
    assert update["message"]["reply_to_message"]["text"] == "hallo"
    assert update["message"]["reply_to_message"]["from"]["id"] == 1001


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"user": ANNA}, "exactly one of"),
        ({"user": ANNA, "text": "a", "location": {"latitude": 1, "longitude": 2}}, "exactly one"),
        ({"user": ANNA, "text": "a", "colour": "red"}, "unknown payload keys: colour"),
        ({"user": {"first_name": "Anna"}, "text": "a"}, "positive integer"),
        ({"user": ANNA, "text": ""}, "non-empty"),
        ({"user": ANNA, "chat": {"id": 5, "type": "private"}, "text": "a"}, "user's id"),
        ({"user": ANNA, "chat": {"id": 5, "type": "group"}, "text": "a"}, "negative"),
        ({"user": ANNA, "chat": {"id": -5, "type": "channel"}, "text": "a"}, "private, group"),
        ({"user": ANNA, "text": "a", "member_status": "creator"}, "only in a group"),
        ({"user": ANNA, "text": "a", "reply_to_message_id": 9}, "no message 9"),
        ({"user": ANNA, "press": {"message_id": 9, "button": "Ja"}}, "no bot message 9"),
        ({"user": ANNA, "location": {"latitude": 91, "longitude": 0}}, "latitude"),
        ({"user": ANNA, "poll_answer": {"poll_id": "x", "option_ids": [0]}}, "no poll"),
        ({"user": ANNA, "my_chat_member": "owner"}, "my_chat_member"),
        ({"user": ANNA, "inline_query": 5}, "inline_query"),
    ],
)
def test_bad_payloads_say_what_is_wrong(
    core: SandboxCore, payload: dict[str, Any], reason: str
) -> None:
    with pytest.raises(SandboxError, match=reason):
        core.inject(payload)
    assert core.pending_updates() == []


async def test_pressing_a_button_sends_a_callback_query_with_the_message(core: SandboxCore) -> None:
    start(core)
    sent = await ok(core, "sendMessage", chat_id=1001, text="Kies", reply_markup=KEYBOARD)
    update = core.inject(
        {"user": ANNA, "press": {"message_id": sent["message_id"], "button": "Nee"}}
    )
    query = update["callback_query"]
    assert query["data"] == "no"
    assert query["message"] == sent
    assert query["from"]["id"] == 1001
    again = core.inject({"user": ANNA, "press": {"message_id": sent["message_id"], "data": "x"}})
    assert again["callback_query"]["chat_instance"] == query["chat_instance"]
    assert again["callback_query"]["id"] != query["id"]


async def test_pressing_what_cannot_be_pressed_fails(core: SandboxCore) -> None:
    start(core)
    sent = await ok(core, "sendMessage", chat_id=1001, text="Kies", reply_markup=KEYBOARD)
    press = {"message_id": sent["message_id"]}
    with pytest.raises(
        SandboxError, match=r"no button 'Misschien'; it has: \['Ja', 'Nee', 'Website'\]"
    ):
        core.inject({"user": ANNA, "press": {**press, "button": "Misschien"}})
    with pytest.raises(SandboxError, match="url button"):
        core.inject({"user": ANNA, "press": {**press, "button": "Website"}})
    with pytest.raises(SandboxError, match="exactly one of"):
        core.inject({"user": ANNA, "press": {**press, "button": "Ja", "data": "yes"}})
    with pytest.raises(SandboxError, match="no bot message 1"):
        core.inject({"user": ANNA, "press": {"message_id": 1, "data": "yes"}})


async def test_a_reply_keyboard_button_sends_its_label(core: SandboxCore) -> None:
    start(core)
    keyboard = {"keyboard": [["Nederlands", "English"]], "one_time_keyboard": True}
    sent = await ok(core, "sendMessage", chat_id=1001, text="Taal?", reply_markup=keyboard)
    assert "reply_markup" not in sent  # a Message only carries inline keyboards
    assert core.messages(1001)[0]["reply_markup"] == keyboard
    update = core.inject(
        {"user": ANNA, "press": {"message_id": sent["message_id"], "button": "English"}}
    )
    assert update["message"]["text"] == "English"


async def test_polls_count_votes_and_close(core: SandboxCore) -> None:
    start(core)
    sent = await ok(
        core,
        "sendPoll",
        chat_id=1001,
        question="Wanneer?",
        options=[{"text": "Maandag"}, {"text": "Dinsdag"}],
        is_anonymous=False,
    )
    poll = sent["poll"]
    assert poll["options"] == [
        {"text": "Maandag", "voter_count": 0, "persistent_id": "0"},
        {"text": "Dinsdag", "voter_count": 0, "persistent_id": "1"},
    ]
    assert (poll["allows_revoting"], poll["members_only"]) == (True, False)
    assert (poll["type"], poll["is_anonymous"], poll["is_closed"]) == ("regular", False, False)
    answer = core.inject({"user": ANNA, "poll_answer": {"poll_id": poll["id"], "option_ids": [1]}})
    assert answer["poll_answer"] == {
        "poll_id": poll["id"],
        "user": {**ANNA, "is_bot": False},
        "option_ids": [1],
        "option_persistent_ids": ["1"],
    }
    core.inject({"user": BERT, "poll_answer": {"poll_id": poll["id"], "option_ids": [1]}})
    core.inject({"user": BERT, "poll_answer": {"poll_id": poll["id"], "option_ids": []}})
    with pytest.raises(SandboxError, match="one answer only"):
        core.inject({"user": BERT, "poll_answer": {"poll_id": poll["id"], "option_ids": [0, 1]}})
    stopped = await ok(core, "stopPoll", chat_id=1001, message_id=sent["message_id"])
    assert stopped["is_closed"] is True
    assert stopped["total_voter_count"] == 1
    assert [o["voter_count"] for o in stopped["options"]] == [0, 1]
    assert core.messages(1001)[0]["poll"] == stopped
    assert (await error(core, "stopPoll", chat_id=1001, message_id=sent["message_id"]))[1] == (
        "Bad Request: poll has already been closed"
    )
    with pytest.raises(SandboxError, match="is closed"):
        core.inject({"user": BERT, "poll_answer": {"poll_id": poll["id"], "option_ids": [0]}})


async def test_anonymous_polls_send_the_poll_not_the_voter(core: SandboxCore) -> None:
    start(core)
    sent = await ok(core, "sendPoll", chat_id=1001, question="?", options=["a", "b"])
    update = core.inject(
        {"user": ANNA, "poll_answer": {"poll_id": sent["poll"]["id"], "option_ids": [0]}}
    )
    assert update["poll"]["options"][0]["voter_count"] == 1
    assert "poll_answer" not in update


async def test_inline_queries_are_answered_once(core: SandboxCore) -> None:
    update = core.inject({"user": ANNA, "inline_query": "koffie"})
    query = update["inline_query"]
    assert (query["query"], query["offset"], query["chat_type"]) == ("koffie", "", "sender")
    result = {
        "type": "article",
        "id": "1",
        "title": "Koffie",
        "input_message_content": {"message_text": "Koffie"},
    }
    assert await ok(core, "answerInlineQuery", inline_query_id=query["id"], results=[result])
    answers = core.inline_answers(1001)
    assert (answers["query"], answers["results"]) == ("koffie", [result])
    _, text = await error(core, "answerInlineQuery", inline_query_id=query["id"], results=[])
    assert text.startswith("Bad Request: query is too old")
    second = core.inject({"user": ANNA, "inline_query": {"query": "thee", "offset": "10"}})
    many = [{**result, "id": str(i)} for i in range(51)]
    assert (
        await error(
            core, "answerInlineQuery", inline_query_id=second["inline_query"]["id"], results=many
        )
    )[1] == ("Bad Request: RESULTS_TOO_MUCH")
    assert core.inline_answers(1002)["results"] == []


async def test_get_updates_confirms_limits_and_filters(core: SandboxCore) -> None:
    for text in ("een", "twee", "drie"):
        core.inject({"user": ANNA, "text": text})
    core.inject({"user": ANNA, "inline_query": "q"})
    assert [u["update_id"] for u in await ok(core, "getUpdates", limit=2)] == [1, 2]
    assert [u["update_id"] for u in await ok(core, "getUpdates", offset=3)] == [3, 4]
    assert [u["update_id"] for u in await ok(core, "getUpdates", offset=-1)] == [4]
    core.inject({"user": ANNA, "text": "vier"})
    only_messages = await ok(core, "getUpdates", offset=4, allowed_updates=["message"])
    assert [u["update_id"] for u in only_messages] == [5]
    core.inject({"user": ANNA, "inline_query": "weg"})
    assert [u["update_id"] for u in await ok(core, "getUpdates", offset=6)] == []


async def test_a_long_poll_wakes_up_when_a_user_writes(core: SandboxCore) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.05, core.inject, {"user": ANNA, "text": "hoi"})
    started = loop.time()
    updates = await ok(core, "getUpdates", timeout=5)
    assert [u["message"]["text"] for u in updates] == ["hoi"]
    assert loop.time() - started < 2
    assert await ok(core, "getUpdates", offset=2, timeout=0.05) == []


async def test_a_second_poller_ends_the_first_with_409(core: SandboxCore) -> None:
    first = asyncio.create_task(api(core, "getUpdates", timeout=5))
    await asyncio.sleep(0.01)
    assert await ok(core, "getUpdates") == []
    status, body = await first
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")
