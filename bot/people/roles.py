"""Roles people have in the bot and what each may do."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    """A role; everyone is a professional, other roles are added on top."""

    PROFESSIONAL = "professional"
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    ORGANISER = "organiser"


# Names people type after /rol, in Dutch and English (accents and case are ignored).
_ROLE_NAMES: dict[str, Role] = {
    "professional": Role.PROFESSIONAL,
    "professionel": Role.PROFESSIONAL,
    "prof": Role.PROFESSIONAL,
    "vrijwilliger": Role.VOLUNTEER,
    "volunteer": Role.VOLUNTEER,
    "coordinator": Role.COORDINATOR,
    "coördinator": Role.COORDINATOR,
    "coordinater": Role.COORDINATOR,
    "organisator": Role.ORGANISER,
    "organiser": Role.ORGANISER,
    "organizer": Role.ORGANISER,
}


def parse_role(text: str) -> Role | None:
    """The role a typed name means, or None."""
    return _ROLE_NAMES.get(text.strip().casefold().replace("ö", "o")) or _ROLE_NAMES.get(
        text.strip().casefold()
    )


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
