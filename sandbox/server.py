"""The sandbox over HTTP on 127.0.0.1: Telegram's Bot API URLs and the /_sandbox/ control API."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from sandbox.core import SandboxCore
from sandbox.errors import DroppedConnection, SandboxError
from sandbox.params import decode_params
from sandbox.wire import (
    Request,
    UnreadableRequestError,
    bot_api_fields,
    json_response_body,
    read_request,
    write_response,
)

_LOGGER = logging.getLogger(__name__)
_METHOD_URL = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[^/]+)")
_FILE_URL = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)")
_LOOPBACK = frozenset({"127.0.0.1", "localhost"})
_LOOPBACK_ADDRESS = "127.0.0.1"
_HEAD_LIMIT = 64 * 1024
_CONTROL = "/_sandbox/"

Response = tuple[int, bytes, str]
ControlRoute = Callable[[SandboxCore, Request], Any]


class SandboxServer:
    """A running sandbox HTTP server."""

    def __init__(
        self, server: asyncio.Server, connections: set[asyncio.Task[Any]], port: int
    ) -> None:
        self._server = server
        self._connections = connections
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        """Stop listening and end open connections (long polls included)."""
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()


async def serve(core: SandboxCore, host: str = "127.0.0.1", port: int = 0) -> SandboxServer:
    """Listen on 127.0.0.1 (port 0 picks a free port) and serve ``core``."""
    if host not in _LOOPBACK:
        raise ValueError("the sandbox listens on 127.0.0.1 only")
    connections: set[asyncio.Task[Any]] = set()

    async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            connections.add(task)
        try:
            await _serve_connection(core, reader, writer)
        except asyncio.CancelledError:
            # close() cancels connections; ending quietly spares asyncio's stream callback
            # (Python 3.11) from reporting the cancellation as an error.
            writer.transport.abort()
        finally:
            if task is not None:
                connections.discard(task)

    server = await asyncio.start_server(on_connection, _LOOPBACK_ADDRESS, port, limit=_HEAD_LIMIT)
    return SandboxServer(server, connections, int(server.sockets[0].getsockname()[1]))


async def _serve_connection(
    core: SandboxCore, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            try:
                request = await read_request(reader, writer)
            except UnreadableRequestError as exc:
                body = json_response_body({"error": str(exc)})
                write_response(writer, 400, body, keep_alive=False)
                await writer.drain()
                return
            if request is None:
                return
            try:
                status, body, content_type = await _route(core, request)
            except DroppedConnection:
                _LOGGER.debug("%s %s -> connection dropped", request.method, _loggable(request))
                writer.transport.abort()
                return
            except Exception:
                _LOGGER.exception("sandbox failed on %s %s", request.method, _loggable(request))
                status, content_type = 500, "application/json"
                body = json_response_body({"error": "internal sandbox error, see its log"})
            _LOGGER.debug("%s %s -> %s", request.method, _loggable(request), status)
            write_response(writer, status, body, content_type, keep_alive=request.keep_alive)
            await writer.drain()
            if not request.keep_alive:
                return
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        return
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


def _loggable(request: Request) -> str:
    # Tokens stay out of logs, even fake ones.
    return _METHOD_URL.sub(r"/bot<token>/\g<method>", request.path)


async def _route(core: SandboxCore, request: Request) -> Response:
    if request.path.startswith(_CONTROL):
        return await _control(core, request)
    if request.method not in {"GET", "POST"}:
        return _bot_error(405, "Method Not Allowed")
    file_match = _FILE_URL.fullmatch(request.path)
    if file_match:
        return _file(core, file_match.group("path").rsplit("/", 1)[-1])
    method_match = _METHOD_URL.fullmatch(request.path)
    if method_match is None:
        return _bot_error(404, "Not Found")
    try:
        fields, files = bot_api_fields(request)
    except UnreadableRequestError as exc:
        return _bot_error(400, f"Bad Request: {exc}")
    status, body = await core.call(
        method_match.group("token"), method_match.group("method"), decode_params(fields), files
    )
    return status, json_response_body(body), "application/json"


def _file(core: SandboxCore, file_id: str) -> Response:
    stored = core.file(file_id)
    if stored is None:
        return _bot_error(404, "Not Found: file not found")
    return 200, stored.content, stored.mime_type


def _bot_error(status: int, description: str) -> Response:
    body = {"ok": False, "error_code": status, "description": description}
    return status, json_response_body(body), "application/json"


# --- control API ------------------------------------------------------------------------------


def _query_int(request: Request, name: str, default: int | None = None) -> int:
    raw = request.query.get(name)
    if raw in {None, ""}:
        if default is None:
            raise SandboxError(f"query parameter {name} is required")
        return default
    try:
        return int(str(raw))
    except ValueError:
        raise SandboxError(f"query parameter {name} must be an integer") from None


def _body_object(request: Request) -> dict[str, Any]:
    value = request.json()
    if not isinstance(value, dict):
        raise SandboxError("the body must be a JSON object")
    return value


def _updates(core: SandboxCore, request: Request) -> Any:
    return {"update_id": core.inject(_body_object(request))["update_id"]}


def _block(core: SandboxCore, request: Request) -> Any:
    body = _body_object(request)
    user_id = body.get("user_id")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise SandboxError('"user_id" must be an integer')
    if body.get("blocked", True):
        core.block(user_id)
    else:
        core.unblock(user_id)
    return {"ok": True}


def _faults(core: SandboxCore, request: Request) -> Any:
    body = _body_object(request)
    method, error_code = body.get("method"), body.get("error_code", 0)
    if not isinstance(method, str) or not isinstance(error_code, int):
        raise SandboxError('"method" (a string) and "error_code" (an integer) are required')
    core.add_fault(
        method,
        error_code,
        retry_after=body.get("retry_after"),
        times=body.get("times", 1),
        drop=bool(body.get("drop", False)),
        description=body.get("description"),
    )
    return {"ok": True}


def _reset(core: SandboxCore, request: Request) -> Any:
    core.reset()
    return {"ok": True}


def _commands(core: SandboxCore, request: Request) -> Any:
    query = request.query
    chat_id = _query_int(request, "chat_id") if query.get("chat_id") else None
    user_id = _query_int(request, "user_id") if query.get("user_id") else None
    return core.commands(
        query.get("scope") or None, chat_id, query.get("language_code", ""), user_id
    )


_MAX_WAIT = 30.0  # seconds a `messages?wait=` long poll may hold the connection
_ROUTES: dict[str, tuple[str, ControlRoute]] = {
    "updates": ("POST", _updates),
    "messages": (
        "GET",
        lambda core, r: core.messages(_query_int(r, "chat_id"), _query_int(r, "after", 0)),
    ),
    "inline_answers": ("GET", lambda core, r: core.inline_answers(_query_int(r, "user_id"))),
    "callback_answers": ("GET", lambda core, r: core.callback_answers(_query_int(r, "user_id"))),
    "block": ("POST", _block),
    "faults": ("POST", _faults),
    "calls": ("GET", lambda core, r: core.calls()),
    "reset": ("POST", _reset),
    "commands": ("GET", _commands),
    "pending_updates": ("GET", lambda core, r: core.pending_updates()),
}


async def _control(core: SandboxCore, request: Request) -> Response:
    name = request.path.removeprefix(_CONTROL).strip("/")
    if name.startswith("files/") and request.method == "GET":
        return _stored_file(core, name.removeprefix("files/"))
    if name == "messages" and request.method == "GET" and request.query.get("wait"):
        return await _wait_for_messages(core, request)
    if name not in _ROUTES:
        return _control_json(404, {"error": f"no control route /_sandbox/{name}"})
    http_method, handler = _ROUTES[name]
    if request.method != http_method:
        return _control_json(405, {"error": f"use {http_method} for /_sandbox/{name}"})
    try:
        result = handler(core, request)
    except (SandboxError, UnreadableRequestError) as exc:
        return _control_json(400, {"error": str(exc)})
    return _control_json(200, result)


def _stored_file(core: SandboxCore, file_id: str) -> Response:
    stored = core.file(file_id)
    if stored is None:
        return _control_json(404, {"error": "no such file"})
    return 200, stored.content, stored.mime_type


async def _wait_for_messages(core: SandboxCore, request: Request) -> Response:
    """`GET /_sandbox/messages?…&wait=S`: a long poll of at most S (≤ 30) seconds."""
    try:
        chat_id, after = _query_int(request, "chat_id"), _query_int(request, "after", 0)
        wait = float(request.query["wait"])
    except (SandboxError, ValueError) as exc:
        return _control_json(400, {"error": str(exc)})
    found = await core.wait_for_messages(chat_id, after, min(max(wait, 0.0), _MAX_WAIT))
    return _control_json(200, found)


def _control_json(status: int, value: Any) -> Response:
    return status, json_response_body(value), "application/json"


# --- command line -----------------------------------------------------------------------------


async def _run_forever(port: int) -> None:
    core = SandboxCore()
    server = await serve(core, port=port)
    stop = asyncio.Event()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    sys.stdout.write(f"READY {server.url}\n")
    sys.stdout.flush()
    try:
        await stop.wait()
    finally:
        await server.close()
        await core.close()


def main(port: int = 0, run: Callable[[Coroutine[Any, Any, None]], None] = asyncio.run) -> None:
    """Run the sandbox until interrupted; prints ``READY http://127.0.0.1:PORT`` once listening.

    ``run`` runs the serving coroutine: ``wijkwijzer sandbox`` passes the bot's serving loop
    (uvloop where installed), so the sandbox itself needs nothing from bot/."""
    with contextlib.suppress(KeyboardInterrupt):
        run(_run_forever(port))
