"""The social map: offers, their searchable values, the map version and questions asked."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


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
    # "near": answered around the person's shared place (its buttons page that list).
    mode: Mapped[str | None] = mapped_column(String(10))
    # Set while the bot waits for the missing half: "area" (a topic came alone) or
    # "theme" (an area came alone); the options are the query words of its buttons (JSON).
    followup: Mapped[str | None] = mapped_column(String(10))
    followup_options: Mapped[str | None] = mapped_column(Text)
    followup_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The demand row of this question's answer, so "niet wat ik zocht" can mark it; the
    # only link between a person and demand, gone with this row after a day.
    demand_id: Mapped[int | None] = mapped_column(Integer)


class MissedQuestion(Base):
    """A question that did not find what was needed, kept without any link to a person."""

    __tablename__ = "missed_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    query: Mapped[str] = mapped_column(String(500))
    missing: Mapped[str | None] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class SharedPlace(Base):
    """The place a person shared last, so their next question is answered around it.

    Kept half an hour and rounded to about 100 m; any web process can answer the next
    question. Deleted by the hourly clean-up and by /vergeetmij.
    """

    __tablename__ = "shared_places"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
