"""The HTTP server: Telegram's URL forms and every ``/_sandbox/`` control route."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import Bot
from telegram.error import NetworkError

from sandbox import SandboxCore
from sandbox.server import SandboxServer, serve
from tests.sandbox.support import ANNA, GROUP, KEYBOARD, TOKEN


@pytest.fixture
async def http(server: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client on the sandbox."""
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as client:
        yield client


async def _send(http: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await http.post(f"/bot{TOKEN}/sendMessage", json=body)
    assert response.status_code == 200, response.text
    return response.json()["result"]  # type: ignore[no-any-return]


async def test_bot_api_over_json_form_query_and_multipart(http: httpx.AsyncClient) -> None:
    assert (await http.post("/_sandbox/updates", json={"user": ANNA, "text": "/start"})).json() == {
        "update_id": 1
    }
    sent = await _send(http, chat_id=1001, text="json", reply_markup=KEYBOARD)
    assert sent["reply_markup"] == KEYBOARD
    form = await http.post(f"/bot{TOKEN}/sendMessage", data={"chat_id": "1001", "text": "123"})
    assert form.json()["result"]["text"] == "123"
    query = await http.get(f"/bot{TOKEN}/getMe")
    assert query.json()["result"]["username"] == "wijkwijzer_bot"
    upload = await http.post(
        f"/bot{TOKEN}/sendDocument",
        data={"chat_id": "1001", "caption": "bijlage"},
        files={"document": ('verslag "1".txt', b"a\r\n--b\r\n", "text/plain")},
    )
    document = upload.json()["result"]["document"]
    assert document["file_name"] == 'verslag "1".txt'
    file = await http.get(f"/_sandbox/files/{document['file_id']}")
    assert (file.content, file.headers["content-type"]) == (b"a\r\n--b\r\n", "text/plain")
    assert (await http.get("/_sandbox/files/nope")).status_code == 404


async def test_bot_api_errors_keep_telegrams_shape(http: httpx.AsyncClient) -> None:
    unknown = await http.post(f"/bot{TOKEN}/sendSticker", json={"chat_id": 1})
    assert (unknown.status_code, unknown.json()["description"]) == (
        400,
        "Bad Request: method not supported: sendSticker",
    )
    assert (await http.get("/botnonsense/getMe")).json() == {
        "ok": False,
        "error_code": 401,
        "description": "Unauthorized",
    }
    bad_json = await http.post(
        f"/bot{TOKEN}/getMe", content=b"{", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 400
    assert (await http.get("/elsewhere")).status_code == 404


async def test_updates_route_rejects_bad_payloads(http: httpx.AsyncClient) -> None:
    both = await http.post(
        "/_sandbox/updates", json={"user": ANNA, "text": "x", "press": {"message_id": 1}}
    )
    assert both.status_code == 400
    assert "exactly one of" in both.json()["error"]
    not_json = await http.post("/_sandbox/updates", content=b"nee")
    assert (not_json.status_code, not_json.json()) == (400, {"error": "the body is not valid JSON"})
    assert (await http.post("/_sandbox/updates", json=[1])).status_code == 400
    assert (await http.get("/_sandbox/updates")).status_code == 405
    assert (await http.get("/_sandbox/nothing")).status_code == 404


async def test_messages_and_answers_routes(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/updates", json={"user": ANNA, "text": "/start"})
    first = await _send(http, chat_id=1001, text="een", reply_markup=KEYBOARD)
    await _send(http, chat_id=1001, text="twee")
    listed = (await http.get("/_sandbox/messages", params={"chat_id": 1001})).json()
    assert [(m["message_id"], m["text"], m["edited"]) for m in listed] == [
        (2, "een", False),
        (3, "twee", False),
    ]
    after = await http.get("/_sandbox/messages", params={"chat_id": 1001, "after": 2})
    assert [m["text"] for m in after.json()] == ["twee"]
    assert (await http.get("/_sandbox/messages")).status_code == 400
    assert (await http.get("/_sandbox/messages", params={"chat_id": "x"})).status_code == 400

    press = {"user": ANNA, "press": {"message_id": first["message_id"], "button": "Ja"}}
    await http.post("/_sandbox/updates", json=press)
    update = (await http.get("/_sandbox/pending_updates")).json()[-1]
    query_id = update["callback_query"]["id"]
    await http.post(
        f"/bot{TOKEN}/answerCallbackQuery", json={"callback_query_id": query_id, "text": "ok"}
    )
    answers = (await http.get("/_sandbox/callback_answers", params={"user_id": 1001})).json()
    assert [a["text"] for a in answers] == ["ok"]

    await http.post("/_sandbox/updates", json={"user": ANNA, "inline_query": "zorg"})
    inline_id = (await http.get("/_sandbox/pending_updates")).json()[-1]["inline_query"]["id"]
    result = {
        "type": "article",
        "id": "a",
        "title": "A",
        "input_message_content": {"message_text": "A"},
    }
    await http.post(
        f"/bot{TOKEN}/answerInlineQuery", json={"inline_query_id": inline_id, "results": [result]}
    )
    inline = (await http.get("/_sandbox/inline_answers", params={"user_id": 1001})).json()
    assert inline["results"] == [result]
    assert (await http.get("/_sandbox/inline_answers")).status_code == 400
    assert (
        await http.get("/_sandbox/callback_answers", params={"user_id": "x"})
    ).status_code == 400


async def test_block_faults_calls_commands_and_reset(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/updates", json={"user": ANNA, "text": "/start"})
    assert (await http.post("/_sandbox/block", json={"user_id": 1001})).json() == {"ok": True}
    blocked = await http.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": 1001, "text": "x"})
    assert (blocked.status_code, blocked.json()["description"]) == (
        403,
        "Forbidden: bot was blocked by the user",
    )
    await http.post("/_sandbox/block", json={"user_id": 1001, "blocked": False})
    assert (await http.post("/_sandbox/block", json={})).status_code == 400

    fault = {"method": "sendMessage", "error_code": 429, "retry_after": 2, "times": 1}
    assert (await http.post("/_sandbox/faults", json=fault)).json() == {"ok": True}
    limited = await http.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": 1001, "text": "x"})
    assert limited.json()["parameters"] == {"retry_after": 2}
    bad_fault = await http.post("/_sandbox/faults", json={"method": "nope", "error_code": 500})
    assert bad_fault.status_code == 400

    calls = (await http.get("/_sandbox/calls")).json()
    assert [(c["method"], c["chat_id"]) for c in calls] == [
        ("sendMessage", 1001),
        ("sendMessage", 1001),
    ]
    assert all(isinstance(c["time"], float) for c in calls)

    commands = [{"command": "help", "description": "Hulp"}]
    scope = {"type": "chat", "chat_id": 1001}
    await http.post(
        f"/bot{TOKEN}/setMyCommands",
        json={"commands": commands, "scope": scope, "language_code": "en"},
    )
    query: dict[str, str | int] = {"scope": "chat", "chat_id": 1001, "language_code": "en"}
    assert (await http.get("/_sandbox/commands", params=query)).json() == commands
    assert (await http.get("/_sandbox/commands")).json() == []

    assert (await http.post("/_sandbox/reset")).json() == {"ok": True}
    assert (await http.get("/_sandbox/calls")).json() == []
    assert (await http.get("/_sandbox/messages", params={"chat_id": 1001})).json() == []
    assert (await http.post("/_sandbox/updates", json={"user": ANNA, "text": "x"})).json() == {
        "update_id": 2
    }


async def test_a_dropped_connection_is_a_network_error(
    http_bot: Bot, core: SandboxCore, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"method": "getMe", "drop": True})
    with pytest.raises(NetworkError):
        await http_bot.get_me()
    assert (await http_bot.get_me()).id == 123
    core.add_fault("getMe", 0)
    with pytest.raises(httpx.RemoteProtocolError):
        await http.get(f"/bot{TOKEN}/getMe")


async def test_in_process_drop_is_a_network_error_too(local_bot: Bot, core: SandboxCore) -> None:
    core.add_fault("sendChatAction", 0)
    core.inject({"user": ANNA, "chat": GROUP, "text": "hoi"})
    with pytest.raises(NetworkError, match="disconnected"):
        await local_bot.send_chat_action(-2001, "typing")


async def test_closing_ends_a_waiting_long_poll(core: SandboxCore) -> None:
    running = await serve(core)
    async with httpx.AsyncClient(base_url=running.url) as client:
        poll = asyncio.create_task(client.get(f"/bot{TOKEN}/getUpdates", params={"timeout": 30}))
        await asyncio.sleep(0.05)
        await running.close()
        with pytest.raises(httpx.HTTPError):
            await poll


async def test_only_loopback(core: SandboxCore) -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        await serve(core, host="0.0.0.0")  # noqa: S104 - the point of the test


async def _exchange(server: SandboxServer, raw: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(raw)
    await writer.drain()
    async with asyncio.timeout(5):
        answer = await reader.read()
    writer.close()
    return answer


async def test_raw_http_chunked_keep_alive_and_garbage(server: SandboxServer) -> None:
    body = b'{"user": {"id": 7, "first_name": "Eva"}, "text": "hoi"}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    raw = (
        b"POST /_sandbox/updates HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/json\r\n\r\n"
        + chunked
        + b"GET /bot1:x/getMe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    answer = await _exchange(server, raw)
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert b'{"update_id": 1}' in answer
    assert b'"username": "wijkwijzer_bot"' in answer
    garbage = await _exchange(server, b"NONSENSE\r\n\r\n")
    assert garbage.startswith(b"HTTP/1.1 400 Bad Request")


async def test_messages_can_be_waited_for_with_a_long_poll(http: httpx.AsyncClient) -> None:
    bob = {"id": 2002, "first_name": "Bob"}
    for person in (ANNA, bob):
        await http.post("/_sandbox/updates", json={"user": person, "text": "/start"})
    anna = 1001  # Anna's private chat
    params = {"chat_id": anna, "after": 0, "wait": 10}
    waiting = asyncio.create_task(http.get("/_sandbox/messages", params=params))
    await asyncio.sleep(0)  # the poll is on its way before the bot answers
    await _send(http, chat_id=2002, text="elders")  # another chat does not end the wait
    assert not waiting.done()
    sent = await _send(http, chat_id=anna, text="hallo")
    answer = await asyncio.wait_for(waiting, 5)
    assert [m["text"] for m in answer.json()] == ["hallo"]
    # Messages already there come back at once; nothing new within the wait gives [].
    now = await http.get("/_sandbox/messages", params=params)
    assert [m["text"] for m in now.json()] == ["hallo"]
    after = {"chat_id": anna, "after": sent["message_id"], "wait": 0.05}
    assert (await http.get("/_sandbox/messages", params=after)).json() == []
    bad = await http.get("/_sandbox/messages", params={"chat_id": anna, "wait": "soon"})
    assert bad.status_code == 400
