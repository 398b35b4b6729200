"""Counting the answers of one round, without names: totals, averages, response rate, CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from babel.dates import format_skeleton

from bot.feedback.questions import Asked, option_count, render
from bot.feedback.spreadsheet import spreadsheet_csv
from bot.i18n import Translator

CSV_COLUMNS = (
    "answer",
    "source",
    "date",
    "meeting",
    "question_no",
    "question",
    "option_no",
    "option",
    "value",
    "remark",
)


def local_day(t: Translator, moment: datetime) -> date:
    """The calendar day of a moment in the bot's time zone."""
    return moment.astimezone(t.timezone).date()


def short_day(t: Translator, day: date) -> str:
    """A day as the reader's language writes it briefly: '1 dec' or 'Dec 1'."""
    return str(format_skeleton("MMMd", day, locale=t.language))


def long_day(t: Translator, day: date) -> str:
    """A day in full: 'dinsdag 1 december 2026' or 'Tuesday, December 1, 2026'."""
    return t.date(day, "full")


@dataclass(frozen=True)
class PollAnswers:
    """What one sent poll holds: a person's chosen options, or a group poll's counts."""

    question: int
    choice: Sequence[int] | None = None
    tallies: Sequence[int] | None = None


@dataclass
class QuestionResult:
    """Counts per option of one question, over people and groups."""

    asked: Asked
    counts: list[int]
    answers: int = 0

    @property
    def average(self) -> float | None:
        """The mean score of a 1-5 scale (None: not a scale or no answers)."""
        total = sum(self.counts)
        if not self.asked.scale or total == 0:
            return None
        return sum((i + 1) * n for i, n in enumerate(self.counts)) / total


@dataclass
class RoundResult:
    """Everything the organiser sees about one round."""

    round_id: int
    title: str
    start: datetime
    invited: int
    respondents: int
    questions: list[QuestionResult]
    remark_question: str | None
    remarks: list[str] = field(default_factory=list)
    polls: list[PollAnswers] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        """The share of invited people who answered anything (None: nobody invited)."""
        return self.respondents / self.invited if self.invited else None

    @property
    def score(self) -> float | None:
        """The mean of the scale questions' averages, for the trend (None: no scale answers)."""
        averages = [q.average for q in self.questions if q.average is not None]
        return sum(averages) / len(averages) if averages else None


def count_round(
    t: Translator,
    *,
    round_id: int,
    title: str,
    start: datetime,
    questions: Sequence[dict[str, Any]],
    polls: Sequence[PollAnswers],
    invited: int,
    respondents: int,
    remark_question: str | None,
    remarks: Sequence[str],
) -> RoundResult:
    """Add up every poll of a round per question and option."""
    results = [QuestionResult(render(t, q), [0] * option_count(q)) for q in questions]
    for poll in polls:
        if not 0 <= poll.question < len(results):
            continue
        result = results[poll.question]
        if poll.choice:
            result.answers += 1
            for option in poll.choice:
                if 0 <= option < len(result.counts):
                    result.counts[option] += 1
        if poll.tallies:
            for option, count in enumerate(poll.tallies[: len(result.counts)]):
                result.counts[option] += count
            result.answers += (
                max(poll.tallies, default=0) if result.asked.multiple else sum(poll.tallies)
            )
    return RoundResult(
        round_id=round_id,
        title=title,
        start=start,
        invited=invited,
        respondents=respondents,
        questions=results,
        remark_question=remark_question,
        remarks=list(remarks),
        polls=list(polls),
    )


def csv_export(t: Translator, result: RoundResult) -> bytes:
    """One row per chosen option of every answer and one per remark; no names, no ids
    (semicolon-separated with a BOM, for Dutch Excel; see bot/feedback/spreadsheet.py)."""
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    day = result.start.astimezone(t.timezone).date().isoformat()
    number = 0

    def row(source: str, index: int, option: int | None, remark: str = "") -> None:
        question = result.questions[index] if option is not None else None
        rows.append(
            [
                number,
                source,
                day,
                result.title,
                index + 1,
                question.asked.text if question else result.remark_question or "",
                "" if option is None else option + 1,
                question.asked.options[option] if question and option is not None else "",
                option + 1 if question and question.asked.scale and option is not None else "",
                remark,
            ]
        )

    for poll in result.polls:
        if not 0 <= poll.question < len(result.questions):
            continue
        size = len(result.questions[poll.question].counts)
        if poll.choice:
            number += 1
            for option in poll.choice:
                if 0 <= option < size:
                    row("person", poll.question, option)
        for option, count in enumerate((poll.tallies or [])[:size]):
            for _ in range(count):
                number += 1
                row("group", poll.question, option)
    for remark in result.remarks:
        number += 1
        row("remark", len(result.questions), None, remark)
    return spreadsheet_csv(rows)
