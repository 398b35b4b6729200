"""One cheap question per typed message: is this person in the middle of a conversation?

Four journeys take typed text before it counts as a question (a feedback remark, meeting
planning, an introduction request, the sign-up). Asking each of them in turn cost four
sessions per message; this asks the database once. It is a superset check: a journey that
is open here still decides for itself (e.g. whether a draft is recent enough).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import FeedbackInvite, IntroRequest, MeetingDraft, OfferSubmission, SignupDraft
from bot.introductions.repository import DRAFT
from bot.signup.repository_submissions import PENDING


class Journey(StrEnum):
    """A conversation that takes the person's typed text while it is open."""

    REMARK = "remark"
    PLANNING = "planning"
    INTRODUCTION = "introduction"
    SIGNUP = "signup"  # also a coordinator's message on a submission (change or reject)


async def open_journeys(session: AsyncSession, user_id: int) -> frozenset[Journey]:
    """The journeys that may be waiting for this person's next message (one query)."""
    checks = {
        Journey.REMARK: exists().where(
            FeedbackInvite.chat_id == user_id, FeedbackInvite.awaiting_since.is_not(None)
        ),
        Journey.PLANNING: exists().where(MeetingDraft.user_id == user_id),
        Journey.INTRODUCTION: exists().where(
            IntroRequest.professional_id == user_id, IntroRequest.state == DRAFT
        ),
        Journey.SIGNUP: exists().where(SignupDraft.user_id == user_id)
        | exists().where(OfferSubmission.awaiting_by == user_id, OfferSubmission.state == PENDING),
    }
    row = (await session.execute(select(*checks.values()))).one()
    return frozenset(journey for journey, found in zip(checks, row, strict=True) if found)
