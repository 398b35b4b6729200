"""The sandbox's world: users, chats, messages, files, polls and what the bot said outside chats."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from sandbox.errors import ApiError

JSON = dict[str, Any]
GROUP_TYPES = frozenset({"group", "supergroup"})
# What Telegram answers to a bot that writes where it no longer may.
_GONE = {
    ("group", "kicked"): "bot was kicked from the group chat",
    ("supergroup", "kicked"): "bot was kicked from the supergroup chat",
    ("group", "left"): "bot is not a member of the group chat",
    ("supergroup", "left"): "bot is not a member of the supergroup chat",
}
_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
)


@dataclass
class Counters:
    """Ids that survive a reset, so a bot that keeps running never sees an id twice."""

    update_id: int = 0
    message_ids: dict[int, int] = field(default_factory=dict)
    serial: int = 0

    def next_message_id(self, chat_id: int) -> int:
        """Message ids are per chat and shared by the users' and the bot's messages."""
        self.message_ids[chat_id] = self.message_ids.get(chat_id, 0) + 1
        return self.message_ids[chat_id]

    def next_serial(self) -> int:
        """A number for callback query, inline query, poll and file ids."""
        self.serial += 1
        return self.serial


@dataclass
class StoredMessage:
    """A message as the bot sees it, plus the markup as sent (reply keyboards included)."""

    data: JSON
    from_bot: bool
    sent_markup: JSON | None = None
    edited: bool = False


@dataclass
class ChatRecord:
    """A chat with its history and the members the sandbox knows."""

    data: JSON
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    members: dict[int, str] = field(default_factory=dict)
    bot_status: str = "member"

    @property
    def id(self) -> int:
        """The chat id."""
        return int(self.data["id"])

    @property
    def type(self) -> str:
        """private, group or supergroup."""
        return str(self.data["type"])


@dataclass
class StoredFile:
    """A file the bot uploaded."""

    file_id: str
    file_unique_id: str
    content: bytes
    mime_type: str
    file_name: str
    kind: str


@dataclass
class PollRecord:
    """Where a poll lives and who voted for what."""

    chat_id: int
    message_id: int
    votes: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class QueryRecord:
    """A callback or inline query a user sent, until the bot answers it."""

    user_id: int
    query: str = ""
    answered: bool = False


class World:
    """All state of one sandbox; :meth:`SandboxCore.reset` replaces it, keeping the counters."""

    def __init__(self, counters: Counters, bot_id: int, username: str, first_name: str) -> None:
        self.counters = counters
        self.bot_id = bot_id
        self.bot_username = username
        self.bot_first_name = first_name
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, ChatRecord] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, StoredFile] = {}
        self.polls: dict[str, PollRecord] = {}
        self.callback_queries: dict[str, QueryRecord] = {}
        self.inline_queries: dict[str, QueryRecord] = {}
        self.callback_answers: dict[int, list[JSON]] = {}
        self.inline_answers: dict[int, JSON] = {}
        self.commands: dict[tuple[str, int | None, int | None, str], list[JSON]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}

    # --- identities -------------------------------------------------------------------------

    def bot_user(self) -> JSON:
        """The bot as a Telegram User."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def user(self, user_id: int) -> JSON:
        """A known user, or 400 like Telegram."""
        if user_id == self.bot_id:
            return self.bot_user()
        if user_id not in self.users:
            raise ApiError.bad_request("user not found")
        return self.users[user_id]

    # --- chats ------------------------------------------------------------------------------

    def find_chat(self, chat_id: int | str) -> ChatRecord | None:
        """A chat by id or ``@username``."""
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            return next(
                (c for c in self.chats.values() if str(c.data.get("username", "")).lower() == name),
                None,
            )
        return self.chats.get(chat_id)

    def chat(self, chat_id: int | str) -> ChatRecord:
        """A known chat, or 400 "chat not found"."""
        record = self.find_chat(chat_id)
        if record is None:
            raise ApiError.bad_request("chat not found")
        return record

    def writable_chat(self, chat_id: int | str) -> ChatRecord:
        """A chat the bot may write to, or the 400/403 Telegram gives."""
        record = self.chat(chat_id)
        if record.type == "private" and record.id in self.blocked:
            raise ApiError.forbidden("bot was blocked by the user")
        gone = _GONE.get((record.type, record.bot_status))
        if gone:
            raise ApiError.forbidden(gone)
        return record

    def message(self, chat: ChatRecord, message_id: int, missing: str) -> StoredMessage:
        """A message in a chat, or 400 with the given reason."""
        stored = chat.messages.get(message_id)
        if stored is None:
            raise ApiError.bad_request(missing)
        return stored

    def add_message(self, chat: ChatRecord, content: JSON, *, sender: JSON, now: int) -> JSON:
        """Give a new message its id and envelope, and keep it in the chat's history."""
        message_id = self.counters.next_message_id(chat.id)
        message = {
            "message_id": message_id,
            "from": sender,
            "chat": dict(chat.data),
            "date": now,
            **content,
        }
        chat.messages[message_id] = StoredMessage(
            data=message, from_bot=sender["id"] == self.bot_id
        )
        return message

    # --- members ----------------------------------------------------------------------------

    def member_status(self, chat: ChatRecord, user_id: int) -> str:
        """What Telegram's getChatMember says about a user."""
        if user_id == self.bot_id:
            return chat.bot_status
        if chat.type == "private":
            return "member" if user_id == chat.id else "left"
        return chat.members.get(user_id, "left")

    def member(self, chat: ChatRecord, user_id: int) -> JSON:
        """A ChatMember object."""
        return member_object(self.user(user_id), self.member_status(chat, user_id))

    # --- export -----------------------------------------------------------------------------

    def bot_messages(self, chat_id: int, after: int) -> list[JSON]:
        """The bot's messages in a chat after a message id, in the control API's shape."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [
            control_view(stored)
            for message_id, stored in sorted(chat.messages.items())
            if stored.from_bot and message_id > after
        ]


def member_object(user: JSON, status: str) -> JSON:
    """A ChatMember of the given status with every field PTB 22 requires."""
    member: JSON = {"status": status, "user": copy.deepcopy(user)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False})
        member.update(dict.fromkeys(_ADMIN_RIGHTS, True))
        member["can_manage_topics"] = False
    elif status == "kicked":
        member["until_date"] = 0
    return member


def control_view(stored: StoredMessage) -> JSON:
    """A bot message as ``GET /_sandbox/messages`` shows it."""
    data = stored.data
    view = {
        "message_id": data["message_id"],
        "date": data["date"],
        "text": data.get("text", data.get("caption")),
        "reply_markup": stored.sent_markup,
        "document": data.get("document"),
        "photo": data.get("photo"),
        "poll": data.get("poll"),
        "location": data.get("location"),
        "edited": stored.edited,
    }
    if "reply_to_message" in data:
        view["reply_to_message_id"] = data["reply_to_message"]["message_id"]
    return copy.deepcopy(view)
