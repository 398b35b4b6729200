"""Queries about places people shared: the last one per person, for half an hour."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SharedPlace
from bot.policy import SHARED_PLACE_KEPT

# Three decimals of a degree: about 110 m north-south and 70 m east-west in Amsterdam.
PRECISION = 3


class PlaceRepository:
    """Shared places within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(
        self, user_id: int, latitude: float, longitude: float, now: datetime
    ) -> None:
        """Keep this person's place (rounded), replacing an earlier one."""
        place = await self.session.get(SharedPlace, user_id)
        if place is None:
            place = SharedPlace(user_id=user_id)
            self.session.add(place)
        place.latitude = round(latitude, PRECISION)
        place.longitude = round(longitude, PRECISION)
        place.shared_at = now

    async def recent(self, user_id: int, now: datetime) -> SharedPlace | None:
        """The person's place, if they shared it within the last half hour."""
        place = await self.session.get(SharedPlace, user_id)
        if place is None or now - place.shared_at > SHARED_PLACE_KEPT:
            return None
        return place

    async def forget(self, user_id: int) -> None:
        """Delete the person's place (on /vergeetmij)."""
        await self.session.execute(delete(SharedPlace).where(SharedPlace.user_id == user_id))

    async def purge(self, now: datetime) -> None:
        """Delete every place older than half an hour."""
        await self.session.execute(
            delete(SharedPlace).where(SharedPlace.shared_at < now - SHARED_PLACE_KEPT)
        )
