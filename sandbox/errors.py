"""Errors of the sandbox: bad control payloads, Bot API errors and dropped connections."""

from __future__ import annotations

from typing import Any


class SandboxError(ValueError):
    """A control payload (an injected update, a fault, ...) the sandbox cannot act on."""


class ApiError(Exception):
    """A Bot API error, answered as ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    @classmethod
    def bad_request(cls, reason: str) -> ApiError:
        """400 with Telegram's ``Bad Request: ...`` wording."""
        return cls(400, f"Bad Request: {reason}")

    @classmethod
    def forbidden(cls, reason: str) -> ApiError:
        """403 with Telegram's ``Forbidden: ...`` wording."""
        return cls(403, f"Forbidden: {reason}")

    @classmethod
    def conflict(cls, reason: str) -> ApiError:
        """409 with Telegram's ``Conflict: ...`` wording."""
        return cls(409, f"Conflict: {reason}")

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram answers with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class DroppedConnection(Exception):  # noqa: N818 - it is an event, not a failure of the sandbox
    """A fault asked for the connection to be closed without an answer."""
