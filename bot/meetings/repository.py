"""Queries about wijktafels, their meetings, exceptions, subscriptions, RSVPs and reminders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Broadcast,
    Meeting,
    MeetingException,
    ReminderRun,
    Rsvp,
    Subscription,
    Wijktafel,
)
from bot.delivery.broadcast_cap import lock_sender
from bot.meetings.recurrence import format_offsets
from bot.policy import REMINDER_DEFAULT_OFFSETS, REMINDER_DEFAULT_TIME


class MeetingRepository:
    """Wijktafels and meetings, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def wijktafel(self, wijktafel_id: int) -> Wijktafel | None:
        """The wijktafel with this id."""
        return await self.session.get(Wijktafel, wijktafel_id)

    async def wijktafel_named(self, name: str, area: str) -> Wijktafel | None:
        """The wijktafel with this name in this area (case does not matter)."""
        result = await self.session.scalars(
            select(Wijktafel).where(
                func.lower(Wijktafel.name) == name.lower(),
                func.lower(Wijktafel.area) == area.lower(),
            )
        )
        return result.first()

    async def add_wijktafel(
        self, name: str, area: str, created_by: int | None, now: datetime
    ) -> Wijktafel:
        """A new series with the default reminders (a week and a day before, at 10:00)."""
        row = Wijktafel(
            name=name,
            area=area,
            reminder_offsets=format_offsets(REMINDER_DEFAULT_OFFSETS),
            reminder_time=REMINDER_DEFAULT_TIME.strftime("%H:%M"),
            created_by=created_by,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def wijktafels(self) -> Sequence[Wijktafel]:
        """Every wijktafel, by name."""
        return (await self.session.scalars(select(Wijktafel).order_by(Wijktafel.name))).all()

    async def add_meeting(self, meeting: Meeting) -> Meeting:
        """Store a new meeting."""
        self.session.add(meeting)
        await self.session.flush()
        return meeting

    async def meeting(self, meeting_id: int) -> Meeting | None:
        """The meeting with this id."""
        return await self.session.get(Meeting, meeting_id)

    async def meetings(self, wijktafel_ids: Sequence[int] | None = None) -> Sequence[Meeting]:
        """Every meeting, or those of these wijktafels."""
        query = select(Meeting).order_by(Meeting.id)
        if wijktafel_ids is not None:
            query = query.where(Meeting.wijktafel_id.in_(wijktafel_ids))
        return (await self.session.scalars(query)).all()

    async def exceptions(self, meeting_id: int) -> dict[date, datetime | None]:
        """Moved (new start) and cancelled (None) occurrences of a meeting."""
        rows = await self.session.scalars(
            select(MeetingException).where(MeetingException.meeting_id == meeting_id)
        )
        return {row.occurrence: row.moved_to for row in rows}

    async def set_exception(self, meeting_id: int, key: date, moved_to: datetime | None) -> None:
        """Move (or with None cancel) one occurrence."""
        row = await self.session.get(MeetingException, (meeting_id, key))
        if row is None:
            self.session.add(MeetingException(meeting_id=meeting_id, occurrence=key))
            await self.session.flush()
            row = await self.session.get(MeetingException, (meeting_id, key))
        if row is not None:
            row.moved_to = moved_to
        await self.session.flush()

    async def clear_exception(self, meeting_id: int, key: date) -> bool:
        """Put a moved or cancelled occurrence back as the rule says; False if it was not."""
        result = await self.session.execute(
            delete(MeetingException).where(
                MeetingException.meeting_id == meeting_id, MeetingException.occurrence == key
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class BroadcastRepository:
    """One-off messages to a wijktafel's subscribers."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def draft(
        self, wijktafel_id: int, text: str, created_by: int, now: datetime
    ) -> Broadcast:
        """A message waiting for the coordinator's confirmation."""
        row = Broadcast(
            wijktafel_id=wijktafel_id,
            text=text,
            state="draft",
            created_by=created_by,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, broadcast_id: int) -> Broadcast | None:
        """The broadcast with this id."""
        return await self.session.get(Broadcast, broadcast_id)

    async def lock_sender(self, user_id: int) -> None:
        """Take the daily cap's lock on this coordinator's send decisions (see
        `bot.delivery.broadcast_cap.lock_sender`)."""
        await lock_sender(self.session, user_id)

    async def fresh(self, broadcast_id: int) -> Broadcast | None:
        """The broadcast as committed now (not as this session read it before a lock)."""
        result = await self.session.scalars(
            select(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .execution_options(populate_existing=True)
        )
        return result.first()

    async def leave_draft(self, broadcast_id: int, state: str, now: datetime) -> bool:
        """Move a draft on (to queued or cancelled) if it still is one; False if it was not."""
        values: dict[str, object] = {"state": state}
        if state == "queued":
            values["queued_at"] = now
        result = await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.state == "draft")
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        return bool(getattr(result, "rowcount", 0))

    async def queued_since(self, since: datetime) -> Sequence[Broadcast]:
        """Broadcasts queued since then (their delivery report may be due)."""
        result = await self.session.scalars(
            select(Broadcast).where(Broadcast.state == "queued", Broadcast.queued_at >= since)
        )
        return result.all()

    async def recent(self, limit: int = 5) -> Sequence[Broadcast]:
        """The latest queued broadcasts, newest first."""
        result = await self.session.scalars(
            select(Broadcast)
            .where(Broadcast.state == "queued")
            .order_by(Broadcast.id.desc())
            .limit(limit)
        )
        return result.all()


class SubscriptionRepository:
    """Who gets the reminders of which wijktafel."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def subscribe(
        self, wijktafel_id: int, chat_id: int, by: int | None, now: datetime
    ) -> bool:
        """Subscribe a chat; False when it already was."""
        if await self.session.get(Subscription, (wijktafel_id, chat_id)) is not None:
            return False
        self.session.add(
            Subscription(
                wijktafel_id=wijktafel_id, chat_id=chat_id, subscribed_by=by, created_at=now
            )
        )
        await self.session.flush()
        return True

    async def unsubscribe(self, wijktafel_id: int, chat_id: int) -> bool:
        """Unsubscribe a chat; False when it was not subscribed."""
        result = await self.session.execute(
            delete(Subscription).where(
                Subscription.wijktafel_id == wijktafel_id, Subscription.chat_id == chat_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def of_chat(self, chat_id: int) -> Sequence[Wijktafel]:
        """The wijktafels a chat is subscribed to."""
        result = await self.session.scalars(
            select(Wijktafel)
            .join(Subscription, Subscription.wijktafel_id == Wijktafel.id)
            .where(Subscription.chat_id == chat_id)
            .order_by(Wijktafel.name)
        )
        return result.all()

    async def subscribers(self, wijktafel_id: int) -> list[int]:
        """Chat ids subscribed to a wijktafel."""
        result = await self.session.scalars(
            select(Subscription.chat_id)
            .where(Subscription.wijktafel_id == wijktafel_id)
            .order_by(Subscription.chat_id)
        )
        return list(result.all())

    async def forget_user(self, user_id: int) -> None:
        """A person's own subscriptions go; groups they subscribed stay, without their name."""
        await self.session.execute(delete(Subscription).where(Subscription.chat_id == user_id))
        await self.session.execute(
            update(Subscription)
            .where(Subscription.subscribed_by == user_id)
            .values(subscribed_by=None)
        )


class RsvpRepository:
    """Answers to 'are you coming?' per occurrence."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def answer(
        self, meeting_id: int, key: date, user_id: int, *, name: str, answer: str, now: datetime
    ) -> None:
        """Store (or change) someone's answer."""
        row = await self.session.get(Rsvp, (meeting_id, key, user_id))
        if row is None:
            row = Rsvp(meeting_id=meeting_id, occurrence=key, user_id=user_id)
            self.session.add(row)
        row.name, row.answer, row.answered_at = name, answer, now
        await self.session.flush()

    async def get(self, meeting_id: int, key: date, user_id: int) -> Rsvp | None:
        """One person's answer for one occurrence."""
        return await self.session.get(Rsvp, (meeting_id, key, user_id))

    async def count(self, meeting_id: int, key: date, answer: str) -> int:
        """How many gave this answer for the occurrence."""
        result = await self.session.scalar(
            select(func.count()).where(
                Rsvp.meeting_id == meeting_id, Rsvp.occurrence == key, Rsvp.answer == answer
            )
        )
        return int(result or 0)

    async def of_occurrence(self, meeting_id: int, key: date) -> Sequence[Rsvp]:
        """Every answer for one occurrence, in the order given."""
        result = await self.session.scalars(
            select(Rsvp)
            .where(Rsvp.meeting_id == meeting_id, Rsvp.occurrence == key)
            .order_by(Rsvp.answered_at, Rsvp.user_id)
        )
        return result.all()

    async def of_user(self, user_id: int) -> Sequence[Rsvp]:
        """Every answer a person gave."""
        result = await self.session.scalars(select(Rsvp).where(Rsvp.user_id == user_id))
        return result.all()

    async def forget_user(self, user_id: int) -> None:
        """Delete every answer of a person."""
        await self.session.execute(delete(Rsvp).where(Rsvp.user_id == user_id))


class ReminderRunRepository:
    """Which reminders were queued or skipped, so the scheduler does each exactly once."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def done(self, meeting_id: int, key: date, days_before: int) -> bool:
        """Whether this reminder was already queued or skipped."""
        row = await self.session.get(ReminderRun, (meeting_id, key, days_before))
        return row is not None

    async def queued_since(self, since: datetime) -> Sequence[ReminderRun]:
        """Reminders queued since then (their delivery report may be due)."""
        result = await self.session.scalars(
            select(ReminderRun).where(ReminderRun.outcome == "queued", ReminderRun.at >= since)
        )
        return result.all()

    async def record(
        self, meeting_id: int, key: date, days_before: int, outcome: str, now: datetime
    ) -> None:
        """Note that the reminder was queued (or skipped)."""
        self.session.add(
            ReminderRun(
                meeting_id=meeting_id,
                occurrence=key,
                days_before=days_before,
                outcome=outcome,
                at=now,
            )
        )
        await self.session.flush()


async def forget_creator(session: AsyncSession, user_id: int) -> None:
    """Series and meetings someone created stay, without their id."""
    await session.execute(
        update(Wijktafel).where(Wijktafel.created_by == user_id).values(created_by=None)
    )
    await session.execute(
        update(Meeting).where(Meeting.created_by == user_id).values(created_by=None)
    )
    await session.execute(
        update(Broadcast).where(Broadcast.created_by == user_id).values(created_by=None)
    )
