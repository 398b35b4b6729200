"""The names people type for a role after /rol, in Dutch and English."""

from __future__ import annotations

from bot.core.roles import Role

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
