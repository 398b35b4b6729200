"""An in-process transport: python-telegram-bot talks to a :class:`SandboxCore` without HTTP."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from sandbox.core import SandboxCore
from sandbox.errors import DroppedConnection
from sandbox.params import FilePart, decode_params

_METHOD_URL = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[^/]+)$")
_FILE_URL = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_DEFAULT_READ_TIMEOUT = 5.0


def _read(content: Any) -> bytes:
    """File content as PTB hands it over: bytes or, since PTB 21.5, an open file."""
    if isinstance(content, bytes):
        return content
    data = content.read()
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


class SandboxRequest(BaseRequest):
    """A ``BaseRequest`` that answers from a :class:`SandboxCore`, as faithfully as HTTP would."""

    __slots__ = ("_core", "_read_timeout")

    def __init__(
        self, core: SandboxCore, read_timeout: float | None = _DEFAULT_READ_TIMEOUT
    ) -> None:
        self._core = core
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout; PTB adds getUpdates' timeout to it for long polling."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open: the core lives in this process."""

    async def shutdown(self) -> None:
        """Nothing to close: the core outlives its transports."""

    async def do_request(  # noqa: PLR0917 - the signature is BaseRequest's
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        # Typed wider than BaseRequest's timeouts (seconds, None or DEFAULT_NONE), which an
        # override may do: their exact type is a private PTB name (bot/ptb_adapter.py holds
        # it for the bot), and the sandbox imports nothing from bot/.
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send the same form fields and files HTTPXRequest would, through the shared decoder."""
        path = unquote(urlsplit(url).path)
        file_match = _FILE_URL.search(path)
        if file_match:
            stored = self._core.file(file_match.group("path").rsplit("/", 1)[-1])
            return (200, stored.content) if stored else (404, b'{"ok":false,"error_code":404}')
        method_match = _METHOD_URL.search(path)
        if method_match is None:
            return 404, json.dumps(
                {"ok": False, "error_code": 404, "description": "Not Found"}
            ).encode()
        form = request_data.json_parameters if request_data else {}
        files: dict[str, FilePart] = {}
        if request_data is not None:
            for name, (file_name, content, mime_type) in request_data.multipart_data.items():
                files[name] = (file_name, _read(content), mime_type)
        timeout: float | None = self._read_timeout  # not given: BaseRequest.DEFAULT_NONE
        if read_timeout is None or isinstance(read_timeout, int | float):
            timeout = read_timeout
        try:
            async with asyncio.timeout(timeout):
                status, body = await self._core.call(
                    method_match.group("token"),
                    method_match.group("method"),
                    decode_params(form),
                    files,
                )
        except DroppedConnection as exc:
            raise NetworkError(f"Server disconnected without sending a response ({exc})") from exc
        except TimeoutError as exc:
            raise TimedOut from exc
        return status, json.dumps(body).encode("utf-8")
