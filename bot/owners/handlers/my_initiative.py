"""/mijninitiatief: owners see their entries, edit, pause, remove or invite a co-owner."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.commands import MY_INITIATIVE
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.owners.edits import draft_of
from bot.owners.entry import open_entry, today
from bot.owners.repository_owners import INVITE_PREFIX, OwnerRepository
from bot.owners.views import (
    CALLBACK_PATTERN,
    entry_list,
    field_menu,
    remove_confirm,
)
from bot.signup.prompts import show
from bot.signup.repository_drafts import DraftRepository
from bot.signup.repository_submissions import SubmissionRepository
from bot.signup.steps import EDITABLE
from matching.offer import Offer


@with_person(MY_INITIATIVE)
async def my_initiative(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/mijninitiatief: the entries this person owns, and what they sent in that is waiting,
    sent back for a change or rejected."""
    offers = await OwnerRepository(session).owned(person.user_id)
    submissions = await SubmissionRepository(session).submitted_by(person.user_id)
    text, markup = entry_list(person.t, offers, submissions)
    await send(update, text, markup)


async def start_edit(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    *,
    offer: Offer,
    step: str,
) -> None:
    """Open one field of the entry in the sign-up steps (same checks), ending at the preview."""
    drafts = DraftRepository(session)
    current = await drafts.get(person.user_id)
    if current is not None and current.data.get("edit_of") != offer.id:
        await send(update, person.t("owner.edit.busy"))
        return
    draft = draft_of(offer) | {"editing": True}
    await drafts.save(person.user_id, step, draft, context.services.clock())
    await show(update, context, person, step, draft, before=person.t("owner.edit.intro"))


async def _act(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    *,
    action: str,
    offer: Offer,
    step: str,
) -> None:
    owners = OwnerRepository(session)
    now = context.services.clock()
    t = person.t
    if action == "open":
        await open_entry(update, context, person, offer, in_place=True)
    elif action == "edit":
        await edit_or_send(update, *field_menu(t, offer))
    elif action == "field" and step in EDITABLE:
        await start_edit(update, context, person, session, offer=offer, step=step)
    elif action in ("pause", "resume"):
        changed = await owners.set_status(
            offer, "inactive" if action == "pause" else "active", person.user_id, now
        )
        await send(update, t(f"owner.{action}.done", name=offer.name))
        if changed is not None:
            await open_entry(update, context, person, changed, in_place=True)
    elif action == "confirm":
        await owners.confirm(offer, person.user_id, today(context), now)
        await send(update, t("fresh.yes.done", name=offer.name))
    elif action == "remove":
        await edit_or_send(update, *remove_confirm(t, offer))
    elif action == "rmyes":
        await owners.remove(offer, person.user_id, now)
        await edit_or_send(update, t("owner.remove.done", name=offer.name))
    elif action == "invite":
        token = await owners.invite(offer.id, person.user_id, now)
        link = f"https://t.me/{context.bot.username}?start={INVITE_PREFIX}{token}"
        await send(update, t("owner.invite.link", name=offer.name, link=link))
    else:
        submissions = await SubmissionRepository(session).submitted_by(person.user_id)
        await edit_or_send(update, *entry_list(t, await owners.owned(person.user_id), submissions))


@with_person(MY_INITIATIVE)
async def pressed(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """An owner's button; the entry is looked up among the presser's own entries only."""
    match = callback_match(update, CALLBACK_PATTERN)
    if match is None:
        return
    action, key, step = match.group(1), match.group(2), match.group(3) or ""
    offer = await OwnerRepository(session).owned_by_key(person.user_id, key)
    if offer is None:
        await send(update, person.t("owner.not_yours"))
        return
    await _act(update, context, person, session, action=action, offer=offer, step=step)


def register(application: WijkApplication) -> None:
    """Add /mijninitiatief and the owners' buttons."""
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(MY_INITIATIVE.names, my_initiative, filters=private))
    application.add_handler(CallbackQueryHandler(pressed, pattern=CALLBACK_PATTERN))
