"""Capacity: a yes beyond the limit waits in line, and the first in line moves up on a cancel.

The line is the order of answering (`answered_at`); someone who presses "ik kom" again while
waiting keeps their place. Whoever moves up hears it through the delivery queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Meeting
from bot.delivery.repository import DeliveryRepository
from bot.meetings.repository import RsvpRepository

YES, WAITING = "yes", "wait"


@dataclass
class Answered:
    """What was stored for the person, and who moved up because of it."""

    answer: str
    position: int | None = None
    moved_up: list[int] = field(default_factory=list)


async def position(session: AsyncSession, meeting_id: int, key: date, user_id: int) -> int | None:
    """A person's place on the waiting list (1 is next), or None when not waiting."""
    waiting = [
        r.user_id
        for r in await RsvpRepository(session).of_occurrence(meeting_id, key)
        if r.answer == WAITING
    ]
    return waiting.index(user_id) + 1 if user_id in waiting else None


async def move_up(session: AsyncSession, meeting: Meeting, key: date, now: datetime) -> list[int]:
    """Give free places to the first in line and queue a message to each; who moved up."""
    rsvps = RsvpRepository(session)
    moved: list[int] = []
    while True:
        taken = await rsvps.count(meeting.id, key, YES)
        if meeting.capacity is not None and taken >= meeting.capacity:
            break
        first = next(
            (r for r in await rsvps.of_occurrence(meeting.id, key) if r.answer == WAITING), None
        )
        if first is None:
            break
        await rsvps.answer(meeting.id, key, first.user_id, name=first.name, answer=YES, now=now)
        moved.append(first.user_id)
        payload = {"kind": "moved_up", "meeting_id": meeting.id, "occurrence": key.isoformat()}
        message_key = f"moved_up:{meeting.id}:{key.isoformat()}:{now.isoformat()}"
        await DeliveryRepository(session).enqueue([first.user_id], message_key, payload, now)
    return moved


async def answer(
    session: AsyncSession,
    meeting: Meeting,
    key: date,
    user_id: int,
    *,
    name: str,
    wanted: str,
    now: datetime,
) -> Answered:
    """Store a person's answer, respecting the capacity; move others up when a place frees."""
    rsvps = RsvpRepository(session)
    previous = await rsvps.get(meeting.id, key, user_id)
    before = previous.answer if previous else None
    stored = wanted
    if wanted == YES and before == WAITING:
        return Answered(WAITING, await position(session, meeting.id, key, user_id))
    limited = wanted == YES and before != YES and meeting.capacity is not None
    if limited and await rsvps.count(meeting.id, key, YES) >= (meeting.capacity or 0):
        stored = WAITING
    await rsvps.answer(meeting.id, key, user_id, name=name, answer=stored, now=now)
    moved = await move_up(session, meeting, key, now) if before == YES and stored != YES else []
    place = await position(session, meeting.id, key, user_id) if stored == WAITING else None
    return Answered(stored, place, moved)
