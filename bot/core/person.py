"""Who is talking to the bot: their language and roles, read once per update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import User as TelegramUser

from bot.core.repository_users import UserRepository
from bot.core.roles import Role, effective_roles
from bot.core.services import Services
from bot.db.models import User
from bot.i18n import Translator

# "Last seen" is kept to the quarter hour: writing it on every message would make every
# question a write to the users table.
LAST_SEEN_STEP = timedelta(minutes=15)


@dataclass(frozen=True)
class Person:
    """A Telegram user as the bot sees them during one update."""

    user_id: int
    first_name: str
    registered: bool
    roles: frozenset[Role]
    t: Translator

    @property
    def language(self) -> str:
        """The language the bot speaks with this person."""
        return self.t.language

    def has(self, role: Role) -> bool:
        """Whether the person holds this role."""
        return role in self.roles


def person_from(tg_user: TelegramUser, row: User | None, services: Services) -> Person:
    """Combine the Telegram user with what is stored (if they consented)."""
    language = services.catalogues.pick(row.language if row else None, tg_user.language_code)
    stored = [r.role for r in row.roles] if row else []
    return Person(
        user_id=tg_user.id,
        first_name=tg_user.first_name,
        registered=row is not None,
        roles=effective_roles(stored, is_admin=tg_user.id in services.settings.admin_ids),
        t=services.catalogues.translator(language),
    )


async def load_person(session: AsyncSession, tg_user: TelegramUser, services: Services) -> Person:
    """Read the person and note that they were seen (only if they are registered)."""
    users = UserRepository(session)
    row = await users.get(tg_user.id)
    now = services.clock()
    if row is not None and now - row.last_seen_at >= LAST_SEEN_STEP:
        row.last_seen_at = now
    return person_from(tg_user, row, services)
