"""Showing a sign-up step's prompt, and starting or resuming a sign-up.

Used by the sign-up handlers, by /start's sign-up link and by an owner's edit from
/mijninitiatief (which runs through the same steps).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.core.context import BotContext
from bot.core.handling import edit_or_send, send
from bot.core.person import Person
from bot.core.repository_users import UserRepository
from bot.signup.repository_drafts import DraftRepository
from bot.signup.repository_submissions import CHANGES_REQUESTED, SubmissionRepository
from bot.signup.steps import Draft
from bot.signup.views import prompt

DEEP_LINK = "signup"
# Set while handling one update when a typed message belonged to this journey.


def today(context: BotContext) -> date:
    """The date in Amsterdam."""
    services = context.services
    return services.clock().astimezone(services.settings.timezone).date()


def private_chat_button(person: Person, bot_username: str) -> InlineKeyboardMarkup:
    """A button that opens the private chat straight into the sign-up."""
    url = f"https://t.me/{bot_username}?start={DEEP_LINK}"
    return InlineKeyboardMarkup([[InlineKeyboardButton(person.t("signup.open_private"), url=url)]])


async def show(
    update: Update,
    context: BotContext,
    person: Person,
    step: str,
    draft: Draft,
    *,
    before: str | None = None,
    in_place: bool = False,
) -> None:
    """Send (or edit into place) the prompt of a step, after an optional note."""
    text, markup = prompt(person.t, step, draft, today(context))
    if before:
        text = f"{before}\n\n{text}"
    if in_place:
        await edit_or_send(update, text, markup)
    else:
        await send(update, text, markup)


async def _change_asked(session: AsyncSession, submission_id: object, user_id: int) -> str | None:
    """The coordinator's words when the draft is a submission sent back for a change."""
    if not isinstance(submission_id, int):
        return None
    row = await SubmissionRepository(session).get(submission_id)
    if row is None or row.owner_id != user_id or row.state != CHANGES_REQUESTED:
        return None
    return row.reason


async def begin(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """Start a sign-up, or continue the one in progress."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await send(
            update,
            person.t("signup.use_private"),
            private_chat_button(person, context.bot.username),
        )
        return
    now = context.services.clock()
    drafts = DraftRepository(session)
    draft = await drafts.get(person.user_id)
    if draft is not None:
        welcome = person.t("signup.resume")
        asked = await _change_asked(session, draft.data.get("submission_id"), person.user_id)
        if asked:
            # Sent back by a coordinator: say again what they asked to change.
            welcome += "\n" + person.t("signup.resume.change", message=asked)
        await show(update, context, person, draft.step, dict(draft.data), before=welcome)
        return
    if not person.registered:
        # Starting a sign-up is agreeing that the bot keeps the answers (explained in the intro).
        await UserRepository(session).register(person.user_id, person.language, now)
    await drafts.save(person.user_id, "name", {}, now)
    await show(update, context, person, "name", {}, before=person.t("signup.intro"))
