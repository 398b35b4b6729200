"""`wijkwijzer chat`: the real bot in a terminal, with Telegram replaced by the sandbox core."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from telegram import Update
from telegram.constants import MessageLimit

from bot.application import build_application, start_services, stop_services
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.core.context import WijkApplication
from bot.i18n import Catalogues, Translator
from bot.web.redelivery import process_retrying
from sandbox import SandboxCore, SandboxRequest
from sandbox.errors import SandboxError

# Not a secret: the offline sandbox accepts any well-formed token.
LOCAL_TOKEN = "1000001:local-chat"  # noqa: S105
FILE_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "text/csv": ".csv"}

log = logging.getLogger(__name__)


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """A text longer than Telegram allows, cut into messages as Telegram's apps do: at the
    last line break, else the last space, before the limit (a hard cut only in a long word)."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        head = rest[:limit]
        cut = max(head.rfind("\n"), head.rfind(" "))
        cut = cut if cut > 0 else limit
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return [part for part in parts if part]


def _buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not markup:
        return []
    return [button for row in markup.get("inline_keyboard", []) for button in row]


class Terminal:
    """Shows what the bot sent as text and turns typed lines into Telegram updates."""

    def __init__(
        self,
        core: SandboxCore,
        user: dict[str, Any],
        t: Translator,
        out: TextIO,
        files_dir: Path | None = None,
    ) -> None:
        self.core = core
        self.user = user
        self.t = t
        self.out = out
        # Where files the bot sends (.ics, chart, CSV) are saved; made at the first file.
        self._files_dir = files_dir
        self._seen: dict[int, tuple[str | None, Any]] = {}
        self._keyboard: tuple[int, list[dict[str, Any]]] | None = None
        self._answers_shown = 0

    @property
    def chat_id(self) -> int:
        """The private chat of the local user."""
        return int(self.user["id"])

    def payload_for(self, line: str) -> dict[str, Any]:
        """A typed number presses that button of the latest keyboard; anything else is text."""
        text = line.strip()
        if self._keyboard and text.isdigit():
            message_id, buttons = self._keyboard
            index = int(text) - 1
            if 0 <= index < len(buttons) and "callback_data" in buttons[index]:
                data = buttons[index]["callback_data"]
                return {"user": self.user, "press": {"message_id": message_id, "data": data}}
        return {"user": self.user, "text": text}

    def show_new(self) -> None:
        """Print every message that is new or changed since the last call."""
        for message in self.core.messages(self.chat_id, 0):
            key = (message.get("text"), message.get("reply_markup"))
            message_id = int(message["message_id"])
            if self._seen.get(message_id) == key:
                continue
            edited = message_id in self._seen
            self._seen[message_id] = key
            self._print_message(message, edited=edited)
        answers = self.core.callback_answers(self.chat_id)
        for answer in answers[self._answers_shown :]:
            text = answer.get("text") if isinstance(answer, dict) else answer
            if text:
                self.out.write(f"  ({text})\n")
        self._answers_shown = len(answers)
        self.out.flush()

    def _print_message(self, message: dict[str, Any], *, edited: bool) -> None:
        label = self.t("chat.bot_edited") if edited else self.t("chat.bot")
        attachment = self._attachment(message)
        body = "\n".join(part for part in (message.get("text"), attachment) if part)
        self.out.write(f"{label}: {body}\n")
        saved = None if edited else self._save_file(message)
        if saved is not None:
            self.out.write("  " + self.t("chat.saved", path=str(saved)) + "\n")
        buttons = _buttons(message.get("reply_markup"))
        if buttons:
            self._keyboard = (int(message["message_id"]), buttons)
            parts = []
            for number, button in enumerate(buttons, start=1):
                suffix = f" ({self.t('chat.link')}: {button['url']})" if "url" in button else ""
                parts.append(f"[{number}] {button['text']}{suffix}")
            self.out.write("  " + "  ".join(parts) + "\n")

    def files_dir(self) -> Path:
        """The folder files are saved in (a new temporary one unless given)."""
        if self._files_dir is None:
            self._files_dir = Path(tempfile.mkdtemp(prefix="wijkwijzer-chat-"))
        self._files_dir.mkdir(parents=True, exist_ok=True)
        return self._files_dir

    def _save_file(self, message: dict[str, Any]) -> Path | None:
        """Save a document or photo the bot sent, so the chat user can open it."""
        if message.get("document"):
            file_id = str(message["document"]["file_id"])
        elif message.get("photo"):
            file_id = str(message["photo"][-1]["file_id"])
        else:
            return None
        stored = self.core.file(file_id)
        if stored is None:
            return None
        name = Path(stored.file_name or "").name
        if not name or name in (".", ".."):
            name = f"{stored.kind}{FILE_SUFFIXES.get(stored.mime_type, '')}"
        folder = self.files_dir()
        path = folder / name
        number = 1
        while path.exists():
            number += 1
            path = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
        path.write_bytes(stored.content)
        return path

    def _attachment(self, message: dict[str, Any]) -> str:
        if message.get("document"):
            return self.t("chat.document", name=message["document"].get("file_name") or "")
        if message.get("photo"):
            return self.t("chat.photo")
        if message.get("poll"):
            poll = message["poll"]
            options = " / ".join(option["text"] for option in poll.get("options", []))
            return f"{self.t('chat.poll')}: {poll.get('question')} ({options})"
        if message.get("location"):
            location = message["location"]
            return f"{self.t('chat.location')}: {location['latitude']}, {location['longitude']}"
        return ""


async def _read_line(stream: TextIO) -> str | None:
    line = await asyncio.get_running_loop().run_in_executor(None, stream.readline)
    return line if line else None


async def _send_line(
    application: WijkApplication, core: SandboxCore, terminal: Terminal, line: str
) -> None:
    """One typed line as the user's message(s): a text over Telegram's limit goes as several
    messages, as a Telegram app sends it; what the sandbox refuses is said, not a traceback."""
    payload = terminal.payload_for(line)
    texts = split_text(payload["text"]) if "text" in payload else [None]
    for text in texts:
        part = payload if text is None else {**payload, "text": text}
        try:
            update_data = core.inject(part, queue=False)
        except SandboxError as err:
            log.info("local chat line refused: %s", err)
            terminal.out.write(terminal.t("chat.refused", reason=str(err)) + "\n")
            return
        # handled as a fetched update is: again while the database is out of reach
        await process_retrying(application, Update.de_json(update_data, application.bot))


async def run_chat(
    settings: Settings,
    *,
    user_id: int = 1,
    language: str | None = None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    clock: Clock = system_clock,
    files_dir: Path | None = None,
) -> None:
    """Talk to the bot in the terminal until the input ends."""
    core = SandboxCore()
    # One person at a keyboard, or a script piping lines: no flood control here.
    settings = dataclasses.replace(settings, flood_control=False)
    application: WijkApplication = build_application(
        settings,
        token=LOCAL_TOKEN,
        request=SandboxRequest(core),
        updates_request=SandboxRequest(core),
        clock=clock,
    )
    t = Catalogues(settings.timezone, settings.default_language).translator(language)
    user = {"id": user_id, "first_name": t("chat.user_name"), "is_bot": False}
    if language:
        user["language_code"] = language
    terminal = Terminal(core, user, t, out, files_dir)
    interactive = stdin.isatty()
    async with application:
        await start_services(application)
        await application.start()
        try:
            if interactive:
                out.write(t("chat.intro") + "\n")
            while True:
                if interactive:
                    out.write("> ")
                    out.flush()
                line = await _read_line(stdin)
                if line is None:
                    break
                if not line.strip():
                    continue
                if not interactive:
                    out.write(f"{t('chat.you')}: {line.strip()}\n")
                await _send_line(application, core, terminal, line)
                terminal.show_new()
        finally:
            await application.stop()
            await stop_services(application)
