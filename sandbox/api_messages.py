"""Bot API methods that send, edit and delete messages."""

from __future__ import annotations

import copy
from typing import Any

from telegram.constants import MessageLimit, PollLimit

from sandbox.api import (
    ApiCall,
    Handler,
    file_input,
    formatted_text,
    image_size,
    parse_markup,
    send,
)
from sandbox.entities import Entity
from sandbox.errors import ApiError
from sandbox.world import JSON, ChatRecord, PollRecord, StoredFile, StoredMessage

_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_POLL_FLAGS = ("allow_adding_options", "shuffle_options", "hide_results_until_closes")


def _with_entities(key: str, text: str, entities: list[Any]) -> JSON:
    content: JSON = {key: text}
    if entities:
        content["entities" if key == "text" else f"{key}_entities"] = entities
    return content


def _caption(call: ApiCall) -> JSON:
    caption, entities = formatted_text(
        call,
        "caption",
        limit=MessageLimit.CAPTION_LENGTH,
        required=False,
        empty="message caption is empty",
        too_long="message caption is too long",
        entities_field="caption_entities",
    )
    return _with_entities("caption", caption, entities) if caption else {}


def _message_text(call: ApiCall) -> tuple[str | None, list[Entity]]:
    """The `text` parameter checked as Telegram checks a message text (send and edit alike)."""
    return formatted_text(
        call,
        "text",
        limit=MessageLimit.MAX_TEXT_LENGTH,
        required=True,
        empty="message text is empty",
        too_long="message is too long",
    )


async def send_message(call: ApiCall) -> JSON:
    """sendMessage."""
    chat = call.world.writable_chat(call.params.chat_id())
    text, entities = _message_text(call)
    return send(call, chat, _with_entities("text", text or "", entities))


def _document(stored: StoredFile) -> JSON:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
        "file_size": len(stored.content),
    }


async def send_document(call: ApiCall) -> JSON:
    """sendDocument."""
    chat = call.world.writable_chat(call.params.chat_id())
    stored = file_input(call, "document", "document")
    if len(stored.content) > _MAX_DOCUMENT_BYTES:
        raise ApiError.bad_request("file is too big")
    return send(call, chat, {"document": _document(stored), **_caption(call)})


async def send_photo(call: ApiCall) -> JSON:
    """sendPhoto."""
    chat = call.world.writable_chat(call.params.chat_id())
    stored = file_input(call, "photo", "photo")
    width, height = image_size(stored.content)
    size = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": width,
        "height": height,
        "file_size": len(stored.content),
    }
    return send(call, chat, {"photo": [size], **_caption(call)})


async def send_location(call: ApiCall) -> JSON:
    """sendLocation."""
    chat = call.world.writable_chat(call.params.chat_id())
    latitude = call.params.opt_float("latitude")
    longitude = call.params.opt_float("longitude")
    if latitude is None or not -90 <= latitude <= 90:
        raise ApiError.bad_request("wrong latitude specified")
    if longitude is None or not -180 <= longitude <= 180:
        raise ApiError.bad_request("wrong longitude specified")
    location: JSON = {"latitude": latitude, "longitude": longitude}
    for name in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
        if call.params.has(name):
            location[name] = call.params.get(name)
    return send(call, chat, {"location": location})


def _poll_options(raw: list[Any] | None) -> list[JSON]:
    options = raw or []
    if len(options) < PollLimit.MIN_OPTION_NUMBER:
        raise ApiError.bad_request(f"poll must have at least {PollLimit.MIN_OPTION_NUMBER} option")
    if len(options) > PollLimit.MAX_OPTION_NUMBER:
        raise ApiError.bad_request(
            f"poll can't have more than {PollLimit.MAX_OPTION_NUMBER} options"
        )
    result: list[JSON] = []
    for option in options:
        text = option.get("text") if isinstance(option, dict) else option
        if not isinstance(text, str) or not (
            PollLimit.MIN_OPTION_LENGTH <= len(text) <= PollLimit.MAX_OPTION_LENGTH
        ):
            raise ApiError.bad_request("poll options length must not exceed 100")
        # persistent_id is required by PTB 22.8 (Bot API 9.6).
        result.append({"text": text, "voter_count": 0, "persistent_id": str(len(result))})
    return result


async def send_poll(call: ApiCall) -> JSON:
    """sendPoll."""
    params = call.params
    chat = call.world.writable_chat(params.chat_id())
    question, question_entities = formatted_text(
        call,
        "question",
        limit=PollLimit.MAX_QUESTION_LENGTH,
        required=True,
        empty="poll question must be non-empty",
        too_long=f"poll question length must not exceed {PollLimit.MAX_QUESTION_LENGTH}",
        mode_field="question_parse_mode",
        entities_field="question_entities",
    )
    options = _poll_options(params.opt_list("options"))
    kind = params.opt_str("type") or "regular"
    if kind not in {"regular", "quiz"}:
        raise ApiError.bad_request("poll type is invalid")
    serial = call.world.counters.next_serial()
    poll: JSON = {
        "id": str(5_000_000_000_000_000_000 + serial),
        "question": question,
        "options": options,
        "total_voter_count": 0,
        "is_closed": params.flag("is_closed"),
        "is_anonymous": params.flag("is_anonymous", default=True),
        "type": kind,
        "allows_multiple_answers": params.flag("allows_multiple_answers"),
        # Required since Bot API 9.6/10.0; revoting defaults to on for regular polls only.
        "allows_revoting": params.flag("allows_revoting", default=kind == "regular"),
        "members_only": params.flag("members_only"),
    }
    if question_entities:
        poll["question_entities"] = question_entities
    poll.update({name: True for name in _POLL_FLAGS if params.flag(name)})
    correct = params.opt_list("correct_option_ids")
    if correct is None and params.has("correct_option_id"):
        correct = [params.req_int("correct_option_id")]
    if kind == "quiz":
        if not correct or not all(isinstance(i, int) and 0 <= i < len(options) for i in correct):
            raise ApiError.bad_request("wrong correct option ids specified")
        poll["correct_option_ids"] = correct
    for name in ("explanation", "open_period", "close_date", "description"):
        if params.has(name):
            poll[name] = params.get(name)
    message = send(call, chat, {"poll": poll})
    call.world.polls[poll["id"]] = PollRecord(chat.id, message["message_id"])
    return message


def _target(call: ApiCall, missing: str) -> tuple[ChatRecord, StoredMessage]:
    if call.params.has("inline_message_id"):
        raise ApiError.bad_request("MESSAGE_ID_INVALID (the sandbox has no inline messages)")
    chat = call.world.writable_chat(call.params.chat_id())
    stored = call.world.message(chat, call.params.req_int("message_id"), missing)
    return chat, stored


def _apply_edit(
    call: ApiCall, chat: ChatRecord, stored: StoredMessage, content: JSON, markup: JSON | None
) -> JSON:
    """Replace content and inline keyboard, unless nothing changes (Telegram's 400)."""
    data = stored.data
    unchanged = all(data.get(key) == value for key, value in content.items())
    if unchanged and data.get("reply_markup") == markup:
        raise ApiError.bad_request(_NOT_MODIFIED)
    for key, value in content.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    if markup is None:
        data.pop("reply_markup", None)
    else:
        data["reply_markup"] = markup
    # A reply keyboard is not part of the message, so an edit leaves it alone.
    if markup is not None or (stored.sent_markup or {}).get("inline_keyboard") is not None:
        stored.sent_markup = markup
    data["edit_date"] = call.now
    stored.edited = True
    call.emit("edit", chat.id, data)
    return copy.deepcopy(data)


def _inline_markup(call: ApiCall) -> JSON | None:
    sent, inline = parse_markup(call.params.opt_obj("reply_markup"))
    if sent is not None and inline is None:
        raise ApiError.bad_request("inline keyboard expected")
    return inline


def _bot_message(stored: StoredMessage) -> None:
    if not stored.from_bot:
        raise ApiError.bad_request("message can't be edited")


async def edit_message_text(call: ApiCall) -> JSON:
    """editMessageText; without reply_markup the inline keyboard goes, as in Telegram."""
    chat, stored = _target(call, "message to edit not found")
    _bot_message(stored)
    if "text" not in stored.data:
        raise ApiError.bad_request("there is no text in the message to edit")
    text, entities = _message_text(call)
    content = {"text": text, "entities": entities or None}
    return _apply_edit(call, chat, stored, content, _inline_markup(call))


async def edit_message_caption(call: ApiCall) -> JSON:
    """editMessageCaption."""
    chat, stored = _target(call, "message to edit not found")
    _bot_message(stored)
    if not any(key in stored.data for key in ("document", "photo")):
        raise ApiError.bad_request("there is no caption in the message to edit")
    caption = _caption(call)
    content = {
        "caption": caption.get("caption"),
        "caption_entities": caption.get("caption_entities"),
    }
    return _apply_edit(call, chat, stored, content, _inline_markup(call))


async def edit_message_reply_markup(call: ApiCall) -> JSON:
    """editMessageReplyMarkup."""
    chat, stored = _target(call, "message to edit not found")
    _bot_message(stored)
    return _apply_edit(call, chat, stored, {}, _inline_markup(call))


async def stop_poll(call: ApiCall) -> JSON:
    """stopPoll: closes the poll and answers with its final state."""
    chat, stored = _target(call, "message with poll to stop not found")
    poll = stored.data.get("poll")
    if poll is None or not stored.from_bot:
        raise ApiError.bad_request("message with poll to stop not found")
    if poll["is_closed"]:
        raise ApiError.bad_request("poll has already been closed")
    poll["is_closed"] = True
    if call.params.has("reply_markup"):
        markup = _inline_markup(call)
        stored.sent_markup = markup
        if markup is None:
            stored.data.pop("reply_markup", None)
        else:
            stored.data["reply_markup"] = markup
    call.emit("edit", chat.id, stored.data)
    return copy.deepcopy(poll)


async def delete_message(call: ApiCall) -> bool:
    """deleteMessage."""
    chat = call.world.chat(call.params.chat_id())
    message_id = call.params.req_int("message_id")
    if chat.messages.pop(message_id, None) is None:
        raise ApiError.bad_request("message to delete not found")
    call.emit("delete", chat.id, {"message_id": message_id})
    return True


async def delete_messages(call: ApiCall) -> bool:
    """deleteMessages: deletes those that exist, as Telegram does."""
    chat = call.world.chat(call.params.chat_id())
    for message_id in call.params.opt_list("message_ids") or []:
        if isinstance(message_id, int) and chat.messages.pop(message_id, None) is not None:
            call.emit("delete", chat.id, {"message_id": message_id})
    return True


async def send_chat_action(call: ApiCall) -> bool:
    """sendChatAction."""
    chat = call.world.writable_chat(call.params.chat_id())
    action = call.params.req_str("action")
    if action not in _CHAT_ACTIONS:
        raise ApiError.bad_request("wrong parameter action in request")
    call.emit("chat_action", chat.id, {"action": action})
    return True


async def get_file(call: ApiCall) -> JSON:
    """getFile: the file_path is served under ``/file/bot<token>/``."""
    stored = call.world.files.get(call.params.req_str("file_id"))
    if stored is None:
        raise ApiError.bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": f"{stored.kind}s/{stored.file_id}",
    }


METHODS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "sendLocation": send_location,
    "sendPoll": send_poll,
    "stopPoll": stop_poll,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "sendChatAction": send_chat_action,
    "getFile": get_file,
}
