"""Feedback after meetings: question sets, rounds, invites, polls and remarks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class FeedbackSet(Base):
    """Short questions sent after the meetings of a wijktafel (or of one meeting of it)."""

    __tablename__ = "feedback_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wijktafel_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("wijktafels.id", ondelete="CASCADE"), index=True
    )
    # None: every meeting of the wijktafel.
    meeting_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    # "yes": who said they would come; "all": every subscribed person.
    audience: Mapped[str] = mapped_column(String(5))
    to_groups: Mapped[bool] = mapped_column(Boolean)
    delay_minutes: Mapped[int] = mapped_column(Integer)
    remark: Mapped[bool] = mapped_column(Boolean)
    # None: the ready-made "Wat kan beter?" in each person's language.
    remark_text: Mapped[str | None] = mapped_column(String(300))
    # Paused sets send nothing new; their results stay.
    active: Mapped[bool] = mapped_column(Boolean)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who last changed the set: a round to all subscribers counts against their daily
    # broadcast cap, as a /bericht message of theirs would.
    sender_id: Mapped[int | None] = mapped_column(BigInteger)

    questions: Mapped[list[FeedbackQuestion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FeedbackQuestion.position"
    )


class FeedbackQuestion(Base):
    """One poll of a set: a ready-made template (translated) or the organiser's own text."""

    __tablename__ = "feedback_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    set_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feedback_sets.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    template: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str | None] = mapped_column(String(300))
    # The organiser's options; None for templates and 1-5 scales.
    options: Mapped[list[str] | None] = mapped_column(JSON)
    scale: Mapped[bool] = mapped_column(Boolean)
    multiple: Mapped[bool] = mapped_column(Boolean)


class FeedbackRound(Base):
    """A set sent after one occurrence; its questions are copied so later edits change nothing."""

    __tablename__ = "feedback_rounds"
    __table_args__ = (UniqueConstraint("set_id", "meeting_id", "occurrence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    set_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feedback_sets.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    occurrence: Mapped[date] = mapped_column(Date)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    remark: Mapped[bool] = mapped_column(Boolean)
    remark_text: Mapped[str | None] = mapped_column(String(300))
    # open → closed (polls stopped).
    state: Mapped[str] = mapped_column(String(10), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reminded: Mapped[bool] = mapped_column(Boolean)
    close_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the round went to all subscribers: whose daily broadcast cap it counted against.
    sent_by: Mapped[int | None] = mapped_column(BigInteger, index=True)


class FeedbackInvite(Base):
    """A person asked for feedback in one round (chat id removed when they are forgotten)."""

    __tablename__ = "feedback_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feedback_rounds.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # Set by "schrijf iets": the next text message is the remark.
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FeedbackPoll(Base):
    """One Telegram poll sent: which round and question, and the answer it holds."""

    __tablename__ = "feedback_polls"

    poll_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feedback_rounds.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[int] = mapped_column(Integer)
    # A person's poll: their invite; a group's poll: none (it is anonymous).
    invite_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("feedback_invites.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    message_id: Mapped[int | None] = mapped_column(Integer)
    # The person's chosen options (None: not answered) or a group poll's counts per option.
    choice: Mapped[list[int] | None] = mapped_column(JSON)
    tallies: Mapped[list[int] | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed: Mapped[bool] = mapped_column(Boolean)


class FeedbackRemark(Base):
    """A free-text remark, kept without any name."""

    __tablename__ = "feedback_remarks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feedback_rounds.id", ondelete="CASCADE"), index=True
    )
    invite_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("feedback_invites.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WijktafelOrganiser(Base):
    """Who may manage the feedback sets of a wijktafel (made so by a coordinator)."""

    __tablename__ = "wijktafel_organisers"

    wijktafel_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("wijktafels.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    # Nullable so that a coordinator who asks to be forgotten can be detached.
    granted_by: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedbackAudit(Base):
    """Audit trail of every change to a feedback set and of organiser grants per wijktafel."""

    __tablename__ = "feedback_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Nullable so that a person who asks to be forgotten can be detached from the trail.
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    wijktafel_id: Mapped[int] = mapped_column(Integer, index=True)
    # No foreign key: the trail outlives a deleted set.
    set_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)
