"""The pure parts of feedback: own questions, counting, CSV rows and the chart's texts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.feedback.chart import build_figure, render_chart
from bot.feedback.questions import READY_MADE, parse_own
from bot.feedback.results import PollAnswers, RoundResult, count_round, csv_export
from bot.i18n import Catalogues, Translator

CATALOGUES = Catalogues(ZoneInfo("Europe/Amsterdam"))


def _result(t: Translator, polls: list[PollAnswers], when: datetime) -> RoundResult:
    return count_round(
        t,
        round_id=1,
        title="Wijktafel Oost",
        start=when,
        questions=list(READY_MADE),
        polls=polls,
        invited=4,
        respondents=3,
        remark_question=t("feedback.q.remark"),
        remarks=["More time, please", 'Quotes " and, commas'],
    )


POLLS = [
    PollAnswers(0, choice=[4]),
    PollAnswers(0, choice=[3]),
    PollAnswers(0, tallies=[0, 0, 1, 0, 2]),  # a group poll: three anonymous votes
    PollAnswers(1, choice=[0]),
    PollAnswers(2, choice=None),  # sent, not answered
]


def test_counts_averages_and_rate() -> None:
    t = CATALOGUES.translator("en")
    result = _result(t, POLLS, datetime(2026, 12, 1, 18, 30, tzinfo=UTC))
    scale = result.questions[0]
    assert scale.counts == [0, 0, 1, 1, 3]
    assert scale.answers == 5
    assert scale.average == pytest.approx((3 + 4 + 5 * 3) / 5)
    assert result.questions[1].counts == [1, 0]
    assert result.questions[2].answers == 0
    assert result.rate == 0.75
    assert result.score == pytest.approx(scale.average)


def test_csv_has_one_row_per_answer_and_no_names() -> None:
    t = CATALOGUES.translator("nl")
    result = _result(t, POLLS, datetime(2026, 12, 1, 18, 30, tzinfo=UTC))
    text = csv_export(t, result).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    answers = [r for r in rows if r["source"] != "remark"]
    assert len(answers) == 1 + 1 + 3 + 1
    assert [r["option"] for r in answers if r["question_no"] == "2"] == ["Ja"]
    assert sorted(r["value"] for r in answers if r["question_no"] == "1") == list("34555")
    assert {r["date"] for r in rows} == {"2026-12-01"}
    remarks = [r["remark"] for r in rows if r["source"] == "remark"]
    assert remarks == ["More time, please", 'Quotes " and, commas']
    assert len({r["answer"] for r in rows}) == len(rows)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Terugkoppeling: Wijktafel Oost", "Aantal antwoorden", "Gemiddelde score"]),
        ("en", ["Feedback: Wijktafel Oost", "Number of answers", "Average score"]),
    ],
)
def test_the_chart_speaks_the_organisers_language(language: str, expected: list[str]) -> None:
    t = CATALOGUES.translator(language)
    earlier = _result(t, [PollAnswers(0, choice=[1])], datetime(2026, 10, 20, 17, 30, tzinfo=UTC))
    now = _result(t, POLLS, datetime(2026, 12, 1, 18, 30, tzinfo=UTC))
    figure = build_figure(t, now, [earlier, now])
    texts = [figure.get_suptitle()]
    for axes in figure.axes:
        texts += [axes.get_title(loc="left"), axes.get_xlabel(), axes.get_ylabel()]
        texts += [label.get_text() for label in axes.get_xticklabels()]
    joined = "\n".join(texts)
    for fragment in expected:
        assert fragment in joined
    trend = figure.axes[-1]
    assert [label.get_text() for label in trend.get_xticklabels()] == (
        ["20 okt", "1 dec"] if language == "nl" else ["Oct 20", "Dec 1"]
    )
    heights: Any = trend.lines[0].get_ydata()
    assert [float(y) for y in heights] == [2.0, pytest.approx(4.4)]
    png = render_chart(t, now, [earlier, now])
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Was het eten goed? | ja | nee", {"text": "Was het eten goed?", "options": ["ja", "nee"]}),
        ("schaal Hoe was de sfeer?", {"scale": True, "options": None}),
        ("meer Wat nam je mee? | tips | contacten | niks", {"multiple": True}),
        # bidi and zero-width characters go before the 300 characters are counted
        ("\u202e" + "x" * 300 + "\u200b | a | b", {"text": "x" * 300}),
    ],
)
def test_own_questions_are_parsed(text: str, expected: dict[str, object]) -> None:
    parsed = parse_own(text)
    assert isinstance(parsed, dict)
    for key, value in expected.items():
        assert parsed[key] == value


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "feedback.error.empty"),
        ("Alleen een vraag?", "feedback.error.option_count"),
        ("Eén optie? | ja", "feedback.error.option_count"),
        ("Vraag? | " + " | ".join(str(i) for i in range(11)), "feedback.error.option_count"),
        ("Vraag? | ja | Ja ", "feedback.error.duplicate"),
        ("\u200b\u202e | a | b", "feedback.error.empty"),
        ("x" * 300 + " | a | " + "b" * 101, "feedback.error.long"),
        ("schaal Sfeer? | a | b", "feedback.error.scale_options"),
        ("x" * 301 + " | a | b", "feedback.error.long"),
    ],
)
def test_bad_questions_get_an_error(text: str, error: str) -> None:
    assert parse_own(text) == error


def test_feedback_settings_have_defaults_and_are_checked() -> None:
    from bot.config import SettingsError, settings_from_mapping

    defaults = settings_from_mapping({})
    assert (
        defaults.feedback_delay_minutes,
        defaults.feedback_reminder_hours,
        defaults.feedback_close_hours,
    ) == (120, 48, 96)
    chosen = settings_from_mapping({"WIJKWIJZER_FEEDBACK_DELAY_MINUTES": "30"})
    assert chosen.feedback_delay_minutes == 30
    with pytest.raises(SettingsError, match="FEEDBACK_CLOSE_HOURS must be a whole number"):
        settings_from_mapping({"WIJKWIJZER_FEEDBACK_CLOSE_HOURS": "soon"})


def test_a_summary_of_very_long_questions_still_fits_one_message() -> None:
    from bot.db.models import FeedbackRound
    from bot.feedback.views_results import summary_text

    t = CATALOGUES.translator("nl")
    options = [f"{i} " + "x" * 97 for i in range(12)]
    question = {"template": None, "text": "v" * 300, "options": options}
    questions = [{**question, "scale": False, "multiple": False} for _ in range(5)]
    when = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)
    result = count_round(
        t,
        round_id=1,
        title="Wijktafel Oost",
        start=when,
        questions=questions,
        polls=[PollAnswers(4, choice=[11])],
        invited=1,
        respondents=1,
        remark_question=None,
        remarks=[],
    )
    row = FeedbackRound(state="open", close_at=when)
    text = summary_text(t, row, result, [result])
    assert len(text) <= 4096
    assert text.startswith("📊 <b>Wijktafel Oost</b>")
    assert text.endswith("\n…")
