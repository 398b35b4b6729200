"""How feedback messages are named in the delivery queue."""

from __future__ import annotations

from typing import Any

FEEDBACK_KINDS = ("feedback_intro", "feedback_poll", "feedback_remark", "feedback_reminder")


def message_key(round_id: int, part: str) -> str:
    """The delivery-queue key of one message of a round, e.g. feedback:3:q0."""
    return f"feedback:{round_id}:{part}"


def is_feedback(payload: dict[str, Any]) -> bool:
    """Whether a queued delivery is one of the feedback journey's."""
    return payload.get("kind") in FEEDBACK_KINDS
