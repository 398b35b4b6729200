"""/bericht: a coordinator's one-off message to a wijktafel's subscribers, previewed first
(the conversation's steps are in `broadcast_flow`).

Confirmed messages go through the same delivery queue as reminders (rate limits, retries,
blocked users, restarts); `/bericht` on its own shows how the latest ones were delivered.
"""

from __future__ import annotations

import html

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import BROADCAST
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, edit_or_send, send, with_person
from bot.core.person import Person
from bot.db.models import Broadcast
from bot.delivery.broadcast_cap import BroadcastCap
from bot.delivery.repository import BLOCKED, FAILED, SENT, DeliveryRepository
from bot.meetings.handlers import broadcast_flow
from bot.meetings.handlers.broadcast_flow import MAX_TEXT
from bot.meetings.keys import broadcast_key
from bot.meetings.repository import (
    BroadcastRepository,
    MeetingRepository,
    SubscriptionRepository,
)
from bot.meetings.repository_drafts import MeetingDraftRepository
from bot.meetings.views import BROADCAST_PATTERN
from bot.visible import visible


async def _overview(person: Person, session: AsyncSession) -> str:
    t = person.t
    lines = [t("broadcast.usage")]
    repo, subs = MeetingRepository(session), SubscriptionRepository(session)
    tables = await repo.wijktafels()
    if tables:
        lines.append("")
        for table in tables:
            count = len(await subs.subscribers(table.id))
            lines.append(
                t("broadcast.table", id=table.id, name=table.name, area=table.area, count=count)
            )
    return "\n".join([*lines, *await _reports(person, session)])


async def _reports(person: Person, session: AsyncSession) -> list[str]:
    """How the latest one-off messages were delivered."""
    t, repo = person.t, MeetingRepository(session)
    lines: list[str] = []
    deliveries = DeliveryRepository(session)
    for row in await BroadcastRepository(session).recent():
        counts = await deliveries.counts(broadcast_key(row.id))
        target = await repo.wijktafel(row.wijktafel_id)
        lines.append(
            t(
                "broadcast.report",
                when=t.datetime(row.queued_at or row.created_at),
                name=target.name if target else "-",
                sent=counts.get(SENT, 0),
                failed=counts.get(FAILED, 0),
                blocked=counts.get(BLOCKED, 0),
                waiting=sum(counts.values())
                - sum(counts.get(s, 0) for s in (SENT, FAILED, BLOCKED)),
            )
        )
    return lines


@with_person(BROADCAST)
async def compose(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/bericht: in a private chat a short conversation (wijktafel, text, preview); also
    `/bericht <nummer>` (straight to the text) and `/bericht <nummer> <tekst>` (the preview)."""
    message = update.effective_message
    parts = visible(message.text or "").split(maxsplit=2) if message else []
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    number = parts[1] if len(parts) > 1 and parts[1].isdigit() else None
    if len(parts) >= 3 and number is not None:
        await _one_line(update, context, person, session, table_id=int(number), text=parts[2])
        return
    if not private or (len(parts) > 1 and number is None):
        await send(update, await _overview(person, session))
        return
    drafts = MeetingDraftRepository(session)
    draft = await drafts.get(person.user_id)
    if draft is not None and draft.step not in broadcast_flow.STEPS and draft.step != "menu":
        await send(update, person.t("broadcast.busy"))
        return
    if not await MeetingRepository(session).wijktafels():
        await send(update, person.t("broadcast.no_tables"))
        return
    now, t = context.services.clock(), person.t
    if number is not None:
        table = await MeetingRepository(session).wijktafel(int(number))
        if table is None:
            await send(update, t("subscribe.unknown"))
            return
        _step, (text, markup) = await broadcast_flow.choose(
            t, session, table, user_id=person.user_id, now=now
        )
        await send(update, text, markup)
        return
    await drafts.save(person.user_id, broadcast_flow.PICK_TABLE, {}, now)
    text, markup = await broadcast_flow.prompt(t, session, broadcast_flow.PICK_TABLE, {})
    reports = await _reports(person, session)
    await send(update, "\n".join([text, *reports]) if reports else text, markup)


async def _one_line(
    update: Update,
    context: BotContext,
    person: Person,
    session: AsyncSession,
    *,
    table_id: int,
    text: str,
) -> None:
    table = await MeetingRepository(session).wijktafel(table_id)
    if table is None:
        await send(update, person.t("subscribe.unknown"))
        return
    text = text.strip()
    if len(text) > MAX_TEXT:
        await send(update, person.t("broadcast.too_long", limit=MAX_TEXT))
        return
    now = context.services.clock()
    await send(
        update,
        *await broadcast_flow.preview(
            person.t, session, table, text, user_id=person.user_id, now=now
        ),
    )


@with_person(BROADCAST)
async def pick_table(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """A wijktafel tapped in the conversation: next, the text."""
    match = callback_match(update, broadcast_flow.PICK_PATTERN)
    if match is None:
        return
    draft = await MeetingDraftRepository(session).get(person.user_id)
    table = await MeetingRepository(session).wijktafel(int(match.group(1)))
    if draft is None or draft.step != broadcast_flow.PICK_TABLE or table is None:
        await send(update, person.t("broadcast.stale"))
        return
    now = context.services.clock()
    _step, (text, markup) = await broadcast_flow.choose(
        person.t, session, table, user_id=person.user_id, now=now
    )
    await edit_or_send(update, text, markup)


@with_person(BROADCAST)
async def decide(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Send or cancel a previewed broadcast (coordinators only, and only once)."""
    match = callback_match(update, BROADCAST_PATTERN)
    if match is None:
        return
    broadcasts = BroadcastRepository(session)
    # One decision at a time per coordinator: a double press or nine drafts sent at once
    # are counted against the cap one after the other, and a second press finds it done.
    await broadcasts.lock_sender(person.user_id)
    row = await broadcasts.fresh(int(match.group(1)))
    if row is None or row.state != "draft":
        await send(update, person.t("broadcast.done_already"))
        return
    now = context.services.clock()
    if match.group(2) == "cancel":
        if not await broadcasts.leave_draft(row.id, "cancelled", now):
            await send(update, person.t("broadcast.done_already"))
            return
        await edit_or_send(update, person.t("broadcast.cancelled"))
        return
    await _send_off(update, context, person, broadcasts, row)


async def _send_off(
    update: Update,
    context: BotContext,
    person: Person,
    broadcasts: BroadcastRepository,
    row: Broadcast,
) -> None:
    """Queue a draft for every subscriber, unless the coordinator's daily cap is reached."""
    now = context.services.clock()
    settings = context.services.settings
    session = broadcasts.session
    # `decide` holds the sender's lock: the count and the queueing below are one step.
    cap = BroadcastCap(session, limit=settings.broadcasts_per_day, timezone=settings.timezone)
    state = await cap.used(person.user_id, now)
    if state.reached:
        # a cap against mistakes and misuse; the draft stays, to send tomorrow
        text = person.t("broadcast.cap", limit=state.limit)
        if state.rounds:
            text += "\n" + person.t("broadcast.cap.rounds", count=state.rounds)
        await send(update, text)
        return
    if not await broadcasts.leave_draft(row.id, "queued", now):
        await send(update, person.t("broadcast.done_already"))
        return
    chats = await SubscriptionRepository(session).subscribers(row.wijktafel_id)
    payload = {"kind": "broadcast", "broadcast_id": row.id}
    queued = await DeliveryRepository(session).enqueue(chats, broadcast_key(row.id), payload, now)
    await edit_or_send(
        update, person.t("broadcast.queued", count=queued) + "\n\n" + html.escape(row.text)
    )


def register(application: WijkApplication) -> None:
    """Add /bericht and its confirm buttons."""
    application.add_handler(CommandHandler(BROADCAST.names, compose))
    application.add_handler(CallbackQueryHandler(decide, pattern=BROADCAST_PATTERN))
    application.add_handler(CallbackQueryHandler(pick_table, pattern=broadcast_flow.PICK_PATTERN))
