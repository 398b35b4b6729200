"""What every Bot API method of the sandbox shares: the call context and Telegram's validations."""

from __future__ import annotations

import copy
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sandbox.errors import ApiError
from sandbox.formatting import Entity, parse_entities
from sandbox.params import Params
from sandbox.world import JSON, ChatRecord, StoredFile, World

_MAX_CALLBACK_DATA_BYTES = 64
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = frozenset({"http", "https", "tg"})


@dataclass(frozen=True)
class SandboxEvent:
    """Something the bot did that a terminal may want to show at once."""

    kind: str  # message, edit, delete, callback_answer, inline_answer, chat_action
    chat_id: int | None
    data: JSON


@dataclass
class ApiCall:
    """One Bot API call: the world it acts on, its parameters and the events it causes."""

    world: World
    params: Params
    now: int
    events: list[SandboxEvent] = field(default_factory=list)

    def emit(self, kind: str, chat_id: int | None, data: JSON) -> None:
        """Note an event, announced to listeners once the call succeeded."""
        self.events.append(SandboxEvent(kind, chat_id, copy.deepcopy(data)))


Handler = Callable[[ApiCall], Awaitable[Any]]


def formatted_text(
    call: ApiCall,
    field_name: str,
    *,
    limit: int,
    required: bool,
    empty: str,
    too_long: str,
    mode_field: str = "parse_mode",
    entities_field: str = "entities",
) -> tuple[str | None, list[Entity]]:
    """A text with its entities, from explicit entities or a parse mode, checked like Telegram."""
    raw = call.params.opt_str(field_name)
    if raw is None:
        if required:
            raise ApiError.bad_request(empty)
        return None, []
    explicit = call.params.opt_list(entities_field)
    if explicit is not None:
        # Telegram ignores parse_mode when entities are given.
        text, entities = raw, [e for e in explicit if isinstance(e, dict)]
    else:
        text, entities = parse_entities(raw, call.params.opt_str(mode_field))
    if required and not text.strip():
        raise ApiError.bad_request(empty)
    if len(text) > limit:
        raise ApiError.bad_request(too_long)
    return text, entities


def parse_markup(raw: JSON | None) -> tuple[JSON | None, JSON | None]:
    """The markup as sent, and the part a Message carries (inline keyboards only)."""
    if raw is None:
        return None, None
    if "inline_keyboard" in raw:
        _check_inline_keyboard(raw["inline_keyboard"])
        return raw, raw
    if any(key in raw for key in ("keyboard", "remove_keyboard", "force_reply")):
        return raw, None
    raise ApiError.bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            raise ApiError.bad_request(
                'can\'t parse inline keyboard button: Field "text" must be of type String'
            )
        actions = [action for action in _BUTTON_ACTIONS if action in button]
        if not actions:
            raise ApiError.bad_request(
                "can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard"
            )
        data = button.get("callback_data")
        if "callback_data" in button and (
            not isinstance(data, str)
            or not 1 <= len(data.encode("utf-8")) <= _MAX_CALLBACK_DATA_BYTES
        ):
            raise ApiError.bad_request("BUTTON_DATA_INVALID")
        url = button.get("url")
        if "url" in button and (
            not isinstance(url, str) or urlsplit(url).scheme not in _URL_SCHEMES
        ):
            raise ApiError.bad_request("BUTTON_URL_INVALID")


def reply_target(call: ApiCall, chat: ChatRecord) -> JSON | None:
    """The message replied to (``reply_parameters`` or the older ``reply_to_message_id``)."""
    params = call.params.opt_obj("reply_parameters") or {}
    message_id = params.get("message_id", call.params.opt_int("reply_to_message_id"))
    if message_id is None:
        return None
    allow_missing = bool(
        params.get("allow_sending_without_reply", call.params.flag("allow_sending_without_reply"))
    )
    stored = chat.messages.get(int(message_id))
    if stored is None:
        if allow_missing:
            return None
        raise ApiError.bad_request("message to be replied not found")
    replied = copy.deepcopy(stored.data)
    replied.pop("reply_to_message", None)
    return replied


def send(call: ApiCall, chat: ChatRecord, content: JSON) -> JSON:
    """Store a new bot message with its markup and reply, and return it as Telegram does."""
    sent_markup, inline_markup = parse_markup(call.params.opt_obj("reply_markup"))
    reply = reply_target(call, chat)
    if reply is not None:
        content = {**content, "reply_to_message": reply}
    if inline_markup is not None:
        content = {**content, "reply_markup": inline_markup}
    world = call.world
    message = world.add_message(chat, content, sender=world.bot_user(), now=call.now)
    chat.messages[message["message_id"]].sent_markup = sent_markup
    call.emit("message", chat.id, message)
    return copy.deepcopy(message)


def file_input(call: ApiCall, name: str, kind: str) -> StoredFile:
    """An uploaded file (direct or ``attach://``), or one sent before, by file_id."""
    params = call.params
    upload = params.files.get(name)
    reference = params.opt_str(name)
    if upload is None and reference and reference.startswith("attach://"):
        upload = params.files.get(reference.removeprefix("attach://"))
        if upload is None:
            raise ApiError.bad_request(f"file {reference} not found in the request")
    if upload is not None:
        file_name, content, mime_type = upload
        serial = call.world.counters.next_serial()
        stored = StoredFile(
            file_id=f"{kind}-{serial}",
            file_unique_id=f"u{kind[0]}{serial}",
            content=content,
            mime_type=mime_type or "application/octet-stream",
            file_name=file_name,
            kind=kind,
        )
        call.world.files[stored.file_id] = stored
        return stored
    if not reference:
        raise ApiError.bad_request(f"there is no {name} in the request")
    if reference in call.world.files:
        return call.world.files[reference]
    if urlsplit(reference).scheme in {"http", "https"}:
        raise ApiError.bad_request(
            "wrong file identifier/HTTP URL specified (the sandbox fetches no URLs)"
        )
    raise ApiError.bad_request("wrong file identifier/HTTP URL specified")


def image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG; (0, 0) when unknown."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content[:6] in {b"GIF87a", b"GIF89a"} and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return int(width), int(height)
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return 0, 0


def _jpeg_size(content: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(content):
        if content[index] != 0xFF:
            index += 1
            continue
        marker = content[index + 1]
        length = int.from_bytes(content[index + 2 : index + 4], "big")
        # SOF markers carry the frame size; C4, C8 and CC are other tables.
        if 0xC0 <= marker <= 0xCF and marker not in {0xC4, 0xC8, 0xCC}:
            height, width = struct.unpack(">HH", content[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return 0, 0
