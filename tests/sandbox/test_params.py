"""The shared decoder keeps text as text and decodes what PTB JSON-encoded."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import BaseRequest, RequestData

from bot.ptb_adapter import TimeoutArg
from sandbox.errors import ApiError
from sandbox.params import Params, decode_params, encode_form


class _FormCapture(BaseRequest):
    """Keeps the form fields of the one call PTB makes through it, and answers ``true``."""

    __slots__ = ("form",)

    def __init__(self) -> None:
        self.form: dict[str, str] = {}

    @property
    def read_timeout(self) -> float | None:
        """No limit: nothing is awaited."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(  # noqa: PLR0917 - the signature is BaseRequest's
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
        write_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
        connect_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
        pool_timeout: TimeoutArg = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Keep the form; Telegram's answer to a call that succeeded."""
        self.form = request_data.json_parameters if request_data else {}
        return 200, b'{"ok": true, "result": true}'


async def _as_ptb_sends(**values: object) -> dict[str, str]:
    # through PTB's public generic call, so the fields are encoded as for any Bot API method
    capture = _FormCapture()
    bot = Bot("123:ABC", request=capture, get_updates_request=_FormCapture())
    await bot.do_api_request("sandboxParams", api_kwargs=dict(values))
    return capture.form


async def test_text_fields_stay_strings_even_when_they_look_like_json() -> None:
    form = await _as_ptb_sends(
        text="123", caption="true", callback_query_id="4000000000000000001", data="null"
    )
    assert decode_params(form) == {
        "text": "123",
        "caption": "true",
        "callback_query_id": "4000000000000000001",
        "data": "null",
    }


async def test_numbers_booleans_and_objects_are_decoded() -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes")]])
    form = await _as_ptb_sends(
        chat_id=1001, disable_notification=True, reply_markup=markup, allowed_updates=["message"]
    )
    decoded = decode_params(form)
    assert decoded["chat_id"] == 1001
    assert decoded["disable_notification"] is True
    assert decoded["reply_markup"] == {
        "inline_keyboard": [[{"text": "Ja", "callback_data": "yes"}]]
    }
    assert decoded["allowed_updates"] == ["message"]


def test_plain_strings_that_are_not_json_survive() -> None:
    assert decode_params({"chat_id": "@wijkwijzer", "parse_mode": "HTML"}) == {
        "chat_id": "@wijkwijzer",
        "parse_mode": "HTML",
    }


def test_a_json_body_takes_the_same_path() -> None:
    body = {"chat_id": "1001", "text": 42, "reply_markup": {"inline_keyboard": []}, "x": None}
    assert decode_params(encode_form(body)) == {
        "chat_id": 1001,
        "text": "42",
        "reply_markup": {"inline_keyboard": []},
    }


def test_typed_access_speaks_telegrams_language() -> None:
    params = Params({"message_id": "7", "flag": "true", "bad": [1]}, {})
    assert params.req_int("message_id") == 7
    assert params.flag("flag") is True
    with pytest.raises(ApiError, match="chat_id is empty"):
        params.chat_id()
    with pytest.raises(ApiError, match='"bad" must be of type Integer'):
        params.req_int("bad")
