"""A date that is moved, cancelled or put back: every subscriber hears it (delivery queue)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Meeting
from bot.delivery.repository import DeliveryRepository
from bot.meetings.repository import SubscriptionRepository

CHANGES = ("moved", "cancelled", "restored")


async def tell_subscribers(
    session: AsyncSession, meeting: Meeting, key: date, change: str, now: datetime
) -> int:
    """Queue the news of a changed date to the wijktafel's subscribers; how many."""
    chats = await SubscriptionRepository(session).subscribers(meeting.wijktafel_id)
    payload = {
        "kind": "date_change",
        "meeting_id": meeting.id,
        "occurrence": key.isoformat(),
        "change": change,
    }
    message_key = f"change:{meeting.id}:{key.isoformat()}:{now.isoformat()}"
    return await DeliveryRepository(session).enqueue(chats, message_key, payload, now)
