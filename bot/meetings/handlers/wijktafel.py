"""Wijktafels: /bijeenkomst plans a meeting, deep links subscribe, reminder buttons answer.

/bijeenkomst on its own starts the step-by-step planning (`plan`); with a one-line
form (fields separated by |) it plans at once. /aanmeldingen shows who is coming.
Every button re-checks who pressed it and what they may do.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.commands import MEETING, RSVPS
from bot.core.context import BotContext, WijkApplication
from bot.core.handling import callback_match, send, with_person
from bot.core.person import Person
from bot.core.roles import Role
from bot.db.models import Meeting, Wijktafel
from bot.delivery.repository import BLOCKED, FAILED, SENT, DeliveryRepository
from bot.meetings import waitlist
from bot.meetings.handlers import plan
from bot.meetings.recurrence import AMSTERDAM, local, occurrences, parse_rule
from bot.meetings.repository import (
    MeetingRepository,
    RsvpRepository,
    SubscriptionRepository,
)
from bot.meetings.subscriptions import is_group_admin
from bot.meetings.views import (
    ANSWERS,
    RSVP_PATTERN,
    UNSUB_PATTERN,
    created_lines,
    key_from,
    occurrence_of,
)
from bot.meetings.when import examples
from bot.policy import MEETINGS_UPCOMING
from bot.visible import visible

MAX_LISTED = 10


def _parse_form(
    person: Person, text: str, now: datetime
) -> tuple[list[str], datetime, int, str | None] | str:
    """The fields of the one-line form, or the error to show."""
    t = person.t
    fields = [part.strip() for part in text.split("|")]
    if len(fields) not in {5, 6} or not all(fields[i] for i in (0, 1, 4)):
        return t("meeting.error.fields")
    try:
        naive = datetime.strptime(fields[2], "%Y-%m-%d %H:%M")  # noqa: DTZ007 (local wall time)
    except ValueError:
        return t("meeting.error.when.dated", value=fields[2], **examples(now, t.language))
    start = local(naive, AMSTERDAM)
    if start <= now:
        return t("meeting.error.past")
    if not fields[3].isdigit() or not 5 <= int(fields[3]) <= 720:
        return t("meeting.error.duration")
    rule = fields[5] if len(fields) == 6 and fields[5] else None
    if rule is not None:
        try:
            parse_rule(rule, start)
        except (ValueError, TypeError):
            return t("meeting.error.rrule", value=rule)
    return fields, start, int(fields[3]), rule


@with_person(MEETING)
async def plan_meeting(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/bijeenkomst wijktafel | wijk | datum tijd | duur | plaats | RRULE."""
    message = update.effective_message
    text = visible(message.text) if message is not None and message.text else ""
    parts = text.split(maxsplit=1)
    if len(parts) < 2:
        await plan.open_menu(update, context, person, session)
        return
    now = context.services.clock()
    parsed = _parse_form(person, parts[1], now)
    if isinstance(parsed, str):
        usage = person.t("meeting.usage.dated", **examples(now, person.language))
        await send(update, parsed + "\n\n" + usage)
        return
    fields, start, minutes, rule = parsed
    repo = MeetingRepository(session)
    table = await repo.wijktafel_named(fields[0], fields[1])
    if table is None:
        table = await repo.add_wijktafel(fields[0], fields[1], person.user_id, now)
    meeting = await repo.add_meeting(
        Meeting(
            wijktafel_id=table.id,
            title=fields[0],
            place=fields[4],
            starts_at=start,
            duration_minutes=minutes,
            rrule=rule,
            created_by=person.user_id,
            created_at=now,
        )
    )
    lines = await created_lines(person.t, repo, meeting, table, context.bot.username)
    await send(update, "\n\n".join(lines))


@with_person(RSVPS)
async def show_rsvps(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """/aanmeldingen: for each upcoming occurrence, the counts and who said yes."""
    now = context.services.clock()
    repo, rsvps = MeetingRepository(session), RsvpRepository(session)
    found = []
    for meeting in await repo.meetings():
        exceptions = await repo.exceptions(meeting.id)
        duration = timedelta(minutes=meeting.duration_minutes)
        for occ in occurrences(
            meeting.starts_at, duration, meeting.rrule, exceptions, (now, now + MEETINGS_UPCOMING)
        ):
            found.append((occ, meeting))
    if not found:
        await send(update, person.t("rsvps.nothing"))
        return
    t = person.t
    lines: list[str] = []
    listed = 0
    for occ, meeting in sorted(found, key=lambda pair: pair[0].start):
        if listed >= MAX_LISTED:
            break
        answers = await rsvps.of_occurrence(meeting.id, occ.key)
        report = await DeliveryRepository(session).counts(
            f"reminder:{meeting.id}:{occ.key.isoformat()}:", prefix=True
        )
        if not answers and not report:
            continue  # a date nobody answered for (and no reminder yet) tells nothing
        listed += 1
        counts = {a: sum(1 for r in answers if r.answer == a) for a in ANSWERS.values()}
        when = t.datetime(occ.start, "EEEE d MMMM HH:mm")
        lines.append("")
        lines.append(t("rsvps.line", when=when, title=meeting.title, **counts))
        names = [r.name for r in answers if r.answer == waitlist.YES]
        if names:
            lines.append(t("rsvps.names", names=", ".join(names)))
        waiting = [r.name for r in answers if r.answer == waitlist.WAITING]
        if waiting:
            lines.append(t("rsvps.waiting", names=", ".join(waiting)))
        if report:
            sent, failed, blocked = (report.get(s, 0) for s in (SENT, FAILED, BLOCKED))
            lines.append(t("rsvps.delivery", sent=sent, failed=failed, blocked=blocked))
    if not lines:
        await send(update, t("rsvps.nobody"))
        return
    lines.insert(0, t("rsvps.title"))
    await send(update, "\n".join(lines))


async def _may_answer(
    update: Update, person: Person, session: AsyncSession, wijktafel_id: int
) -> bool:
    chat = update.effective_chat
    if chat is None:
        return False
    subscribed = await SubscriptionRepository(session).subscribers(wijktafel_id)
    return chat.id in subscribed or person.has(Role.COORDINATOR)


@with_person()
async def answer_rsvp(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """A press on ik kom / misschien / ik kan niet under a reminder."""
    match = callback_match(update, RSVP_PATTERN)
    if match is None:
        return
    repo = MeetingRepository(session)
    meeting = await repo.meeting(int(match.group(1)))
    try:
        key = key_from(match.group(2))
    except ValueError:  # eight digits that are no date: not a button the bot made
        return
    occurrence = await occurrence_of(repo, meeting, key) if meeting else None
    if meeting is None or occurrence is None:
        await send(update, person.t("rsvp.gone"))
        return
    if not await _may_answer(update, person, session, meeting.wijktafel_id):
        await send(update, person.t("unsub.none"))
        return
    result = await waitlist.answer(
        session,
        meeting,
        key,
        person.user_id,
        name=person.first_name,
        wanted=ANSWERS[match.group(3)],
        now=context.services.clock(),
    )
    when = person.t.datetime(occurrence.start, "EEEE d MMMM HH:mm")
    if result.answer == waitlist.WAITING:
        text = person.t(
            "rsvp.saved.wait", title=meeting.title, when=when, position=result.position or 1
        )
    else:
        text = person.t(f"rsvp.saved.{result.answer}", title=meeting.title, when=when)
    await send(update, text)


async def pressed_wijktafel(
    update: Update, context: BotContext, person: Person, session: AsyncSession, pattern: str
) -> tuple[Wijktafel, bool] | None:
    """The wijktafel a button names, and whether it is pressed in a group (by one of its
    admins); None, after saying why where needed, when the press cannot count."""
    chat = update.effective_chat
    match = callback_match(update, pattern)
    if match is None or chat is None:
        return None
    table = await MeetingRepository(session).wijktafel(int(match.group(1)))
    if table is None:
        await send(update, person.t("subscribe.unknown"))
        return None
    group = chat.type != ChatType.PRIVATE
    if group and not await is_group_admin(update, context):
        await send(update, person.t("group.admin_only"))
        return None
    return table, group


@with_person()
async def unsubscribe(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """The button under every reminder: this chat gets no more reminders of the wijktafel."""
    chat = update.effective_chat
    pressed = await pressed_wijktafel(update, context, person, session, UNSUB_PATTERN)
    if pressed is None or chat is None:
        return
    table, group = pressed
    if not await SubscriptionRepository(session).unsubscribe(table.id, chat.id):
        await send(update, person.t("unsub.none"))
        return
    await send(update, person.t("unsub.group.done" if group else "unsub.done", name=table.name))


def register(application: WijkApplication) -> None:
    """Add /bijeenkomst, /aanmeldingen and the reminder buttons."""
    application.add_handler(CommandHandler(MEETING.names, plan_meeting))
    application.add_handler(CommandHandler(RSVPS.names, show_rsvps))
    application.add_handler(CallbackQueryHandler(answer_rsvp, pattern=RSVP_PATTERN))
    application.add_handler(CallbackQueryHandler(unsubscribe, pattern=UNSUB_PATTERN))
