"""The organiser's view of a round: counts from the database, the summary text, the trend."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.db.models import FeedbackRound
from bot.feedback.repository_rounds import FeedbackRoundRepository
from bot.feedback.results import (
    PollAnswers,
    RoundResult,
    count_round,
    local_day,
    long_day,
    short_day,
)
from bot.i18n import Translator
from bot.meetings.repository import MeetingRepository
from bot.meetings.views import occurrence_of

TREND_ROUNDS = 6
MAX_TEXT = 3800


async def load_result(session: AsyncSession, t: Translator, row: FeedbackRound) -> RoundResult:
    """Count a round's answers as they are now (polls may still be open)."""

    rounds, meetings = FeedbackRoundRepository(session), MeetingRepository(session)
    meeting = await meetings.meeting(row.meeting_id)
    occurrence = await occurrence_of(meetings, meeting, row.occurrence) if meeting else None
    polls = [PollAnswers(p.question, p.choice, p.tallies) for p in await rounds.polls(row.id)]
    remark_question = (row.remark_text or t("feedback.q.remark")) if row.remark else None
    return count_round(
        t,
        round_id=row.id,
        title=meeting.title if meeting else "-",
        start=occurrence.start if occurrence else row.started_at,
        questions=row.questions,
        polls=polls,
        invited=len(await rounds.invites(row.id)),
        respondents=len(await rounds.respondents(row.id)),
        remark_question=remark_question,
        remarks=[r.text for r in await rounds.remarks(row.id)],
    )


async def trend_of(session: AsyncSession, t: Translator, row: FeedbackRound) -> list[RoundResult]:
    """This round and the ones before it of the same wijktafel, oldest first."""
    meeting = await MeetingRepository(session).meeting(row.meeting_id)
    if meeting is None:
        return [await load_result(session, t, row)]
    rows = await FeedbackRoundRepository(session).of_wijktafel(
        meeting.wijktafel_id, row.occurrence, TREND_ROUNDS
    )
    return [await load_result(session, t, r) for r in rows]


def number(t: Translator, value: float) -> str:
    """A score with one decimal in the reader's language (4,2 or 4.2)."""
    return str(format_decimal(value, format="0.0", locale=t.language))


def _rate(t: Translator, result: RoundResult) -> str:
    if result.rate is None:
        return t("feedback.summary.nobody")
    percent = format_percent(result.rate, locale=t.language)
    return t(
        "feedback.summary.rate",
        answered=result.respondents,
        invited=result.invited,
        percent=percent,
    )


def summary_text(
    t: Translator, row: FeedbackRound, result: RoundResult, trend: list[RoundResult]
) -> str:
    """Totals per question, averages, the trend and the remarks (never names)."""
    when = long_day(t, local_day(t, result.start))
    state = (
        t("feedback.summary.closed")
        if row.state == "closed"
        else t("feedback.summary.open", until=t.datetime(row.close_at, "d MMM HH:mm"))
    )
    lines = [t("feedback.summary.title", title=result.title, when=when), _rate(t, result), state]
    for index, question in enumerate(result.questions, start=1):
        lines.append("")
        head = t("feedback.summary.question", number=index, text=question.asked.text)
        if question.average is not None:
            head += " " + t(
                "feedback.summary.average",
                count=question.answers,
                average=number(t, question.average),
            )
        else:
            head += " " + t("feedback.summary.answers", count=question.answers)
        lines.append(head)
        lines.append(
            t(
                "feedback.summary.counts",
                counts=" · ".join(
                    f"{option}: {count}"
                    for option, count in zip(question.asked.options, question.counts, strict=True)
                ),
            )
        )
    scored = [r for r in trend if r.score is not None]
    if len(scored) > 1:
        steps = " → ".join(
            f"{short_day(t, local_day(t, r.start))} {number(t, r.score or 0)}" for r in scored
        )
        lines += ["", t("feedback.summary.trend", steps=steps)]
    if result.remark_question is not None:
        lines += ["", t("feedback.summary.remarks", question=result.remark_question)]
        if not result.remarks:
            lines.append(t("feedback.summary.no_remarks"))
        shown = 0
        for remark in result.remarks:
            line = t("feedback.summary.remark", text=remark)
            if sum(len(x) + 1 for x in lines) + len(line) > MAX_TEXT:
                break
            lines.append(line)
            shown += 1
        if shown < len(result.remarks):
            lines.append(t("feedback.summary.more_remarks", count=len(result.remarks) - shown))
    # Very long own options could still pass Telegram's limit: whole lines go (each line is
    # complete HTML), and the CSV has everything.
    limit = MessageLimit.MAX_TEXT_LENGTH - 2
    if len("\n".join(lines)) > limit:
        while len("\n".join(lines)) > limit:
            lines.pop()
        lines.append("…")
    return "\n".join(lines)


def summary_keyboard(t: Translator, round_id: int) -> InlineKeyboardMarkup:
    """Chart, CSV and refresh (results change while the polls are open)."""
    base = f"fbr:{round_id}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("feedback.summary.png"), callback_data=f"{base}:png"),
                InlineKeyboardButton(t("feedback.summary.csv"), callback_data=f"{base}:csv"),
            ],
            [InlineKeyboardButton(t("feedback.summary.refresh"), callback_data=f"{base}:ref")],
        ]
    )
