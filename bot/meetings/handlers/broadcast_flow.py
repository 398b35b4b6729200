"""/bericht as a short conversation: which wijktafel (buttons), the text, then the preview.

The step lives in the coordinator's row of `meeting_drafts` (steps `bc_table` and `bc_text`),
like planning a meeting, so a restart or another web process continues it; the preview is a
broadcast in the `draft` state with send and cancel buttons, as with the one-line form.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import Wijktafel
from bot.i18n import Translator
from bot.meetings.repository import (
    BroadcastRepository,
    MeetingRepository,
    SubscriptionRepository,
)
from bot.meetings.repository_drafts import MeetingDraftRepository
from bot.meetings.views import broadcast_text
from bot.visible import visible

PICK_TABLE = "bc_table"
WRITE_TEXT = "bc_text"
STEPS = frozenset({PICK_TABLE, WRITE_TEXT})
PICK_PATTERN = r"^bct:(\d+)$"
MAX_TEXT = 3500
MAX_TABLE_BUTTONS = 30

Prompt = tuple[str, InlineKeyboardMarkup | None]


async def _with_counts(session: AsyncSession) -> list[tuple[Wijktafel, int]]:
    subscriptions = SubscriptionRepository(session)
    tables = await MeetingRepository(session).wijktafels()
    return [(table, len(await subscriptions.subscribers(table.id))) for table in tables]


async def prompt(
    t: Translator, session: AsyncSession, step: str, data: dict[str, object]
) -> Prompt:
    """The question of a step: the wijktafels as buttons, or what to type."""
    if step == WRITE_TEXT:
        table = await MeetingRepository(session).wijktafel(int(str(data.get("table_id", 0))))
        if table is not None:
            count = len(await SubscriptionRepository(session).subscribers(table.id))
            return t("broadcast.ask.text", name=table.name, count=count), None
    rows = [
        [
            InlineKeyboardButton(
                t("broadcast.pick", name=table.name, count=count), callback_data=f"bct:{table.id}"
            )
        ]
        for table, count in (await _with_counts(session))[:MAX_TABLE_BUTTONS]
    ]
    return t("broadcast.ask.table"), InlineKeyboardMarkup(rows)


async def preview(
    t: Translator,
    session: AsyncSession,
    table: Wijktafel,
    text: str,
    *,
    user_id: int,
    now: datetime,
) -> Prompt:
    """Store the message as a draft broadcast and show it as subscribers will see it."""
    row = await BroadcastRepository(session).draft(table.id, text, user_id, now)
    count = len(await SubscriptionRepository(session).subscribers(table.id))
    heading = t("broadcast.preview", name=table.name, count=count)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("broadcast.send"), callback_data=f"bc:{row.id}:send"),
                InlineKeyboardButton(t("broadcast.cancel"), callback_data=f"bc:{row.id}:cancel"),
            ]
        ]
    )
    return f"{heading}\n\n{broadcast_text(t, table, text)}", markup


def _typed_table(tables: list[Wijktafel], text: str) -> Wijktafel | None:
    """A wijktafel typed instead of tapped: its number or its exact name."""
    wanted = text.strip().casefold()
    return next((t for t in tables if wanted in (str(t.id), t.name.casefold())), None)


async def typed(
    t: Translator,
    session: AsyncSession,
    step: str,
    data: dict[str, object],
    text: str,
    *,
    user_id: int,
    now: datetime,
) -> tuple[str | None, Prompt]:
    """A typed message in the conversation: the step it leads to (None: done, the draft
    goes) and what to show."""
    drafts = MeetingDraftRepository(session)
    repo = MeetingRepository(session)
    if step == PICK_TABLE:
        table = _typed_table(list(await repo.wijktafels()), text)
        if table is None:
            body, markup = await prompt(t, session, step, data)
            return step, (t("broadcast.use_buttons") + "\n\n" + body, markup)
        return await choose(t, session, table, user_id=user_id, now=now)
    table = await repo.wijktafel(int(str(data.get("table_id", 0))))
    if table is None:
        await drafts.delete(user_id)
        return None, (t("subscribe.unknown"), None)
    # bidi and zero-width characters out, as for every text subscribers get
    message = visible(text).strip()
    if len(message) > MAX_TEXT:
        body, markup = await prompt(t, session, step, data)
        return step, (t("broadcast.too_long", limit=MAX_TEXT) + "\n\n" + body, markup)
    await drafts.delete(user_id)
    return None, await preview(t, session, table, message, user_id=user_id, now=now)


async def choose(
    t: Translator, session: AsyncSession, table: Wijktafel, *, user_id: int, now: datetime
) -> tuple[str | None, Prompt]:
    """The wijktafel is chosen: next, its text."""
    data: dict[str, object] = {"table_id": table.id}
    await MeetingDraftRepository(session).save(user_id, WRITE_TEXT, data, now)
    return WRITE_TEXT, await prompt(t, session, WRITE_TEXT, data)
