"""Telegram's MarkdownV2 and legacy Markdown parse modes."""

from __future__ import annotations

from typing import Any

from sandbox.entities import Entity, EntityText, OpenEntity, cant_parse
from sandbox.errors import ApiError

_DISPLAY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


class MarkdownV2Parser:
    """MarkdownV2: nesting allowed, every reserved character outside markup must be escaped."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.out = EntityText()
        self.stack: list[OpenEntity] = []
        self._quote_start: int | None = None
        self._quote_end = 0

    def _byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def _reserved(self, char: str) -> ApiError:
        return cant_parse(
            f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
        )

    def _unclosed(self, opened: OpenEntity) -> ApiError:
        name = _DISPLAY_NAMES.get(opened.kind or "", opened.tag)
        return cant_parse(f"Can't find end of {name} entity at byte offset {opened.byte_offset}")

    def parse(self) -> tuple[str, list[Entity]]:
        src, i = self.src, 0
        while i < len(src):
            if i == 0 or src[i - 1] == "\n":
                after_quote_mark = self._line_start(i)
                if after_quote_mark != i:
                    i = after_quote_mark
                    continue
            char = src[i]
            if char == "\\":
                i = self._escape(i)
            elif char == "\n":
                self._quote_end = self.out.length
                self.out.add(char)
                i += 1
            elif char == "`":
                i = self._pre(i) if src.startswith("```", i) else self._code(i)
            elif char in "*~_" or (char == "|" and src.startswith("||", i)):
                i = self._toggle(i)
            elif char in "[]!":
                i = self._link_part(i)
            elif char in _MDV2_RESERVED:
                raise self._reserved(char)
            else:
                self.out.add(char)
                i += 1
        if self._quote_start is not None:
            self.out.entity("blockquote", self._quote_start)
        if self.stack:
            raise self._unclosed(self.stack[-1])
        return self.out.result()

    def _line_start(self, i: int) -> int:
        """Consume a ``>`` that starts or continues a block quote; close a quote that ended."""
        if self.src[i] == ">":
            if self._quote_start is None:
                self._quote_start = self.out.length
            return i + 1
        if self._quote_start is not None:
            length = self._quote_end - self._quote_start
            self.out.entities.append(
                {"type": "blockquote", "offset": self._quote_start, "length": length}
            )
            self._quote_start = None
        return i

    def _escape(self, i: int) -> int:
        if i + 1 < len(self.src) and 1 <= ord(self.src[i + 1]) <= 126:
            self.out.add(self.src[i + 1])
            return i + 2
        raise self._reserved("\\")

    def _toggle(self, i: int) -> int:
        src = self.src
        top = self.stack[-1] if self.stack else None
        if src.startswith("||", i):
            kind, width = "spoiler", 2
        elif src.startswith("__", i) and not (top and top.kind == "italic"):
            kind, width = "underline", 2
        else:
            kind, width = {"*": "bold", "_": "italic", "~": "strikethrough"}[src[i]], 1
        if top and top.kind == kind:
            self.stack.pop()
            self.out.entity(kind, top.start)
        elif any(opened.kind == kind for opened in self.stack):
            raise self._unclosed(next(o for o in self.stack if o.kind == kind))
        else:
            self.stack.append(
                OpenEntity(src[i : i + width], kind, self.out.length, self._byte_offset(i))
            )
        return i + width

    def _literal_until(self, i: int, end: str, opened: OpenEntity) -> tuple[str, int]:
        """Read escaped text up to ``end``; return it and the index after ``end``."""
        src, chars = self.src, []
        while i < len(src):
            if src[i] == "\\" and i + 1 < len(src):
                chars.append(src[i + 1])
                i += 2
            elif src.startswith(end, i):
                return "".join(chars), i + len(end)
            else:
                chars.append(src[i])
                i += 1
        raise self._unclosed(opened)

    def _code(self, i: int) -> int:
        opened = OpenEntity("`", "code", self.out.length, self._byte_offset(i))
        text, after = self._literal_until(i + 1, "`", opened)
        self.out.add(text)
        self.out.entity("code", opened.start)
        return after

    def _pre(self, i: int) -> int:
        opened = OpenEntity("```", "pre", self.out.length, self._byte_offset(i))
        text, after = self._literal_until(i + 3, "```", opened)
        language, newline, body = text.partition("\n")
        extra: dict[str, Any] = {}
        if newline and language and " " not in language:
            extra, text = {"language": language}, body
        self.out.add(text)
        self.out.entity("pre", opened.start, **extra)
        return after

    def _link_part(self, i: int) -> int:
        """``[`` or ``![`` opens a link or custom emoji, ``](...)`` closes it."""
        char = self.src[i]
        if char == "[" or self.src.startswith("![", i):
            kind = "custom_emoji" if char == "!" else "text_link"
            self.stack.append(OpenEntity(char, kind, self.out.length, self._byte_offset(i)))
            return i + (2 if char == "!" else 1)
        if char != "]" or not self.stack or self.stack[-1].tag not in {"[", "!"}:
            raise self._reserved(char)
        opened = self.stack.pop()
        if not self.src.startswith("(", i + 1):
            raise self._unclosed(opened)
        url, after = self._literal_until(i + 2, ")", opened)
        if opened.kind == "custom_emoji":
            emoji_id = url.partition("id=")[2]
            self.out.entity("custom_emoji", opened.start, custom_emoji_id=emoji_id)
        else:
            self.out.entity("text_link", opened.start, url=url)
        return after


class MarkdownParser:
    """The legacy Markdown mode: no nesting, ``\\`` escapes only ``_*`[`` outside entities."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.out = EntityText()

    def _unclosed(self, index: int) -> ApiError:
        offset = len(self.src[:index].encode("utf-8"))
        return cant_parse(f"Can't find end of the entity starting at byte offset {offset}")

    def parse(self) -> tuple[str, list[Entity]]:
        src, i = self.src, 0
        while i < len(src):
            char = src[i]
            if char == "\\" and i + 1 < len(src) and src[i + 1] in "_*`[":
                self.out.add(src[i + 1])
                i += 2
            elif char in "*_":
                end = src.find(char, i + 1)
                if end < 0:
                    raise self._unclosed(i)
                start = self.out.length
                self.out.add(src[i + 1 : end])
                self.out.entity("bold" if char == "*" else "italic", start)
                i = end + 1
            elif char == "`":
                i = self._code(i)
            elif char == "[":
                i = self._link(i)
            else:
                self.out.add(char)
                i += 1
        return self.out.result()

    def _code(self, i: int) -> int:
        fence = "```" if self.src.startswith("```", i) else "`"
        end = self.src.find(fence, i + len(fence))
        if end < 0:
            raise self._unclosed(i)
        text = self.src[i + len(fence) : end]
        extra: dict[str, Any] = {}
        if fence == "```":
            language, newline, body = text.partition("\n")
            if newline and language and " " not in language:
                extra, text = {"language": language}, body
        start = self.out.length
        self.out.add(text)
        self.out.entity("pre" if fence == "```" else "code", start, **extra)
        return end + len(fence)

    def _link(self, i: int) -> int:
        close = self.src.find("]", i + 1)
        if close < 0:
            raise self._unclosed(i)
        if not self.src.startswith("(", close + 1):
            self.out.add(self.src[i : close + 1])
            return close + 1
        url_end = self.src.find(")", close + 2)
        if url_end < 0:
            raise self._unclosed(i)
        start = self.out.length
        self.out.add(self.src[i + 1 : close])
        self.out.entity("text_link", start, url=self.src[close + 2 : url_end])
        return url_end + 1
