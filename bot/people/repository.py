"""/vergeetmij's query: a person taken out of every room's tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ask.repository_places import PlaceRepository
from bot.db.models import AskedQuestion, MeetingDraft, RoleChange, SignupDraft, User, UserRole
from bot.delivery.repository import DeliveryRepository
from bot.feedback.repository_organisers import OrganiserRepository
from bot.feedback.repository_rounds import FeedbackRoundRepository
from bot.feedback.repository_sets import FeedbackSetRepository
from bot.gaps.repository_digest import DigestRepository
from bot.introductions.repository import IntroRepository
from bot.meetings.repository import RsvpRepository, SubscriptionRepository, forget_creator
from bot.owners.repository_owners import OwnerRepository
from bot.signup.repository_submissions import SubmissionRepository


async def forget(session: AsyncSession, telegram_id: int, now: datetime) -> None:
    """Delete everything stored about this user; entries they own stay, without them."""
    await session.execute(delete(SignupDraft).where(SignupDraft.user_id == telegram_id))
    await session.execute(delete(MeetingDraft).where(MeetingDraft.user_id == telegram_id))
    await SubmissionRepository(session).forget_user(telegram_id, now)
    await OwnerRepository(session).forget_user(telegram_id)
    await SubscriptionRepository(session).forget_user(telegram_id)
    await RsvpRepository(session).forget_user(telegram_id)
    await DeliveryRepository(session).forget_chat(telegram_id)
    await IntroRepository(session).forget_user(telegram_id, now)
    # Feedback answers and remarks stay, detached from the person, as anonymous counts.
    await FeedbackRoundRepository(session).forget_person(telegram_id)
    await FeedbackSetRepository(session).forget_creator(telegram_id)
    await OrganiserRepository(session).forget_user(telegram_id)
    await DigestRepository(session).forget_user(telegram_id)
    await forget_creator(session, telegram_id)
    await session.execute(delete(AskedQuestion).where(AskedQuestion.user_id == telegram_id))
    await PlaceRepository(session).forget(telegram_id)
    await session.execute(delete(RoleChange).where(RoleChange.target_id == telegram_id))
    # Keep the trail of what others were given, but no longer say who gave it.
    await session.execute(
        update(RoleChange).where(RoleChange.actor_id == telegram_id).values(actor_id=None)
    )
    await session.execute(delete(UserRole).where(UserRole.user_id == telegram_id))
    await session.execute(delete(User).where(User.telegram_id == telegram_id))
    session.expire_all()
