"""Initiatives signing up and keeping their entry current: drafts, submissions, owners."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


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
