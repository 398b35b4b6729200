"""/rol (/role): coordinators grant and revoke roles; every change is audited."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram import User as TelegramUser
from telegram.ext import CommandHandler

from bot.core.commands import ROLE
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import send, tell, with_person
from bot.core.menus import refresh_user_menu
from bot.core.person import Person, person_from
from bot.core.repository_users import UserRepository
from bot.core.roles import Role, effective_roles
from bot.db.models import User
from bot.feedback.repository_organisers import OrganiserRepository
from bot.meetings.repository import MeetingRepository
from bot.people.roles import parse_role

log = logging.getLogger(__name__)
GRANTABLE = (Role.VOLUNTEER, Role.COORDINATOR, Role.ORGANISER)


@dataclass(frozen=True)
class RoleRequest:
    """What a /rol message asks: whose roles, and optionally a role to add or remove."""

    target: int
    role: Role | None = None
    revoke: bool = False
    wijktafel: int | None = None  # organiser of this wijktafel only


def parse_request(args: list[str], replied_to: int | None) -> RoleRequest | None:
    """Read `/rol ID [ROLE|-ROLE]`, or `/rol [-]ROLE` in reply to someone's message; an
    organiser's wijktafel number may follow (`/rol ID organisator 3`)."""
    if args and args[0].isdigit():
        target, rest = int(args[0]), args[1:]
    elif replied_to is not None:
        target, rest = replied_to, args
    else:
        return None
    if not rest:
        return RoleRequest(target) if len(args) <= 1 else None
    parsed = _role_and_table(rest)
    if parsed is None:
        return None
    return RoleRequest(target, *parsed)


def _role_and_table(rest: list[str]) -> tuple[Role, bool, int | None] | None:
    """`[-]ROLE`, or `[-]organisator N` for one wijktafel."""
    if len(rest) > 2:
        return None
    revoke = rest[0].startswith("-")
    role = parse_role(rest[0].lstrip("-+"))
    table = rest[1] if len(rest) > 1 else None
    if role is None or (table is not None and (role is not Role.ORGANISER or not table.isdigit())):
        return None
    return role, revoke, int(table) if table is not None else None


def _fixed(person: Person, request: RoleRequest, admins: frozenset[int]) -> str | None:
    """Why this change cannot be made (a role everyone has, an admin's), or None."""
    if request.role is Role.PROFESSIONAL:
        return person.t("role.professional_fixed")
    if request.revoke and request.role is Role.COORDINATOR and request.target in admins:
        return person.t("role.admin_fixed", user_id=request.target)
    return None


def _role_names(person: Person) -> str:
    return ", ".join(person.t(f"role.{role.value}") for role in GRANTABLE)


@with_person(ROLE)
async def change_role(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Show, grant or revoke a role."""
    message = update.effective_message
    if message is None:
        return
    reply = message.reply_to_message
    replied_to = reply.from_user.id if reply and reply.from_user else None
    request = parse_request(list(context.args or []), replied_to)
    if request is None:
        usage = person.t("role.usage", roles=_role_names(person))
        await send(update, usage + "\n" + person.t("role.usage.organiser"))
        return
    users = UserRepository(session)
    row = await users.get(request.target)
    if row is None:
        await send(update, person.t("role.unknown_user", user_id=request.target))
        return
    admins = context.services.settings.admin_ids
    role_name = person.t(f"role.{request.role.value}") if request.role else ""
    if request.role is None:
        roles = effective_roles([r.role for r in row.roles], is_admin=row.telegram_id in admins)
        names = ", ".join(person.t(f"role.{r.value}") for r in Role if r in roles)
        await send(update, person.t("role.show", user_id=request.target, roles=names))
        return
    fixed = _fixed(person, request, admins)
    if fixed is not None:
        await send(update, fixed)
        return
    now = context.services.clock()
    if request.wijktafel is not None:
        await _organiser_of(update, context, person, session, request)
        return
    if request.revoke:
        changed = await users.revoke(request.target, request.role.value, person.user_id, now)
        key = "role.revoked" if changed else "role.not_held"
    else:
        changed = await users.grant(request.target, request.role.value, person.user_id, now)
        key = "role.granted" if changed else "role.already"
    await send(update, person.t(key, user_id=request.target, role=role_name))
    if changed:
        session.expire_all()
        target_row = await users.get(request.target)
        if target_row is not None:
            await _tell_target(context, target_row, request.role, revoked=request.revoke)


async def _organiser_of(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    request: RoleRequest,
) -> None:
    """Make someone organiser of one wijktafel (granting the role too), or undo that."""
    assert request.wijktafel is not None  # noqa: S101 - checked by the caller
    table = await MeetingRepository(session).wijktafel(request.wijktafel)
    if table is None:
        await send(update, person.t("subscribe.unknown"))
        return
    now, organisers = context.services.clock(), OrganiserRepository(session)
    values = {"user_id": request.target, "name": table.name}
    if request.revoke:
        changed = await organisers.revoke(table.id, request.target, person.user_id, now)
        key = "role.organiser_of_removed" if changed else "role.organiser_of_not"
        await send(update, person.t(key, **values))
        return
    users = UserRepository(session)
    got_role = await users.grant(request.target, Role.ORGANISER.value, person.user_id, now)
    changed = await organisers.grant(table.id, request.target, person.user_id, now)
    key = "role.organiser_of" if changed else "role.organiser_of_already"
    await send(update, person.t(key, **values))
    if got_role:
        session.expire_all()
        target_row = await users.get(request.target)
        if target_row is not None:
            await _tell_target(context, target_row, Role.ORGANISER, revoked=False)


async def _tell_target(context: BotContext, row: User, role: Role, *, revoked: bool) -> None:
    """Tell the person about their new or lost role and update their menu."""
    # The target is not the sender of this update, so build a Telegram user from the stored row.
    tg_user = TelegramUser(id=row.telegram_id, first_name="", is_bot=False)
    target = person_from(tg_user, row, context.services)
    await refresh_user_menu(context.bot, target)
    key = "role.you_lost" if revoked else "role.you_got"
    await tell(context, row.telegram_id, target.t(key, role=target.t(f"role.{role.value}")))


def register(application: WijkApplication) -> None:
    """Add /rol."""
    application.add_handler(CommandHandler(ROLE.names, change_role))
