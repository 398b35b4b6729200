"""A small HTTP/1.1 layer: requests in, responses out, and bodies decoded into Bot API fields."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from sandbox.params import FilePart, encode_form

MAX_BODY_BYTES = 64 * 1024 * 1024
_MAX_HEAD_BYTES = 64 * 1024
_DISPOSITION_PARAM = re.compile(r';\s*([a-zA-Z*]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))')


class UnreadableRequestError(ValueError):
    """A request the server cannot read."""


@dataclass
class Request:
    """One HTTP request as read from the socket."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    keep_alive: bool = True

    @property
    def content_type(self) -> str:
        """The media type without parameters, lowercase."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The body as JSON (an empty body is an empty object)."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise UnreadableRequestError("the body is not valid JSON") from exc


async def read_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter | None = None
) -> Request | None:
    """Read one request; None when the client closed the connection between requests."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as exc:
        raise UnreadableRequestError("request head too large") from exc
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, version = lines[0].split(" ", 2)
    except ValueError as exc:
        raise UnreadableRequestError("malformed request line") from exc
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    parts = urlsplit(target)
    request = Request(
        method=method.upper(),
        path=unquote(parts.path),
        query=dict(parse_qsl(parts.query, keep_blank_values=True)),
        headers=headers,
    )
    connection = headers.get("connection", "").lower()
    request.keep_alive = connection != "close" and (
        version != "HTTP/1.0" or connection == "keep-alive"
    )
    if writer is not None and headers.get("expect", "").lower() == "100-continue":
        # curl asks before sending larger bodies; without this it waits a second.
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    request.body = await _read_body(reader, headers)
    return request


async def _read_body(reader: asyncio.StreamReader, headers: Mapping[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = await reader.readuntil(b"\r\n")
            try:
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
            except ValueError as exc:
                raise UnreadableRequestError("bad chunk size") from exc
            total += size
            if total > MAX_BODY_BYTES:
                raise UnreadableRequestError("body too large")
            if size == 0:
                await reader.readuntil(b"\r\n")  # no trailers are expected
                return b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    try:
        length = int(headers.get("content-length", "0"))
    except ValueError as exc:
        raise UnreadableRequestError("bad Content-Length") from exc
    if length < 0 or length > MAX_BODY_BYTES:
        raise UnreadableRequestError("body too large")
    return await reader.readexactly(length) if length else b""


def write_response(
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    content_type: str = "application/json",
    *,
    keep_alive: bool = True,
) -> None:
    """Write one response with a Content-Length body."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    head = (
        f"HTTP/1.1 {status} {phrase}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n"
        "Server: wijkwijzer-sandbox\r\n\r\n"
    )
    writer.write(head.encode("latin-1") + body)


def json_response_body(value: Any) -> bytes:
    """JSON as Telegram sends it: UTF-8, no ASCII escaping."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def bot_api_fields(request: Request) -> tuple[dict[str, str], dict[str, FilePart]]:
    """Form fields and files from the query string and a JSON, urlencoded or multipart body."""
    fields = dict(request.query)
    files: dict[str, FilePart] = {}
    kind = request.content_type
    if kind == "application/json":
        value = request.json()
        if not isinstance(value, dict):
            raise UnreadableRequestError("the JSON body must be an object")
        fields.update(encode_form(value))
    elif kind == "application/x-www-form-urlencoded":
        text = request.body.decode("utf-8", "replace")
        fields.update(parse_qsl(text, keep_blank_values=True))
    elif kind == "multipart/form-data":
        more_fields, files = parse_multipart(request.headers.get("content-type", ""), request.body)
        fields.update(more_fields)
    return fields, files


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, FilePart]]:
    """Split a multipart/form-data body exactly (file bytes are kept as sent)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        raise UnreadableRequestError("multipart body without boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    fields: dict[str, str] = {}
    files: dict[str, FilePart] = {}
    for raw_part in body.split(delimiter)[1:]:
        if raw_part.startswith(b"--"):
            break
        part = raw_part.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, separator, content = part.partition(b"\r\n\r\n")
        if not separator:
            raise UnreadableRequestError("malformed multipart part")
        headers = _part_headers(head)
        params = _disposition_params(headers.get("content-disposition", ""))
        name = params.get("name")
        if name is None:
            continue
        if "filename" in params:
            mime = headers.get("content-type", "application/octet-stream").split(";")[0].strip()
            files[name] = (params["filename"], content, mime)
        else:
            fields[name] = content.decode("utf-8", "replace")
    return fields, files


def _part_headers(head: bytes) -> dict[str, str]:
    headers = {}
    for line in head.decode("utf-8", "replace").split("\r\n"):
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return headers


def _disposition_params(value: str) -> dict[str, str]:
    params = {}
    for match in _DISPOSITION_PARAM.finditer(value):
        name = match.group(1).lower()
        raw = match.group(2) if match.group(2) is not None else match.group(3)
        if name == "filename*" and "''" in raw:
            params["filename"] = unquote(raw.split("''", 1)[1])
            continue
        # httpx escapes quotes in names as %22 (HTML5 style); others use backslashes.
        params[name] = re.sub(r"\\(.)", r"\1", raw).replace("%22", '"')
    return params
