"""Telegram's parse modes: plain text plus entities, or Telegram's 400; the HTML mode lives here."""

from __future__ import annotations

import re
from typing import Any

from sandbox.entities import Entity, EntityText, OpenEntity, cant_parse, utf16_len
from sandbox.errors import ApiError
from sandbox.markdown import MarkdownParser, MarkdownV2Parser

__all__ = ["Entity", "parse_entities", "utf16_len"]


def parse_entities(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Plain text and entities of a text in a parse mode; Telegram's 400 on bad markup."""
    mode = (parse_mode or "").lower()
    if not mode:
        return text, []
    if mode == "html":
        return _HtmlParser(text).parse()
    if mode == "markdownv2":
        return MarkdownV2Parser(text).parse()
    if mode == "markdown":
        return MarkdownParser(text).parse()
    raise ApiError.bad_request("unsupported parse_mode")


_HTML_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}


class _HtmlParser:
    _TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
    _ATTR = re.compile(
        r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
    )
    _CHAR_REF = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
    _PLAIN_RUN = re.compile(r"[^<&]+")

    def __init__(self, source: str) -> None:
        self.src = source
        self.out = EntityText()
        self.stack: list[OpenEntity] = []

    def _byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def parse(self) -> tuple[str, list[Entity]]:
        src, i = self.src, 0
        while i < len(src):
            run = self._PLAIN_RUN.match(src, i)
            if run:
                self.out.add(run.group())
                i = run.end()
            elif src[i] == "&":
                ref = self._CHAR_REF.match(src, i)
                self.out.add(self._char(ref.group(1)) if ref else "&")
                i = ref.end() if ref else i + 1
            else:
                tag = self._TAG.match(src, i)
                if tag is None:
                    raise cant_parse(
                        f'Unsupported start tag "" at byte offset {self._byte_offset(i)}'
                    )
                if tag.group(1):
                    self._close(tag.group(2).lower(), i)
                else:
                    self._open(tag.group(2).lower(), self._attrs(tag.group(3)), i)
                i = tag.end()
        if self.stack:
            raise cant_parse(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        return self.out.result()

    def _char(self, ref: str) -> str:
        if ref in _HTML_NAMED_REFS:
            return _HTML_NAMED_REFS[ref]
        code = int(ref[2:], 16) if ref[1:2] in {"x", "X"} else int(ref[1:])
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"

    def _attrs(self, raw: str) -> dict[str, str]:
        attrs = {}
        for match in self._ATTR.finditer(raw):
            value = next((g for g in match.groups()[1:] if g is not None), "")
            # Attribute values carry character references too (href="...?a=1&amp;b=2").
            attrs[match.group(1).lower()] = self._CHAR_REF.sub(
                lambda ref: self._char(ref.group(1)), value
            )
        return attrs

    def _open(self, tag: str, attrs: dict[str, str], index: int) -> None:
        kind: str | None
        extra: dict[str, Any] = {}
        if tag in _HTML_SIMPLE_TAGS:
            kind = _HTML_SIMPLE_TAGS[tag]
            parent = self.stack[-1] if self.stack else None
            language = attrs.get("class", "")
            if (
                tag == "code"
                and parent
                and parent.kind == "pre"
                and language.startswith("language-")
            ):
                # <pre><code class="language-x"> is one pre entity with a language.
                parent.extra["language"] = language.removeprefix("language-")
                kind = None
        elif tag == "span" and attrs.get("class") == "tg-spoiler":
            kind = "spoiler"
        elif tag == "a":
            href = attrs.get("href", "")
            kind = "text_link" if href else None
            extra = {"url": href} if href else {}
        elif tag == "blockquote":
            kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        elif tag == "tg-emoji" and attrs.get("emoji-id"):
            kind, extra = "custom_emoji", {"custom_emoji_id": attrs["emoji-id"]}
        else:
            raise cant_parse(
                f'Unsupported start tag "{tag}" at byte offset {self._byte_offset(index)}'
            )
        self.stack.append(OpenEntity(tag, kind, self.out.length, self._byte_offset(index), extra))

    def _close(self, tag: str, index: int) -> None:
        if not self.stack:
            raise cant_parse(f"Unexpected end tag at byte offset {self._byte_offset(index)}")
        top = self.stack[-1]
        if top.tag != tag:
            raise cant_parse(
                f"Unmatched end tag at byte offset {self._byte_offset(index)}, "
                f'expected "</{top.tag}>", found "</{tag}>"'
            )
        self.stack.pop()
        if top.kind:
            self.out.entity(top.kind, top.start, **top.extra)
