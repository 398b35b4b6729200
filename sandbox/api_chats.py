"""Bot API methods about the bot, chats, members, commands and answers to queries."""

from __future__ import annotations

import copy
import re
from typing import Any

from telegram.constants import BotCommandLimit, InlineQueryLimit

from sandbox.api import ApiCall, Handler, parse_markup
from sandbox.errors import ApiError
from sandbox.world import GROUP_TYPES, JSON

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_MAX_TOAST = 200
_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)
_EXPIRED_QUERY = "query is too old and response timeout expired or query ID is invalid"

CommandKey = tuple[str, int | None, int | None, str]


async def get_me(call: ApiCall) -> JSON:
    """getMe."""
    return {
        **call.world.bot_user(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_chat(call: ApiCall) -> JSON:
    """getChat, answered as the ChatFullInfo PTB 22 requires."""
    chat = call.world.chat(call.params.chat_id())
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return {
        **copy.deepcopy(chat.data),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {**dict.fromkeys(gifts, False), "gifts_from_channels": False},
    }


async def get_chat_member(call: ApiCall) -> JSON:
    """getChatMember."""
    chat = call.world.chat(call.params.chat_id())
    return call.world.member(chat, call.params.req_int("user_id"))


async def get_chat_administrators(call: ApiCall) -> list[JSON]:
    """getChatAdministrators: the owner and administrators, the bot included when it is one."""
    world = call.world
    chat = world.chat(call.params.chat_id())
    if chat.type not in GROUP_TYPES:
        raise ApiError.bad_request("there are no administrators in the private chat")
    user_ids = [
        uid for uid, status in chat.members.items() if status in {"creator", "administrator"}
    ]
    if chat.bot_status == "administrator":
        user_ids.append(world.bot_id)
    return [world.member(chat, user_id) for user_id in user_ids]


async def get_chat_member_count(call: ApiCall) -> int:
    """getChatMemberCount."""
    chat = call.world.chat(call.params.chat_id())
    if chat.type == "private":
        return 2
    present = {"creator", "administrator", "member", "restricted"}
    bot_present = chat.bot_status in present
    return sum(status in present for status in chat.members.values()) + bot_present


async def leave_chat(call: ApiCall) -> bool:
    """leaveChat."""
    chat = call.world.chat(call.params.chat_id())
    if chat.type == "private":
        raise ApiError.bad_request("chat member status can't be changed in private chats")
    chat.bot_status = "left"
    return True


def _command_key(call: ApiCall) -> CommandKey:
    scope = call.params.opt_obj("scope") or {"type": "default"}
    language = call.params.opt_str("language_code") or ""
    if language and not _LANGUAGE.fullmatch(language):
        raise ApiError.bad_request("invalid language code specified")
    kind = scope.get("type")
    if kind not in _SCOPES:
        raise ApiError.bad_request("can't parse BotCommandScope: unknown type")
    chat_id = user_id = None
    if kind in {"chat", "chat_administrators", "chat_member"}:
        chat_id = call.world.chat(scope.get("chat_id") or 0).id
    if kind == "chat_member":
        user_id = call.world.user(int(scope.get("user_id") or 0))["id"]
    return kind, chat_id, user_id, language


def command_key(
    scope_type: str | None, chat_id: int | None, user_id: int | None, language_code: str
) -> CommandKey:
    """The storage key of a command list, for the control side."""
    return scope_type or "default", chat_id, user_id, language_code


async def set_my_commands(call: ApiCall) -> bool:
    """setMyCommands; an empty list deletes, as in Telegram."""
    commands = call.params.opt_list("commands")
    if commands is None:
        raise ApiError.bad_request("commands is empty")
    if len(commands) > BotCommandLimit.MAX_COMMAND_NUMBER:
        raise ApiError.bad_request("BOT_COMMANDS_TOO_MUCH")
    cleaned = []
    for item in commands:
        command = item.get("command") if isinstance(item, dict) else None
        description = item.get("description") if isinstance(item, dict) else None
        if not isinstance(command, str) or not _COMMAND.fullmatch(command):
            raise ApiError.bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not (
            BotCommandLimit.MIN_DESCRIPTION <= len(description) <= BotCommandLimit.MAX_DESCRIPTION
        ):
            raise ApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command, "description": description})
    key = _command_key(call)
    if cleaned:
        call.world.commands[key] = cleaned
    else:
        call.world.commands.pop(key, None)
    return True


async def get_my_commands(call: ApiCall) -> list[JSON]:
    """getMyCommands: exactly that scope and language, without fallback, as in Telegram."""
    return copy.deepcopy(call.world.commands.get(_command_key(call), []))


async def delete_my_commands(call: ApiCall) -> bool:
    """deleteMyCommands."""
    call.world.commands.pop(_command_key(call), None)
    return True


async def set_chat_menu_button(call: ApiCall) -> bool:
    """setChatMenuButton."""
    chat_id = call.params.opt_int("chat_id")
    if chat_id is not None:
        call.world.chat(chat_id)
    call.world.menu_buttons[chat_id] = call.params.opt_obj("menu_button") or {"type": "default"}
    return True


async def get_chat_menu_button(call: ApiCall) -> JSON:
    """getChatMenuButton."""
    buttons = call.world.menu_buttons
    chat_id = call.params.opt_int("chat_id")
    return copy.deepcopy(buttons.get(chat_id) or buttons.get(None) or {"type": "commands"})


def _bot_text(field_name: str) -> tuple[Handler, Handler]:
    """A setMy<X>/getMy<X> pair storing one text per language."""

    async def setter(call: ApiCall) -> bool:
        key = (field_name, call.params.opt_str("language_code") or "")
        value = call.params.opt_str(field_name)
        if value:
            call.world.bot_texts[key] = value
        else:
            call.world.bot_texts.pop(key, None)
        return True

    async def getter(call: ApiCall) -> JSON:
        key = (field_name, call.params.opt_str("language_code") or "")
        default = call.world.bot_first_name if field_name == "name" else ""
        return {field_name: call.world.bot_texts.get(key, default)}

    return setter, getter


async def answer_callback_query(call: ApiCall) -> bool:
    """answerCallbackQuery: each query can be answered once."""
    query_id = call.params.req_str("callback_query_id")
    record = call.world.callback_queries.get(query_id)
    if record is None or record.answered:
        raise ApiError.bad_request(_EXPIRED_QUERY)
    text = call.params.opt_str("text")
    if text is not None and len(text) > _MAX_TOAST:
        raise ApiError.bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    answer = {
        "callback_query_id": query_id,
        "text": text,
        "show_alert": call.params.flag("show_alert"),
        "url": call.params.opt_str("url"),
        "cache_time": call.params.opt_int("cache_time") or 0,
    }
    call.world.callback_answers.setdefault(record.user_id, []).append(answer)
    call.emit("callback_answer", record.user_id, answer)
    return True


def _check_results(results: list[Any]) -> None:
    if len(results) > InlineQueryLimit.RESULTS:
        raise ApiError.bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict) or result.get("type") not in _RESULT_TYPES:
            raise ApiError.bad_request("RESULT_TYPE_INVALID")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
            raise ApiError.bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise ApiError.bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article" and not result.get("title"):
            raise ApiError.bad_request("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content and not content["message_text"]:
            raise ApiError.bad_request("MESSAGE_EMPTY")
        if isinstance(result.get("reply_markup"), dict):
            parse_markup(result["reply_markup"])


async def answer_inline_query(call: ApiCall) -> bool:
    """answerInlineQuery: each query can be answered once."""
    query_id = call.params.req_str("inline_query_id")
    record = call.world.inline_queries.get(query_id)
    if record is None or record.answered:
        raise ApiError.bad_request(_EXPIRED_QUERY)
    results = call.params.opt_list("results") or []
    _check_results(results)
    next_offset = call.params.opt_str("next_offset") or ""
    if len(next_offset.encode("utf-8")) > InlineQueryLimit.MAX_OFFSET_LENGTH:
        raise ApiError.bad_request("NEXT_OFFSET_INVALID")
    record.answered = True
    answer = {
        "inline_query_id": query_id,
        "query": record.query,
        "results": results,
        "next_offset": next_offset,
        "cache_time": call.params.opt_int("cache_time"),
        "is_personal": call.params.flag("is_personal"),
        "button": call.params.opt_obj("button"),
    }
    call.world.inline_answers[record.user_id] = answer
    call.emit("inline_answer", record.user_id, answer)
    return True


_set_description, _get_description = _bot_text("description")
_set_short_description, _get_short_description = _bot_text("short_description")
_set_name, _get_name = _bot_text("name")

METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "getChatAdministrators": get_chat_administrators,
    "getChatMemberCount": get_chat_member_count,
    "leaveChat": leave_chat,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "setMyDescription": _set_description,
    "getMyDescription": _get_description,
    "setMyShortDescription": _set_short_description,
    "getMyShortDescription": _get_short_description,
    "setMyName": _set_name,
    "getMyName": _get_name,
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
}
