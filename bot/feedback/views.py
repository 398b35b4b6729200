"""Texts, keyboards, callback data and queued messages of the feedback journey."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputPollOption, Message

from bot.core.services import Services
from bot.db.models import FeedbackRound, FeedbackSet
from bot.delivery.renderers import Outgoing, register_renderer
from bot.feedback.messages import FEEDBACK_KINDS, HELD
from bot.feedback.questions import render
from bot.feedback.repository_rounds import OPEN, FeedbackRoundRepository, snapshot
from bot.i18n import Translator
from bot.meetings.repository import MeetingRepository
from bot.meetings.views import Rendered, chat_translator, occurrence_of

# fbs: switches of a set, fbt: attach target, fbr: results of a round, fbp: page, fbw: remark.
SET_PATTERN = r"^fbs:(\d+):(aud|grp|rem|del|dly|act)$"
TARGET_PATTERN = r"^fbt:(w|m):(\d+)$"
ROUND_PATTERN = r"^fbr:(\d+):(show|ref|png|csv)$"
PAGE_PATTERN = r"^fbp:(\d+)$"
REMARK_PATTERN = r"^fbw:(\d+)$"
MAX_REMARK = 500


@dataclass(frozen=True)
class PollToSend:
    """A native poll waiting in the delivery queue, and what it answers."""

    round_id: int
    question_index: int
    question: str
    options: list[str]
    multiple: bool
    anonymous: bool

    async def send(self, bot: Bot, chat_id: int) -> Message:
        """Send it (non-anonymous to a person, so answers can be counted per meeting)."""
        # Questions and options are plain text (an organiser's "&" or "<" is not markup).
        return await bot.send_poll(
            chat_id,
            self.question,
            [InputPollOption(option, text_parse_mode=None) for option in self.options],
            is_anonymous=self.anonymous,
            allows_multiple_answers=self.multiple,
            question_parse_mode=None,
        )


def set_keyboard(t: Translator, row: FeedbackSet, *, sent: bool) -> InlineKeyboardMarkup:
    """The switches of a set: audience, groups, remark, delay, pause; delete while never sent."""
    base = f"fbs:{row.id}"
    audience = t(
        "feedback.set.audience.yes" if row.audience == "yes" else "feedback.set.audience.all"
    )
    groups = t("feedback.set.groups.on" if row.to_groups else "feedback.set.groups.off")
    remark = t("feedback.set.remark.on" if row.remark else "feedback.set.remark.off")
    delay = t("feedback.set.delay", hours=_hours(row.delay_minutes))
    active = t("feedback.set.active.on" if row.active else "feedback.set.active.off")
    rows = [
        [InlineKeyboardButton(audience, callback_data=f"{base}:aud")],
        [InlineKeyboardButton(groups, callback_data=f"{base}:grp")],
        [InlineKeyboardButton(remark, callback_data=f"{base}:rem")],
        [InlineKeyboardButton(delay, callback_data=f"{base}:dly")],
        [InlineKeyboardButton(active, callback_data=f"{base}:act")],
    ]
    if not sent:
        rows.append([InlineKeyboardButton(t("feedback.set.delete"), callback_data=f"{base}:del")])
    return InlineKeyboardMarkup(rows)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def set_text(t: Translator, row: FeedbackSet, target: str) -> str:
    """A set as its organiser sees it: the target, the questions and how to change them."""
    lines = [t("feedback.set.title", id=row.id, target=target)]
    for number, question in enumerate(row.questions, start=1):
        asked = render(t, snapshot(question))
        kind = "scale" if asked.scale else "multiple" if asked.multiple else "single"
        lines.append(t("feedback.set.question", number=number, text=asked.text))
        lines.append(t(f"feedback.set.kind.{kind}", options=" / ".join(asked.options)))
    if row.remark:
        lines.append(t("feedback.set.remark", text=row.remark_text or t("feedback.q.remark")))
    lines += ["", t("feedback.set.help", id=row.id)]
    return "\n".join(lines)


async def _open_round(session: AsyncSession, round_id: int) -> tuple[FeedbackRound, str] | None:
    row = await FeedbackRoundRepository(session).get(round_id)
    meeting = await MeetingRepository(session).meeting(row.meeting_id) if row else None
    if row is None or meeting is None or row.state != OPEN:
        return None
    return row, meeting.title


async def when_of(session: AsyncSession, t: Translator, row: FeedbackRound) -> str:
    """The date of the round's meeting, e.g. 'dinsdag 1 december'."""

    repo = MeetingRepository(session)
    meeting = await repo.meeting(row.meeting_id)
    occurrence = await occurrence_of(repo, meeting, row.occurrence) if meeting else None
    moment = occurrence.start.date() if occurrence else row.occurrence
    return t.date(moment, "EEEE d MMMM")


async def render_feedback(
    session: AsyncSession, services: Services, chat_id: int, payload: dict[str, Any]
) -> Rendered | PollToSend | None:
    """The message a queued feedback delivery stands for (None: the round is closed or gone)."""
    if payload["kind"] == HELD:
        return await _held_notice(session, services, chat_id, payload)
    return await _round_message(session, services, chat_id, payload)


async def _round_message(
    session: AsyncSession, services: Services, chat_id: int, payload: dict[str, Any]
) -> Rendered | PollToSend | None:

    found = await _open_round(session, int(payload["round_id"]))
    if found is None:
        return None
    row, title = found
    t = await chat_translator(session, services, chat_id)
    kind, group = payload["kind"], chat_id < 0
    when = await when_of(session, t, row)
    until = t.datetime(row.close_at, "EEEE d MMMM HH:mm")
    if kind == "feedback_poll":
        index = int(payload["question"])
        asked = render(t, row.questions[index])
        return PollToSend(row.id, index, asked.text, asked.options, asked.multiple, group)
    if kind == "feedback_intro":
        key = "feedback.intro.group" if group else "feedback.intro"
        count = len(row.questions)
        return Rendered(t(key, title=title, when=when, count=count, until=until), None)
    if kind == "feedback_remark":
        question = row.remark_text or t("feedback.q.remark")
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t("feedback.remark.button"), callback_data=f"fbw:{row.id}")]]
        )
        return Rendered(t("feedback.remark.ask", question=question, limit=MAX_REMARK), markup)
    if kind == "feedback_reminder":
        return Rendered(t("feedback.reminder", title=title, when=when, until=until), None)
    return None


async def _held_notice(
    session: AsyncSession, services: Services, chat_id: int, payload: dict[str, Any]
) -> Rendered | None:
    """To a round's sender: it waits for their daily cap, and from when it can go."""

    meeting = await MeetingRepository(session).meeting(int(payload["meeting_id"]))
    if meeting is None:
        return None
    t = await chat_translator(session, services, chat_id)
    return Rendered(
        t(
            "feedback.held",
            title=meeting.title,
            when=t.date(date.fromisoformat(str(payload["occurrence"])), "EEEE d MMMM"),
            limit=int(payload["limit"]),
            again=t.datetime(datetime.fromisoformat(str(payload["again_at"])), "EEEE d MMMM HH:mm"),
        ),
        None,
    )


async def remember_poll(
    session: AsyncSession, poll: PollToSend, chat_id: int, message: Message
) -> None:
    """Store the sent poll's id, so `poll_answer` updates find their round and question."""
    if message.poll is None:
        return
    rounds = FeedbackRoundRepository(session)
    invite = None if poll.anonymous else await rounds.invite_of(poll.round_id, chat_id)
    await rounds.record_poll(
        message.poll.id,
        poll.round_id,
        poll.question_index,
        chat_id=chat_id,
        message_id=message.message_id,
        invite_id=invite.id if invite else None,
    )


async def _remember_sent_poll(
    session: AsyncSession, rendered: Outgoing, chat_id: int, message: Message
) -> None:
    if isinstance(rendered, PollToSend):
        await remember_poll(session, rendered, chat_id, message)


def register_renderers() -> None:
    """Tell the delivery queue's sender that this room renders its kinds of message, and
    remembers each poll it sent."""
    for kind in FEEDBACK_KINDS:
        register_renderer(kind, render_feedback, after_sent=_remember_sent_poll)
