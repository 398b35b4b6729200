"""The message keys of the wijktafel messages in the delivery queue: unique per recipient there,
and the key a delivery report (`jobs_delivery_reports`) counts a message's deliveries by."""

from __future__ import annotations


def reminder_key(meeting_id: int, occurrence: str, days_before: int) -> str:
    """The message key of a reminder: unique per recipient in the delivery queue."""
    return f"reminder:{meeting_id}:{occurrence}:{days_before}"


def broadcast_key(broadcast_id: int) -> str:
    """The message key of a broadcast in the delivery queue."""
    return f"broadcast:{broadcast_id}"
