"""How feedback messages are named in the delivery queue."""

from __future__ import annotations

from datetime import date
from typing import Any

# To the sender of a round to all subscribers that waits for their daily broadcast cap.
HELD = "feedback_held"
FEEDBACK_KINDS = ("feedback_intro", "feedback_poll", "feedback_remark", "feedback_reminder", HELD)


def message_key(round_id: int, part: str) -> str:
    """The delivery-queue key of one message of a round, e.g. feedback:3:q0."""
    return f"feedback:{round_id}:{part}"


def is_feedback(payload: dict[str, Any]) -> bool:
    """Whether a queued delivery is one of the feedback journey's."""
    return payload.get("kind") in FEEDBACK_KINDS


def held_key(set_id: int, meeting_id: int, occurrence: date, again: date) -> str:
    """The key of the one notice that a round waits for its sender's cap (one per day held)."""
    return f"feedback-held:{set_id}:{meeting_id}:{occurrence.isoformat()}:{again.isoformat()}"
