"""/privacy, /mijngegevens (/mydata) and /vergeetmij (/forget)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.commands import FORGET, MY_DATA, PRIVACY
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import edit_or_send, send, with_person
from bot.core.menus import refresh_user_menu
from bot.core.person import Person, person_from
from bot.core.repository_users import UserRepository
from bot.core.roles import Role
from bot.people import repository as people
from bot.people.stored_data import stored_data
from bot.people.views import forget_keyboard, my_data_text, privacy_text
from bot.signup.repository_submissions import SubmissionRepository

FORGET_PATTERN = r"^forget:(yes|no)$"


@with_person(PRIVACY)
async def privacy(update: Update, context: BotContext, person: Person, _s: AsyncSession) -> None:
    """Explain in plain words what is stored and why."""
    days = context.services.settings.demand_retention_days
    await send(update, privacy_text(person.t, demand_days=days))


@with_person(MY_DATA)
async def my_data(update: Update, context: BotContext, person: Person, s: AsyncSession) -> None:
    """Show every stored fact about the person."""
    users = UserRepository(s)
    row = await users.get(person.user_id)
    if row is None:
        await send(update, person.t("mydata.nothing"))
        return
    is_admin = person.user_id in context.services.settings.admin_ids
    await send(update, my_data_text(person, await stored_data(s, person.user_id, row, is_admin)))


@with_person(FORGET)
async def forget(update: Update, _c: BotContext, person: Person, session: AsyncSession) -> None:
    """Ask for confirmation before deleting; owners hear that their entries stay."""
    if not person.registered:
        await send(update, person.t("mydata.nothing"))
        return
    text = person.t("forget.confirm")
    owned = await SubmissionRepository(session).owned_by(person.user_id)
    if owned:
        text += "\n\n" + person.t("forget.owner", count=len(owned))
    await send(update, text, forget_keyboard(person))


@with_person()
async def confirm_forget(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Delete everything about the person who pressed, or leave it as it is."""
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    if query.data != "forget:yes":
        await edit_or_send(update, person.t("forget.cancelled"))
        return
    await people.forget(session, person.user_id, context.services.clock())
    gone = person_from(update.effective_user, None, context.services)
    # Say goodbye in the language the person chose, even though it is no longer stored.
    text = person.t("forget.done")
    if gone.has(Role.COORDINATOR):
        text += "\n" + person.t("forget.admin")
    await edit_or_send(update, text)
    await refresh_user_menu(context.bot, gone)


def register(application: WijkApplication) -> None:
    """Add the privacy commands; personal data is shown in private chats only."""
    application.add_handler(CommandHandler(PRIVACY.names, privacy))
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(MY_DATA.names, my_data, filters=private))
    application.add_handler(CommandHandler(FORGET.names, forget, filters=private))
    application.add_handler(CallbackQueryHandler(confirm_forget, pattern=FORGET_PATTERN))
