"""Demand: what was asked where, kept without any person, chat, message or time of day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base


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
