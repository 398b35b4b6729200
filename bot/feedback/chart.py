"""The results as a PNG for a phone screen: bars per question and a line for the trend.

Matplotlib runs with the non-interactive Agg backend; callers render in a thread
(`asyncio.to_thread`) so the bot keeps answering while a chart is drawn.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib as mpl

mpl.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from bot.feedback.results import RoundResult, local_day, long_day, short_day
from bot.i18n import Translator

WIDTH_INCHES = 6.0
DPI = 160
BAR_COLOUR = "#1f6f8b"
LINE_COLOUR = "#e07a1f"


def _wrap(text: str, width: int = 46) -> str:
    return "\n".join(textwrap.wrap(text, width)) or "-"


def render_chart(t: Translator, result: RoundResult, trend: Sequence[RoundResult]) -> bytes:
    """A PNG: one bar panel per question (answers per option) and the trend of past rounds."""
    buffer = io.BytesIO()
    build_figure(t, result, trend).savefig(buffer, format="png")
    return buffer.getvalue()


def build_figure(t: Translator, result: RoundResult, trend: Sequence[RoundResult]) -> Figure:
    """The chart as a matplotlib figure (texts in the translator's language)."""
    heights = [1.1 + 0.42 * len(q.counts) for q in result.questions] + [2.6]
    figure = Figure(figsize=(WIDTH_INCHES, sum(heights) + 1.0), dpi=DPI, layout="constrained")
    heading = _wrap(t("feedback.chart.title", title=result.title), 36)
    figure.suptitle(
        f"{heading}\n{long_day(t, local_day(t, result.start))}", fontsize=15, fontweight="bold"
    )
    axes = figure.subplots(len(heights), 1, gridspec_kw={"height_ratios": heights})
    panels = list(axes) if len(heights) > 1 else [axes]
    for index, (panel, question) in enumerate(zip(panels, result.questions, strict=False)):
        labels = [_wrap(option, 22) for option in question.asked.options]
        positions = list(range(len(labels)))
        panel.barh(positions, question.counts, color=BAR_COLOUR)
        panel.set_yticks(positions, labels, fontsize=11)
        panel.invert_yaxis()
        panel.set_title(_wrap(f"{index + 1}. {question.asked.text}"), fontsize=12, loc="left")
        panel.set_xlabel(t("feedback.chart.answers"), fontsize=11)
        top = max(question.counts, default=0)
        panel.set_xlim(0, max(top * 1.25, 1.5))
        panel.xaxis.get_major_locator().set_params(integer=True)
        panel.tick_params(axis="x", labelsize=10)
        for position, count in zip(positions, question.counts, strict=True):
            panel.text(count, position, f" {count}", va="center", fontsize=11)
    _trend_panel(t, panels[-1], trend)
    return figure


def _trend_panel(t: Translator, panel: Axes, trend: Sequence[RoundResult]) -> None:
    scored = [r for r in trend if r.score is not None]
    if scored:
        values = [r.score or 0.0 for r in scored]
        points = scored
        panel.set_ylim(1, 5)
        panel.set_ylabel(t("feedback.chart.score"), fontsize=11)
    else:
        points = [r for r in trend if r.rate is not None]
        values = [100 * (r.rate or 0.0) for r in points]
        panel.set_ylim(0, 100)
        panel.set_ylabel(t("feedback.chart.rate"), fontsize=11)
    positions = list(range(len(points)))
    panel.plot(positions, values, marker="o", color=LINE_COLOUR, linewidth=2.5, markersize=8)
    labels = [short_day(t, local_day(t, r.start)) for r in points]
    panel.set_xticks(positions, labels, fontsize=10)
    # Room around the first and last point (and a lone point sits in the middle).
    panel.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    panel.set_xlabel(t("feedback.chart.meetings"), fontsize=11)
    panel.set_title(t("feedback.chart.trend"), fontsize=12, loc="left")
    panel.grid(axis="y", alpha=0.3)
