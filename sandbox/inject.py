"""Turning a control payload (a user's action) into the update Telegram would send the bot."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from telegram.constants import InlineQueryLimit, MessageLimit

from sandbox.errors import SandboxError
from sandbox.world import (
    GROUP_TYPES,
    JSON,
    ChatRecord,
    QueryRecord,
    StoredMessage,
    World,
    member_object,
)

ACTIONS = ("text", "press", "location", "inline_query", "poll_answer", "my_chat_member")
_EXTRA_KEYS = frozenset({"user", "chat", "member_status", "reply_to_message_id"})
_USER_FIELDS = ("first_name", "last_name", "username", "language_code", "is_premium")
_COMMAND = re.compile(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_SENDER_STATUSES = frozenset({"member", "administrator", "creator"})
_BOT_STATUSES = frozenset({"member", "kicked", "left", "administrator"})


@dataclass
class _Context:
    """A validated payload, with the world only changed by :meth:`commit`."""

    world: World
    user: JSON
    chat_data: JSON
    member_status: str | None
    now: int

    def chat(self) -> ChatRecord | None:
        return self.world.chats.get(self.chat_data["id"])

    def commit(self) -> ChatRecord:
        """Record the user, the chat and the sender's membership."""
        world = self.world
        world.users[self.user["id"]] = self.user
        chat = world.chats.get(self.chat_data["id"])
        if chat is None:
            chat = world.chats[self.chat_data["id"]] = ChatRecord(data=self.chat_data)
        else:
            chat.data.update(self.chat_data)
        if chat.type in GROUP_TYPES:
            if self.member_status is not None:
                chat.members[self.user["id"]] = self.member_status
            chat.members.setdefault(self.user["id"], "member")
        return chat


def chat_instance(chat_id: int) -> str:
    """A stable opaque string per chat, as Telegram's ``chat_instance``."""
    return str((chat_id * 6364136223846793005 + 1442695040888963407) % 2**63)


def build_update(world: World, payload: Mapping[str, Any], now: int) -> JSON:
    """The update (without ``update_id``) for a control payload; the world records its effects."""
    if not isinstance(payload, Mapping):
        raise SandboxError("the payload must be a JSON object")
    actions = [key for key in ACTIONS if key in payload]
    if len(actions) != 1:
        found = ", ".join(actions) or "none"
        raise SandboxError(f"give exactly one of {', '.join(ACTIONS)} (found: {found})")
    unknown = set(payload) - _EXTRA_KEYS - set(ACTIONS)
    if unknown:
        raise SandboxError(f"unknown payload keys: {', '.join(sorted(unknown))}")
    user = _parse_user(payload.get("user"))
    chat_data = _parse_chat(payload.get("chat"), user)
    status = payload.get("member_status")
    if status is not None and (status not in _SENDER_STATUSES or chat_data["type"] == "private"):
        raise SandboxError(
            "member_status must be member, administrator or creator, and only in a group chat"
        )
    context = _Context(world, user, chat_data, status, now)
    builder = _BUILDERS[actions[0]]
    return builder(context, payload[actions[0]], payload)


def _parse_user(raw: Any) -> JSON:
    if not isinstance(raw, Mapping) or not _is_int(raw.get("id")) or raw["id"] <= 0:
        raise SandboxError('"user" must be an object with a positive integer "id"')
    user: JSON = {"id": raw["id"], "is_bot": False, "first_name": f"User {raw['id']}"}
    user.update({key: raw[key] for key in _USER_FIELDS if raw.get(key) is not None})
    return user


def _parse_chat(raw: Any, user: JSON) -> JSON:
    if raw is None:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        chat.update({key: user[key] for key in ("last_name", "username") if key in user})
        return chat
    if not isinstance(raw, Mapping) or not _is_int(raw.get("id")):
        raise SandboxError('"chat" must be an object with an integer "id"')
    kind = raw.get("type", "group")
    if kind == "private":
        if raw["id"] != user["id"]:
            raise SandboxError("a private chat's id is the user's id")
        return _parse_chat(None, user)
    if kind not in GROUP_TYPES:
        raise SandboxError('chat "type" must be private, group or supergroup')
    if raw["id"] >= 0:
        raise SandboxError("group chat ids are negative")
    chat = {"id": raw["id"], "type": kind, "title": str(raw.get("title") or f"Chat {raw['id']}")}
    if raw.get("username"):
        chat["username"] = raw["username"]
    return chat


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _user_message(context: _Context, content: JSON, reply_to: Any) -> JSON:
    existing = context.chat()
    reply: JSON | None = None
    if reply_to is not None:
        stored = existing.messages.get(reply_to) if existing else None
        if stored is None:
            raise SandboxError(
                f"no message {reply_to} in chat {context.chat_data['id']} to reply to"
            )
        reply = copy.deepcopy(stored.data)
        reply.pop("reply_to_message", None)
    chat = context.commit()
    if reply is not None:
        content = {**content, "reply_to_message": reply}
    message = context.world.add_message(chat, content, sender=context.user, now=context.now)
    return {"message": copy.deepcopy(message)}


def _text(context: _Context, text: Any, payload: Mapping[str, Any]) -> JSON:
    if not isinstance(text, str) or not text.strip():
        raise SandboxError('"text" must be a non-empty string')
    if len(text) > MessageLimit.MAX_TEXT_LENGTH:
        raise SandboxError("a text has at most 4096 characters")
    content: JSON = {"text": text}
    command = _COMMAND.match(text)
    if command:
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
    return _user_message(context, content, payload.get("reply_to_message_id"))


def _location(context: _Context, raw: Any, payload: Mapping[str, Any]) -> JSON:
    if not isinstance(raw, Mapping):
        raise SandboxError('"location" must be an object with "latitude" and "longitude"')
    latitude: Any = raw.get("latitude")
    longitude: Any = raw.get("longitude")
    if not (
        _is_number(latitude)
        and _is_number(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    ):
        raise SandboxError("latitude must be within -90..90 and longitude within -180..180")
    location: JSON = {"latitude": float(latitude), "longitude": float(longitude)}
    if raw.get("horizontal_accuracy") is not None:
        location["horizontal_accuracy"] = raw["horizontal_accuracy"]
    return _user_message(context, {"location": location}, payload.get("reply_to_message_id"))


def _find_button(stored: StoredMessage, label: str) -> tuple[str, JSON] | None:
    """The button with that label: ("inline", button) or ("reply", button)."""
    for kind, key in (("inline", "inline_keyboard"), ("reply", "keyboard")):
        rows = (stored.sent_markup or {}).get(key) or []
        for row in rows:
            for button in row:
                text = button if isinstance(button, str) else button.get("text")
                if text == label:
                    return kind, button if isinstance(button, dict) else {"text": button}
    return None


def _labels(stored: StoredMessage) -> list[str]:
    markup = stored.sent_markup or {}
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [b if isinstance(b, str) else str(b.get("text")) for row in rows for b in row]


def _press(context: _Context, raw: Any, payload: Mapping[str, Any]) -> JSON:
    if not isinstance(raw, Mapping) or not _is_int(raw.get("message_id")):
        raise SandboxError('"press" must be an object with an integer "message_id"')
    if ("button" in raw) == ("data" in raw):
        raise SandboxError('"press" needs exactly one of "button" (a label) or "data"')
    chat = context.chat()
    stored = chat.messages.get(raw["message_id"]) if chat else None
    if stored is None or not stored.from_bot:
        raise SandboxError(f"no bot message {raw['message_id']} in chat {context.chat_data['id']}")
    data = raw.get("data")
    if "button" in raw:
        found = _find_button(stored, raw["button"])
        if found is None:
            raise SandboxError(
                f"message {raw['message_id']} has no button {raw['button']!r}; "
                f"it has: {_labels(stored)}"
            )
        kind, button = found
        if kind == "reply":
            # A reply keyboard button just sends its label as a text message.
            if len(button) > 1:
                raise SandboxError(f"button {raw['button']!r} requests data; send it as an action")
            return _text(context, button["text"], {})
        if "callback_data" not in button:
            action = next(key for key in button if key != "text")
            raise SandboxError(
                f"button {raw['button']!r} is a {action} button: pressing it sends the bot nothing"
            )
        data = button["callback_data"]
    if not isinstance(data, str) or not data:
        raise SandboxError('"data" must be a non-empty string')
    chat = context.commit()
    query_id = str(4_000_000_000_000_000_000 + context.world.counters.next_serial())
    context.world.callback_queries[query_id] = QueryRecord(user_id=context.user["id"], query=data)
    query = {
        "id": query_id,
        "from": copy.deepcopy(context.user),
        "message": copy.deepcopy(stored.data),
        "chat_instance": chat_instance(chat.id),
        "data": data,
    }
    return {"callback_query": query}


def _inline_query(context: _Context, raw: Any, payload: Mapping[str, Any]) -> JSON:
    query, offset = (raw, "") if isinstance(raw, str) else (None, None)
    if isinstance(raw, Mapping):
        query, offset = raw.get("query", ""), raw.get("offset", "")
    if not isinstance(query, str) or not isinstance(offset, str):
        raise SandboxError('"inline_query" must be a string or {"query": ..., "offset": ...}')
    if len(query) > InlineQueryLimit.MAX_QUERY_LENGTH:
        raise SandboxError("an inline query has at most 256 characters")
    context.world.users[context.user["id"]] = context.user
    query_id = str(3_000_000_000_000_000_000 + context.world.counters.next_serial())
    context.world.inline_queries[query_id] = QueryRecord(user_id=context.user["id"], query=query)
    chat_type = "sender" if context.chat_data["type"] == "private" else context.chat_data["type"]
    inline = {
        "id": query_id,
        "from": copy.deepcopy(context.user),
        "query": query,
        "offset": offset,
        "chat_type": chat_type,
    }
    return {"inline_query": inline}


def _poll_answer(context: _Context, raw: Any, payload: Mapping[str, Any]) -> JSON:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("poll_id"), str):
        raise SandboxError('"poll_answer" must be an object with a string "poll_id"')
    world = context.world
    record = world.polls.get(raw["poll_id"])
    stored = world.chats[record.chat_id].messages.get(record.message_id) if record else None
    if record is None or stored is None:
        raise SandboxError(f"no poll with id {raw['poll_id']!r}")
    poll = stored.data["poll"]
    option_ids = raw.get("option_ids", [])
    if not isinstance(option_ids, list) or not all(_is_int(i) for i in option_ids):
        raise SandboxError('"option_ids" must be a list of integers (empty retracts the vote)')
    if poll["is_closed"]:
        raise SandboxError(f"poll {raw['poll_id']} is closed")
    if len(set(option_ids)) != len(option_ids) or any(
        not 0 <= i < len(poll["options"]) for i in option_ids
    ):
        raise SandboxError(f"option_ids must be distinct and within 0..{len(poll['options']) - 1}")
    if len(option_ids) > 1 and not poll["allows_multiple_answers"]:
        raise SandboxError("this poll allows one answer only")
    if context.user["id"] in record.votes and not poll.get("allows_revoting", True):
        raise SandboxError("this poll does not allow changing a vote")
    world.users[context.user["id"]] = context.user
    if option_ids:
        record.votes[context.user["id"]] = list(option_ids)
    else:
        record.votes.pop(context.user["id"], None)
    for index, option in enumerate(poll["options"]):
        option["voter_count"] = sum(index in votes for votes in record.votes.values())
    poll["total_voter_count"] = len(record.votes)
    if poll["is_anonymous"]:
        # Telegram sends no poll_answer for anonymous polls, only the poll's new state.
        return {"poll": copy.deepcopy(poll)}
    answer = {
        "poll_id": poll["id"],
        "user": copy.deepcopy(context.user),
        "option_ids": option_ids,
        "option_persistent_ids": [poll["options"][i]["persistent_id"] for i in option_ids],
    }
    return {"poll_answer": answer}


def _my_chat_member(context: _Context, status: Any, payload: Mapping[str, Any]) -> JSON:
    if status not in _BOT_STATUSES:
        raise SandboxError('"my_chat_member" must be "member", "kicked", "left" or "administrator"')
    private = context.chat_data["type"] == "private"
    if private and status == "administrator":
        raise SandboxError("the bot cannot be an administrator of a private chat")
    existing = context.chat()
    old = existing.bot_status if existing else "left"
    chat = context.commit()
    chat.bot_status = status
    if private and status == "kicked":
        context.world.blocked.add(chat.id)
    elif private:
        context.world.blocked.discard(chat.id)
    bot = context.world.bot_user()
    update = {
        "chat": copy.deepcopy(chat.data),
        "from": copy.deepcopy(context.user),
        "date": context.now,
        "old_chat_member": member_object(bot, old),
        "new_chat_member": member_object(bot, status),
    }
    return {"my_chat_member": update}


_Builder = Callable[[_Context, Any, Mapping[str, Any]], JSON]
_BUILDERS: dict[str, _Builder] = {
    "text": _text,
    "press": _press,
    "location": _location,
    "inline_query": _inline_query,
    "poll_answer": _poll_answer,
    "my_chat_member": _my_chat_member,
}
