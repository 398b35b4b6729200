"""An owner sends an edited entry: contact and schedule go live, the rest to the queue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.core.context import BotContext
from bot.core.handling import edit_or_send, send
from bot.core.person import Person
from bot.db.models import OfferSubmission
from bot.i18n import Translator
from bot.owners.edits import EDIT_OF, IMMEDIATE, MODERATED, differences, merged
from bot.owners.repository_owners import OwnerRepository
from bot.signup.checks import offer_from
from bot.signup.coordinators import notify_coordinators
from bot.signup.repository_drafts import DraftRepository
from bot.signup.repository_submissions import OPEN_STATES, SubmissionRepository
from bot.signup.steps import Draft, clear_transient
from bot.socialmap.repository import OfferRepository


def _fields(t: Translator, changed: list[tuple[str, str, str]]) -> str:
    return ", ".join(t(f"signup.field.{name}") for name, _old, _new in changed)


async def _open_edit(session: AsyncSession, offer_id: str, owner_id: int) -> int | None:
    """This owner's edit of the entry that still waits for a coordinator, if any."""
    return await session.scalar(
        select(OfferSubmission.id).where(
            OfferSubmission.offer_id == offer_id,
            OfferSubmission.owner_id == owner_id,
            OfferSubmission.state.in_(OPEN_STATES),
        )
    )


async def submit_edit(
    update: Update, context: BotContext, person: Person, session: AsyncSession, draft: Draft
) -> None:
    """Publish what may go live at once (logged), queue the checked fields as an "edit"."""
    t = person.t
    services = context.services
    offer_id = str(draft.get(EDIT_OF))
    drafts = DraftRepository(session)
    owners = OwnerRepository(session)
    current = await OfferRepository(session).get(offer_id)
    if current is None or not await owners.is_owner(offer_id, person.user_id):
        await drafts.delete(person.user_id)
        await send(update, t("owner.not_yours"))
        return
    today = services.clock().astimezone(services.settings.timezone).date()
    proposed, errors = offer_from(draft, offer_id, today)
    if proposed is None:
        fields = ", ".join(sorted({t(f"signup.field.{e.field}") for e in errors}))
        await send(update, t("signup.error.incomplete", fields=fields))
        return
    now = services.clock()
    published = differences(current, proposed, IMMEDIATE)
    queued = differences(current, proposed, MODERATED)
    # Sending the entry is the owner saying it is right: it counts as "ja, klopt".
    await owners.confirm(merged(current, proposed, IMMEDIATE, today), person.user_id, today, now)
    await drafts.delete(person.user_id)
    lines = []
    if published:
        lines.append(t("owner.edit.published", fields=_fields(t, published)))
    row = None
    if queued:
        data = clear_transient(draft)
        resubmitted = data.pop("submission_id", None) or await _open_edit(
            session, offer_id, person.user_id
        )
        row = await SubmissionRepository(session).submit(person.user_id, data, now, resubmitted)
        row.offer_id = offer_id
        lines.append(t("owner.edit.queued", fields=_fields(t, queued)))
    await edit_or_send(update, "\n".join(lines) or t("owner.edit.nothing", name=current.name))
    if row is not None:
        await notify_coordinators(context, session, row)
