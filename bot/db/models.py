"""The database tables. Only what the product needs about people is stored."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.db.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """A person who agreed to use the bot: Telegram id, language and consent only."""

    __tablename__ = "users"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str | None] = mapped_column(String(2))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class UserRole(Base):
    """A role granted to a user on top of the default professional role."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="roles")


class Chat(Base):
    """A group chat the bot is a member of."""

    __tablename__ = "chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(255))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RoleChange(Base):
    """Audit trail of role grants and revocations."""

    __tablename__ = "role_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Nullable so that a coordinator who asks to be forgotten can be detached from the trail.
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    target_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))


class Offer(Base):
    """An entry of the social map; list fields live in their own tables, in order."""

    __tablename__ = "offers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="initiative")
    description: Mapped[str] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    schedule: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    telegram: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="active")
    last_verified: Mapped[date | None] = mapped_column(Date)
    # Where the entry came from, so a re-import of one source replaces only its own entries.
    source: Mapped[str] = mapped_column(String(20), default="map")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    values: Mapped[list[OfferValue]] = relationship(
        back_populates="offer",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="[OfferValue.field, OfferValue.position]",
    )


class OfferValue(Base):
    """One item of an offer's list field (theme, area, target group or language), in order."""

    __tablename__ = "offer_values"

    offer_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(String(120), index=True)

    offer: Mapped[Offer] = relationship(back_populates="values")


class MapVersion(Base):
    """A counter that goes up with every change to the map, so indexes know to rebuild."""

    __tablename__ = "map_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AskedQuestion(Base):
    """A recent question, kept briefly so its answer can be paged; deleted after a day."""

    __tablename__ = "asked_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    query: Mapped[str] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(2))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Set while the bot waits for the one word of "niet wat ik zocht".
    awaiting_word_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    missed_question_id: Mapped[int | None] = mapped_column(Integer)


class MissedQuestion(Base):
    """A question that did not find what was needed, kept without any link to a person."""

    __tablename__ = "missed_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    query: Mapped[str] = mapped_column(String(500))
    missing: Mapped[str | None] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class SignupDraft(Base):
    """A sign-up conversation in progress: its step and the answers so far (JSON)."""

    __tablename__ = "signup_drafts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    step: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OfferSubmission(Base):
    """A proposed social-map entry waiting for (or decided by) a coordinator."""

    __tablename__ = "offer_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Nullable: a person who asks to be forgotten is detached from what they sent in.
    owner_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    # A coordinator who pressed "ask for a change" or "reject" and is typing the message.
    awaiting_action: Mapped[str | None] = mapped_column(String(10))
    awaiting_by: Mapped[int | None] = mapped_column(BigInteger)
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OfferOwner(Base):
    """Who may keep an approved entry current (none: the coordinators)."""

    __tablename__ = "offer_owners"

    offer_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime())


class OfferChange(Base):
    """Audit trail of the social map: who changed which field of an entry, when, old and new."""

    __tablename__ = "offer_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    field: Mapped[str] = mapped_column(String(30))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


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


class OfferFreshness(Base):
    """An open "klopt dit nog?" check of an entry: when asked, reminders, flagged, hidden."""

    __tablename__ = "offer_freshness"

    offer_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    )
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    reminders: Mapped[int] = mapped_column(Integer)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Unanswered after the reminders: ranked lower and listed for coordinators.
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Unconfirmed for too long: kept, but no longer shown in answers.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OwnerInvite(Base):
    """A one-time invitation to become co-owner of an entry; only the token's hash is kept."""

    __tablename__ = "owner_invites"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    offer_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("offers.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class IntroRequest(Base):
    """A professional's request to be put in touch with an entry reachable via the bot.

    The message and the question are kept only while the owner decides; what stays after
    that (area, states, follow-up answers) is counted for coordinators, without content.
    """

    __tablename__ = "intro_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Nullable: a professional who asks to be forgotten leaves only the anonymous counts.
    professional_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    offer_id: Mapped[str] = mapped_column(String(64), index=True)
    area: Mapped[str | None] = mapped_column(String(120))
    query: Mapped[str | None] = mapped_column(String(300))
    message: Mapped[str | None] = mapped_column(String(400))
    # draft (typing) → requested → accepted | declined | expired | withdrawn
    state: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The owner who answered (and is asked the follow-up question).
    decided_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    followup_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    professional_answer: Mapped[str | None] = mapped_column(String(8))
    owner_answer: Mapped[str | None] = mapped_column(String(8))


class MeetingDraft(Base):
    """A coordinator's meeting being planned or edited: the step and the answers so far."""

    __tablename__ = "meeting_drafts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    step: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


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
