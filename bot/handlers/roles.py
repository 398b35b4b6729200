"""/rol (/role): coordinators grant and revoke roles; every change is audited."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram import User as TelegramUser
from telegram.ext import CommandHandler

from bot.commands import ROLE
from bot.context import BotContext, WijkApplication
from bot.db.models import User
from bot.db.repositories.users import UserRepository
from bot.handlers.base import send, tell, with_person
from bot.menus import refresh_user_menu
from bot.people import Person, person_from
from bot.roles import Role, effective_roles, parse_role

log = logging.getLogger(__name__)
GRANTABLE = (Role.VOLUNTEER, Role.COORDINATOR, Role.ORGANISER)


@dataclass(frozen=True)
class RoleRequest:
    """What a /rol message asks: whose roles, and optionally a role to add or remove."""

    target: int
    role: Role | None = None
    revoke: bool = False


def parse_request(args: list[str], replied_to: int | None) -> RoleRequest | None:
    """Read `/rol ID [ROLE|-ROLE]`, or `/rol [-]ROLE` in reply to someone's message."""
    if args and args[0].isdigit():
        target, rest = int(args[0]), args[1:]
    elif replied_to is not None:
        target, rest = replied_to, args
    else:
        return None
    if not rest:
        return RoleRequest(target) if len(args) <= 1 else None
    if len(rest) > 1:
        return None
    word = rest[0]
    revoke = word.startswith("-")
    role = parse_role(word.lstrip("-+"))
    if role is None:
        return None
    return RoleRequest(target, role, revoke)


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
        await send(update, person.t("role.usage", roles=_role_names(person)))
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
    if request.role is Role.PROFESSIONAL:
        await send(update, person.t("role.professional_fixed"))
        return
    if request.revoke and request.role is Role.COORDINATOR and request.target in admins:
        await send(update, person.t("role.admin_fixed", user_id=request.target))
        return
    now = context.services.clock()
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
