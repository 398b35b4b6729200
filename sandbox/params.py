"""Bot API parameters: one decoder for form, multipart, query and JSON bodies, and typed access."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sandbox.errors import ApiError

# (file name, content, MIME type) of an uploaded file, as PTB and multipart bodies carry it.
FilePart = tuple[str, bytes, str]

# Fields whose value is text in every Bot API method. PTB sends str values raw (only non-str
# values are JSON-encoded), so "123", "true" or "null" typed by a user must stay strings here.
TEXT_FIELDS = frozenset(
    {
        "action",
        "address",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "certificate",
        "currency",
        "custom_title",
        "data",
        "description",
        "description_parse_mode",
        "document",
        "emoji",
        "error_message",
        "explanation",
        "explanation_parse_mode",
        "file_id",
        "file_name",
        "filename",
        "first_name",
        "foursquare_id",
        "foursquare_type",
        "game_short_name",
        "google_place_id",
        "google_place_type",
        "inline_message_id",
        "inline_query_id",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "payload",
        "phone_number",
        "photo",
        "pre_checkout_query_id",
        "provider_token",
        "query",
        "question",
        "question_parse_mode",
        "result_id",
        "secret_token",
        "shipping_query_id",
        "short_description",
        "start_parameter",
        "status",
        "sticker",
        "switch_pm_parameter",
        "switch_pm_text",
        "text",
        "thumbnail",
        "title",
        "type",
        "url",
        "username",
        "vcard",
        "video",
        "video_note",
        "voice",
    }
)


def decode_params(form: Mapping[str, str]) -> dict[str, Any]:
    """Decode form values: text fields stay strings, the rest is JSON where it parses."""
    params: dict[str, Any] = {}
    for name, raw in form.items():
        if name in TEXT_FIELDS:
            params[name] = raw
            continue
        try:
            params[name] = json.loads(raw)
        except ValueError:
            # "@channelname", "HTML", file ids: plain strings that are not JSON.
            params[name] = raw
    return params


def encode_form(values: Mapping[str, Any]) -> dict[str, str]:
    """Encode typed values (a JSON body) as PTB encodes form fields, for :func:`decode_params`."""
    return {
        name: value if isinstance(value, str) else json.dumps(value)
        for name, value in values.items()
        if value is not None
    }


class Params:
    """Typed, Telegram-worded access to the decoded parameters of one Bot API call."""

    def __init__(self, values: Mapping[str, Any], files: Mapping[str, FilePart]) -> None:
        self.values = dict(values)
        self.files = dict(files)

    def has(self, name: str) -> bool:
        """Whether the call carries this parameter (files included)."""
        return self.values.get(name) is not None or name in self.files

    def get(self, name: str) -> Any:
        """The decoded value or None."""
        return self.values.get(name)

    def req_int(self, name: str) -> int:
        """A required integer."""
        value = self.opt_int(name)
        if value is None:
            raise ApiError.bad_request(f"{name} is empty")
        return value

    def opt_int(self, name: str) -> int | None:
        """An optional integer; digit strings count, as Telegram accepts them."""
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            raise ApiError.bad_request(f'field "{name}" must be of type Integer')
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise ApiError.bad_request(f'field "{name}" must be of type Integer')

    def opt_float(self, name: str) -> float | None:
        """An optional number."""
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise ApiError.bad_request(f'field "{name}" must be of type Float')

    def req_str(self, name: str) -> str:
        """A required string."""
        value = self.opt_str(name)
        if value is None:
            raise ApiError.bad_request(f"{name} is empty")
        return value

    def opt_str(self, name: str) -> str | None:
        """An optional string; numbers are accepted as their text, as Telegram does."""
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise ApiError.bad_request(f'field "{name}" must be of type String')

    def flag(self, name: str, default: bool = False) -> bool:
        """An optional boolean."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str) and value.lower() in {"true", "false", "1", "0"}:
            return value.lower() in {"true", "1"}
        raise ApiError.bad_request(f'field "{name}" must be of type Boolean')

    def opt_obj(self, name: str) -> dict[str, Any] | None:
        """An optional JSON object."""
        value = self._json(name)
        if value is None or isinstance(value, dict):
            return value
        raise ApiError.bad_request(f"can't parse {name} JSON object")

    def opt_list(self, name: str) -> list[Any] | None:
        """An optional JSON array."""
        value = self._json(name)
        if value is None or isinstance(value, list):
            return value
        raise ApiError.bad_request(f"can't parse {name} JSON array")

    def chat_id(self, name: str = "chat_id") -> int | str:
        """A chat id: an integer or an ``@username``."""
        value = self.values.get(name)
        if value is None or value == "":
            raise ApiError.bad_request(f"{name} is empty")
        if isinstance(value, str) and value.startswith("@"):
            return value
        try:
            return self.req_int(name)
        except ApiError:
            raise ApiError.bad_request("chat not found") from None

    def _json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            # A text field or a client that JSON-encoded twice: Telegram parses it once more.
            try:
                return json.loads(value)
            except ValueError:
                raise ApiError.bad_request(f"can't parse {name} JSON object") from None
        return value
