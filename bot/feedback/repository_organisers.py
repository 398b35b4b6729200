"""Organisers per wijktafel and the audit trail of feedback-set changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import FeedbackAudit, WijktafelOrganiser


class OrganiserRepository:
    """Who organises which wijktafel, and what was changed, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def grant(self, wijktafel_id: int, user_id: int, by: int, now: datetime) -> bool:
        """Make the person an organiser of this wijktafel; False if they were already."""
        if await self.session.get(WijktafelOrganiser, (wijktafel_id, user_id)) is not None:
            return False
        self.session.add(
            WijktafelOrganiser(
                wijktafel_id=wijktafel_id, user_id=user_id, granted_by=by, granted_at=now
            )
        )
        await self.audit(by, wijktafel_id, "organiser+", str(user_id), now=now)
        return True

    async def revoke(self, wijktafel_id: int, user_id: int, by: int, now: datetime) -> bool:
        """The person no longer organises this wijktafel; False if they did not."""
        result = await self.session.execute(
            delete(WijktafelOrganiser).where(
                WijktafelOrganiser.wijktafel_id == wijktafel_id,
                WijktafelOrganiser.user_id == user_id,
            )
        )
        if not getattr(result, "rowcount", 0):
            return False
        await self.audit(by, wijktafel_id, "organiser-", str(user_id), now=now)
        return True

    async def wijktafels_of(self, user_id: int) -> set[int]:
        """The wijktafels this person organises."""
        found = await self.session.scalars(
            select(WijktafelOrganiser.wijktafel_id).where(WijktafelOrganiser.user_id == user_id)
        )
        return set(found)

    async def audit(
        self,
        actor: int | None,
        wijktafel_id: int,
        action: str,
        detail: str,
        *,
        now: datetime,
        set_id: int | None = None,
    ) -> None:
        """Note one change in the trail."""
        self.session.add(
            FeedbackAudit(
                at=now,
                actor_id=actor,
                wijktafel_id=wijktafel_id,
                set_id=set_id,
                action=action,
                detail=detail,
            )
        )
        await self.session.flush()

    async def trail(self, wijktafel_id: int) -> list[FeedbackAudit]:
        """The changes about one wijktafel, oldest first."""
        found = await self.session.scalars(
            select(FeedbackAudit)
            .where(FeedbackAudit.wijktafel_id == wijktafel_id)
            .order_by(FeedbackAudit.id)
        )
        return list(found)

    async def forget_user(self, user_id: int) -> None:
        """No organiser links for this person; the trail stays without their id."""
        await self.session.execute(
            delete(WijktafelOrganiser).where(WijktafelOrganiser.user_id == user_id)
        )
        await self.session.execute(
            update(WijktafelOrganiser)
            .where(WijktafelOrganiser.granted_by == user_id)
            .values(granted_by=None)
        )
        await self.session.execute(
            update(FeedbackAudit).where(FeedbackAudit.actor_id == user_id).values(actor_id=None)
        )
        # a grant's detail names the person it was for
        await self.session.execute(
            update(FeedbackAudit)
            .where(
                FeedbackAudit.action.in_(("organiser+", "organiser-")),
                FeedbackAudit.detail == str(user_id),
            )
            .values(detail="")
        )
