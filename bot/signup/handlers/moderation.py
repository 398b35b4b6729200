"""Moderation: coordinators approve, send back or reject sign-ups; /wachtrij lists the queue."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import QUEUE
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, tell, with_person
from bot.core.person import Person
from bot.core.roles import Role
from bot.db.models import OfferSubmission
from bot.owners.edits import apply_edit
from bot.signup.checks import offer_from
from bot.signup.coordinators import translator_for
from bot.signup.repository_drafts import DraftRepository
from bot.signup.repository_submissions import (
    APPROVED,
    CHANGES_REQUESTED,
    PENDING,
    REJECTED,
    SubmissionRepository,
)
from bot.signup.steps import slug
from bot.signup.views import preview
from bot.signup.views_moderation import CALLBACK_PATTERN, card_for, keyboard
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer

log = logging.getLogger(__name__)
MAX_MESSAGE = 500


def _today(context: BotContext) -> date:
    services = context.services
    return services.clock().astimezone(services.settings.timezone).date()


@with_person(QUEUE)
async def queue(update: Update, context: BotContext, person: Person, session: AsyncSession) -> None:
    """/wachtrij: the pending submissions, oldest first, each with a button to open it."""
    rows = await SubmissionRepository(session).pending()
    if not rows:
        await send(update, person.t("moderation.queue.empty"))
        return
    t = person.t
    lines = [t("moderation.queue.title", count=len(rows))]
    lines += [
        t(
            "moderation.queue.item",
            number=row.id,
            name=row.data.get("name", ""),
            when=t.datetime(row.created_at),
        )
        for row in rows
    ]
    buttons = [
        InlineKeyboardButton(f"🔎 #{row.id}", callback_data=f"mod:show:{row.id}")
        for row in rows[:30]
    ]
    markup = InlineKeyboardMarkup([buttons[i : i + 4] for i in range(0, len(buttons), 4)])
    await send(update, "\n".join(lines), markup)


async def _unique_id(offers: OfferRepository, name: str) -> str:
    base = slug(name)
    candidate, number = base, 2
    while await offers.get(candidate) is not None:
        candidate, number = f"{base[:60]}-{number}", number + 1
    return candidate


async def approve(
    context: BotContext, session: AsyncSession, row: OfferSubmission, actor: int
) -> Offer | None:
    """Publish the entry, make the sender its owner, and keep every field in the audit trail."""
    now = context.services.clock()
    if row.offer_id is not None:
        # An owner's edit of a published entry: its checked fields change, nothing else.
        edited = await apply_edit(session, row, actor, _today(context), now)
        if edited is not None:
            await SubmissionRepository(session).decide(row, APPROVED, actor, now, None)
        return edited
    offers = OfferRepository(session)
    offer_id = await _unique_id(offers, row.data.get("name", ""))
    offer, _errors = offer_from(row.data, offer_id, _today(context))
    if offer is None:
        return None
    # Upsert bumps the map version, so every process's matcher re-indexes on its next search.
    await offers.upsert([offer], "signup", now)
    repo = SubmissionRepository(session)
    if row.owner_id is not None:
        await repo.add_owner(offer.id, row.owner_id, now)
    await repo.record_changes(None, offer, actor, now)
    row.offer_id = offer.id
    await repo.decide(row, APPROVED, actor, now, None)
    return offer


@with_person(QUEUE)
async def pressed(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """A moderation button; the role was checked again by `with_person`, the state here."""
    match = callback_match(update, CALLBACK_PATTERN)
    if match is None:
        return
    action, submission_id = match.group(1), int(match.group(2))
    repo = SubmissionRepository(session)
    row = await (repo.get(submission_id) if action == "show" else repo.locked(submission_id))
    if row is None or row.state != PENDING:
        await send(update, person.t("moderation.gone", number=submission_id))
        return
    if action == "show":
        text = await card_for(person.t, session, row, _today(context))
        await send(update, text, keyboard(person.t, row.id))
    elif action == "ok":
        edit = row.offer_id is not None
        offer = await approve(context, session, row, person.user_id)
        if offer is None:
            await send(update, person.t("moderation.invalid", number=row.id))
            return
        await edit_or_send(update, person.t("moderation.approved", number=row.id, name=offer.name))
        if row.owner_id is not None:
            t = await translator_for(context, session, row.owner_id)
            key = "moderation.owner.edit_approved" if edit else "moderation.owner.approved"
            await tell(context, row.owner_id, t(key, name=offer.name))
    else:
        await repo.await_text(row, action, person.user_id, context.services.clock())
        await send(update, person.t(f"moderation.ask.{action}", number=row.id))


async def typed_message(
    update: Update, context: BotContext, person: Person, session: AsyncSession, text: str
) -> bool:
    """The message a coordinator types after "ask for a change" or "reject"; False if none."""
    if not person.has(Role.COORDINATOR):
        return False
    now = context.services.clock()
    repo = SubmissionRepository(session)
    row = await repo.awaiting_text_from(person.user_id, now)
    if row is None:
        return False
    message = " ".join(text.split())[:MAX_MESSAGE]
    action = row.awaiting_action
    state = CHANGES_REQUESTED if action == "change" else REJECTED
    await repo.decide(row, state, person.user_id, now, message)
    name = row.data.get("name", "")
    await send(update, person.t(f"moderation.done.{action}", number=row.id, name=name))
    if row.owner_id is None:
        return True
    t = await translator_for(context, session, row.owner_id)
    if state == REJECTED:
        await tell(context, row.owner_id, t("moderation.owner.rejected", name=name, reason=message))
        return True
    # Sent back: the owner continues from the preview, and re-sending updates this submission.
    draft = dict(row.data) | {"submission_id": row.id, "consent": True}
    await DraftRepository(session).save(row.owner_id, "preview", draft, now)
    text_owner = t("moderation.owner.change", name=name, message=message)
    body, markup = preview(t, draft, _today(context))
    await tell(context, row.owner_id, f"{text_owner}\n\n{body}", markup)
    return True


def register(application: WijkApplication) -> None:
    """Add /wachtrij and the moderation buttons (typed messages arrive via the sign-up router)."""
    application.add_handler(CommandHandler(QUEUE.names, queue))
    application.add_handler(CallbackQueryHandler(pressed, pattern=CALLBACK_PATTERN))
