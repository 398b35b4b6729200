"""Telegram updates a web process has taken on, so that a repeat is not handled twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class HandledUpdate(Base):
    """One update_id taken on by a web process (shared by all of them through the database).

    Kept two days (Telegram gives up redelivering after a day), so the table stays small.
    No user id: only the number Telegram gave the update.
    """

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # False while a process handles it; a claim older than the lease was a process that died
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
