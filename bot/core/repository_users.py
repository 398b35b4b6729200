"""Queries about users, their roles and the role audit trail: who someone is, for every room.

Forgetting a person reaches into every room's tables, so it is the people room's
(`bot/people/repository.py`), not this module's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import RoleChange, User, UserRole


class UserRepository:
    """Users, roles and role changes, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, telegram_id: int) -> User | None:
        """The user with this Telegram id, if they ever agreed to use the bot."""
        return await self.session.get(User, telegram_id)

    async def register(self, telegram_id: int, language: str, now: datetime) -> User:
        """Create the user at the moment they consent, or update their language."""
        user = await self.get(telegram_id)
        if user is None:
            user = User(
                telegram_id=telegram_id,
                language=language,
                consent_at=now,
                created_at=now,
                last_seen_at=now,
                roles=[],
            )
            self.session.add(user)
        else:
            user.language = language
            user.last_seen_at = now
            if user.consent_at is None:
                user.consent_at = now
        await self.session.flush()
        return user

    async def touch(self, telegram_id: int, now: datetime) -> None:
        """Record that the user used the bot now."""
        await self.session.execute(
            update(User).where(User.telegram_id == telegram_id).values(last_seen_at=now)
        )

    async def grant(self, target: int, role: str, actor: int | None, now: datetime) -> bool:
        """Give a role; False if the user already had it. Audited."""
        user = await self.get(target)
        if user is None:
            raise LookupError(target)
        if any(r.role == role for r in user.roles):
            return False
        user.roles.append(UserRole(user_id=target, role=role, granted_at=now))
        self.session.add(
            RoleChange(at=now, actor_id=actor, target_id=target, role=role, action="grant")
        )
        await self.session.flush()
        return True

    async def revoke(self, target: int, role: str, actor: int | None, now: datetime) -> bool:
        """Take a role away; False if the user did not have it. Audited."""
        result = await self.session.execute(
            delete(UserRole).where(UserRole.user_id == target, UserRole.role == role)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        self.session.add(
            RoleChange(at=now, actor_id=actor, target_id=target, role=role, action="revoke")
        )
        await self.session.flush()
        self.session.expire_all()
        return True

    async def role_changes_about(self, telegram_id: int) -> Sequence[RoleChange]:
        """Audit entries in which this user was the target or the actor."""
        result = await self.session.scalars(
            select(RoleChange)
            .where((RoleChange.target_id == telegram_id) | (RoleChange.actor_id == telegram_id))
            .order_by(RoleChange.at, RoleChange.id)
        )
        return result.all()

    async def users_with_roles(self) -> Sequence[User]:
        """Users who hold at least one granted role (for their command menus)."""
        result = await self.session.scalars(
            select(User).where(User.telegram_id.in_(select(UserRole.user_id)))
        )
        return result.all()
