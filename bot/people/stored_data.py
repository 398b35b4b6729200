"""Everything the database holds about one person, collected for /mijngegevens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ask.repository_questions import QuestionRepository
from bot.core.repository_users import UserRepository
from bot.db.models import (
    AskedQuestion,
    IntroRequest,
    MeetingDraft,
    OfferSubmission,
    RoleChange,
    SharedPlace,
    SignupDraft,
    User,
)
from bot.feedback.repository_organisers import OrganiserRepository
from bot.feedback.repository_rounds import FeedbackRoundRepository
from bot.gaps.repository_digest import DigestRepository
from bot.introductions.repository import IntroRepository
from bot.meetings.repository import MeetingRepository, RsvpRepository, SubscriptionRepository
from bot.meetings.repository_drafts import MeetingDraftRepository
from bot.owners.repository_owners import OwnerRepository
from bot.signup.repository_drafts import DraftRepository
from bot.signup.repository_submissions import SubmissionRepository


@dataclass(frozen=True)
class StoredData:
    """Everything the database holds about one person."""

    row: User
    changes: list[RoleChange]
    questions: list[AskedQuestion]
    draft: SignupDraft | None
    submissions: list[OfferSubmission]
    owned: list[str]
    is_admin: bool
    subscriptions: list[str]
    rsvps: int
    intros_sent: list[IntroRequest]
    intros_answered: list[IntroRequest]
    invites: int = 0
    meeting_draft: MeetingDraft | None = None
    feedback: tuple[int, int, int] = (0, 0, 0)
    place: SharedPlace | None = None
    organises: tuple[str, ...] = ()
    digest_areas: tuple[str, ...] = ()  # area codes followed in the monthly gaps digest
    digests_sent: int = 0  # gaps digests sent to wijktafels


async def stored_data(session: AsyncSession, user_id: int, row: User, is_admin: bool) -> StoredData:
    """Collect every stored fact about a person, from each repository that holds some."""
    submissions = SubmissionRepository(session)
    return StoredData(
        row=row,
        changes=list(await UserRepository(session).role_changes_about(user_id)),
        questions=list(await QuestionRepository(session).asked_by(user_id)),
        draft=await DraftRepository(session).get(user_id),
        submissions=list(await submissions.submitted_by(user_id)),
        owned=list(await submissions.owned_by(user_id)),
        is_admin=is_admin,
        subscriptions=[w.name for w in await SubscriptionRepository(session).of_chat(user_id)],
        rsvps=len(await RsvpRepository(session).of_user(user_id)),
        invites=len(await OwnerRepository(session).invites_by(user_id)),
        intros_sent=list(await IntroRepository(session).sent_by(user_id)),
        intros_answered=list(await IntroRepository(session).answered_by(user_id)),
        meeting_draft=await MeetingDraftRepository(session).get(user_id),
        feedback=await FeedbackRoundRepository(session).of_person(user_id),
        place=await session.get(SharedPlace, user_id),
        organises=await _organised(session, user_id),
        digest_areas=tuple(await DigestRepository(session).areas_of(user_id)),
        digests_sent=await DigestRepository(session).sent_count(user_id),
    )


async def _organised(session: AsyncSession, user_id: int) -> tuple[str, ...]:
    """The names of the wijktafels this person was made organiser of."""
    meetings = MeetingRepository(session)
    tables = [
        await meetings.wijktafel(table_id)
        for table_id in sorted(await OrganiserRepository(session).wijktafels_of(user_id))
    ]
    return tuple(table.name for table in tables if table is not None)
