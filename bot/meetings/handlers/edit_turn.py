"""One answer or press while editing a meeting (`EditTurn`): what `edit` and `edit_series`
both work on, in a module of its own so neither imports the other for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.meetings.plan_steps import Data, Outcome
from bot.meetings.repository import MeetingRepository
from bot.meetings.views import key_from


@dataclass(frozen=True)
class EditTurn:
    """One answer or press while editing a meeting."""

    t: Translator
    session: AsyncSession
    step: str
    data: Data
    now: datetime

    @property
    def repo(self) -> MeetingRepository:
        """The meetings, in this update's session."""
        return MeetingRepository(self.session)

    @property
    def key(self) -> date:
        """The date being changed (edit_date and edit_move)."""
        return key_from(str(self.data["key"]))

    def back_to_menu(self, note: str, *, reschedule: bool = False) -> Outcome:
        """Back to the edit menu of the same meeting, with a note."""
        data = {"meeting_id": self.data["meeting_id"]}
        return Outcome("edit", data, note=note, reschedule=reschedule)

    def error(self, key: str, **values: object) -> Outcome:
        """Stay at this step and say what was wrong."""
        return Outcome(self.step, self.data, self.t(key, **values))
