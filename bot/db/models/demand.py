"""Demand: what was asked where, kept without any person, chat, message or time of day; and
who follows the monthly gaps digest for which areas, and the digests sent to wijktafels."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class DemandQuestion(Base):
    """One question as the gaps overview counts it: its day, what was understood, how it went.

    Lists are space-separated codes (theme, target-group and area codes hold no spaces).
    Nothing here can name who asked, in which chat, or when within the day.
    """

    __tablename__ = "demand_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    themes: Mapped[str] = mapped_column(String(300), default="")
    target_groups: Mapped[str] = mapped_column(String(300), default="")
    area_codes: Mapped[str] = mapped_column(String(300), default="")
    # "private", "group" or "inline" (the web pages later)
    channel: Mapped[str] = mapped_column(String(10))
    # "good", "wide" (only nearby, stadsdeel- or city-wide), "nothing" or "rejected"
    outcome: Mapped[str] = mapped_column(String(10))


class DigestArea(Base):
    """A coordinator follows an area in the monthly gaps digest: only who and which area."""

    __tablename__ = "digest_areas"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(20), primary_key=True)


class WijktafelDigest(Base):
    """A "cijfersoep" an organiser sent to a wijktafel's subscribers (counts against the
    sender's daily broadcast cap)."""

    __tablename__ = "wijktafel_digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wijktafel_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("wijktafels.id", ondelete="CASCADE"), index=True
    )
    area_code: Mapped[str] = mapped_column(String(20))
    # whose cap it counted against; emptied when that person asks to be forgotten
    sent_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
