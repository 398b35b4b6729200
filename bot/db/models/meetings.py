"""Wijktafels: series, exceptions, subscriptions, RSVPs and the delivery queue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class Wijktafel(Base):
    """A named meeting series tied to an area, with its reminder schedule."""

    __tablename__ = "wijktafels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120))
    area: Mapped[str] = mapped_column(String(120))
    # Whole days before the meeting, e.g. "7,1", each at `reminder_time` local time.
    reminder_offsets: Mapped[str] = mapped_column(String(40))
    reminder_time: Mapped[str] = mapped_column(String(5))
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Meeting(Base):
    """A meeting of a wijktafel, once or recurring (RFC 5545 RRULE in local time)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wijktafel_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("wijktafels.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(Integer)
    rrule: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    agenda: Mapped[str | None] = mapped_column(Text)
    online_url: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class MeetingException(Base):
    """One occurrence of a recurring meeting moved (new start) or cancelled (no start)."""

    __tablename__ = "meeting_exceptions"

    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    occurrence: Mapped[date] = mapped_column(Date, primary_key=True)
    moved_to: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Subscription(Base):
    """A private chat (a person) or a group that gets a wijktafel's reminders."""

    __tablename__ = "subscriptions"

    wijktafel_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("wijktafels.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    # The admin who subscribed a group; for a person their own id.
    subscribed_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Rsvp(Base):
    """Someone's answer (yes / maybe / no) for one occurrence of a meeting."""

    __tablename__ = "rsvps"

    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    occurrence: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    answer: Mapped[str] = mapped_column(String(5))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReminderRun(Base):
    """That a reminder of one occurrence was queued (or skipped as too late): never twice."""

    __tablename__ = "reminder_runs"

    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    occurrence: Mapped[date] = mapped_column(Date, primary_key=True)
    days_before: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    outcome: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Delivery(Base):
    """One message to one chat, queued; the unique key makes queueing it twice impossible."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("chat_id", "message_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    message_key: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # pending → sending (claimed until `next_attempt_at`) → sent | failed | blocked
    state: Mapped[str] = mapped_column(String(10), index=True)
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(200))


class Broadcast(Base):
    """A one-off message from a coordinator to every subscriber of a wijktafel."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wijktafel_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("wijktafels.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    # draft (previewed) → queued | cancelled
    state: Mapped[str] = mapped_column(String(10))
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MeetingDraft(Base):
    """A coordinator's meeting being planned or edited: the step and the answers so far."""

    __tablename__ = "meeting_drafts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    step: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
