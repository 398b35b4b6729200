"""Roles people have in the bot, and who holds which: every room's role check reads them.

The names people type for a role after /rol are the people room's (`bot/people/roles.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    """A role; everyone is a professional, other roles are added on top."""

    PROFESSIONAL = "professional"
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    ORGANISER = "organiser"


def effective_roles(stored: Iterable[str], *, is_admin: bool) -> frozenset[Role]:
    """All roles of a user: professional, what was granted, and coordinator for admins."""
    roles = {Role.PROFESSIONAL}
    for name in stored:
        try:
            roles.add(Role(name))
        except ValueError:
            continue
    if is_admin:
        roles.add(Role.COORDINATOR)
    return frozenset(roles)
