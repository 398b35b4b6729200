"""Who follows which areas in the monthly digest, and the digests sent to wijktafels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import DigestArea, WijktafelDigest


class DigestRepository:
    """Digest choices (a user id and area codes, nothing more) and sent digests."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def areas_of(self, user_id: int) -> list[str]:
        """The area codes this person follows, in a stable order."""
        found = await self.session.scalars(
            select(DigestArea.area_code)
            .where(DigestArea.user_id == user_id)
            .order_by(DigestArea.area_code)
        )
        return list(found)

    async def follow(self, user_id: int, area: str) -> None:
        """Add an area to the person's monthly digest (nothing when it is there already)."""
        if await self.session.get(DigestArea, (user_id, area)) is None:
            self.session.add(DigestArea(user_id=user_id, area_code=area))
            await self.session.flush()

    async def unfollow(self, user_id: int, area: str) -> None:
        """Take an area out of the person's monthly digest."""
        await self.session.execute(
            delete(DigestArea).where(DigestArea.user_id == user_id, DigestArea.area_code == area)
        )

    async def followers(self) -> dict[int, list[str]]:
        """Everyone who opted in, with their areas."""
        rows = await self.session.execute(
            select(DigestArea.user_id, DigestArea.area_code).order_by(
                DigestArea.user_id, DigestArea.area_code
            )
        )
        found: dict[int, list[str]] = {}
        for user_id, area in rows.all():
            found.setdefault(int(user_id), []).append(str(area))
        return found

    async def record_sent(
        self, wijktafel_id: int, area: str, sent_by: int, now: datetime
    ) -> WijktafelDigest:
        """Note a digest sent to a wijktafel's subscribers (it counts against the cap)."""
        row = WijktafelDigest(
            wijktafel_id=wijktafel_id, area_code=area, sent_by=sent_by, sent_at=now
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def sent_since(self, wijktafel_id: int, since: datetime) -> bool:
        """Whether a digest went to this wijktafel's subscribers since then."""
        found = await self.session.scalar(
            select(func.count(WijktafelDigest.id)).where(
                WijktafelDigest.wijktafel_id == wijktafel_id, WijktafelDigest.sent_at >= since
            )
        )
        return bool(found)

    async def sent_count(self, user_id: int) -> int:
        """How many digests this person sent to wijktafels (for /mijngegevens)."""
        found = await self.session.scalar(
            select(func.count(WijktafelDigest.id)).where(WijktafelDigest.sent_by == user_id)
        )
        return int(found or 0)

    async def forget_user(self, user_id: int) -> None:
        """No digest choices for this person; the digests they sent stay without them."""
        await self.session.execute(delete(DigestArea).where(DigestArea.user_id == user_id))
        await self.session.execute(
            update(WijktafelDigest).where(WijktafelDigest.sent_by == user_id).values(sent_by=None)
        )
