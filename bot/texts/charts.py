"""The weekly recap's chart: hours per day planned vs logged, and cumulative hours against the
milestone band. Rendered with matplotlib's Agg canvas, off the event loop."""

from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.domain.curriculum import Curriculum
from bot.domain.progress import month_closed_by
from bot.services.reports import WeekReport

PLANNED = "#b8c4d6"
LOGGED = "#2f6fdf"
BAND = "#9fd8a4"


@dataclass(frozen=True)
class ChartData:
    title: str
    day_labels: tuple[str, ...]
    planned_hours: tuple[float, ...]
    logged_hours: tuple[float, ...]
    cumulative: tuple[tuple[int, float], ...]  # (plan week, hours at its end)
    band: tuple[tuple[int, float, float], ...]  # (plan week, milestone low, high)


def chart_data(curriculum: Curriculum, report: WeekReport) -> ChartData | None:
    """What the recap chart shows for the report's week (None outside the plan): its days,
    and the cumulative hours up to it against the milestones, as far as the next one."""
    week = report.week
    if week is None:
        return None
    running, cumulative = 0.0, [(0, 0.0)]
    for number, minutes in enumerate(report.weekly_minutes[: week.number], start=1):
        running += minutes / 60
        cumulative.append((number, running))
    band = [(0, 0.0, 0.0)]
    for plan_week in report.learner.weeks:
        month = month_closed_by(curriculum, plan_week)
        milestone = None if month is None else curriculum.milestone(month)
        if milestone is not None:
            band.append((plan_week.number, milestone.hours_min, milestone.hours_max))
            if plan_week.number >= week.number:
                break  # as far as the next milestone: the early months stay readable
    return ChartData(
        title=f"Plan week {week.number}/{week.of}",
        day_labels=tuple(d.day.strftime("%a %d") for d in week.days),
        planned_hours=tuple(d.planned_minutes / 60 for d in week.days),
        logged_hours=tuple(report.minutes_by_day.get(d.day, 0) / 60 for d in week.days),
        cumulative=tuple(cumulative),
        band=tuple(band),
    )


# Each worker thread draws on a figure of its own, built once: its axes, bars, line, band, legends
# and tick labels stay, and each chart only sets their data. A fresh figure per chart cost about
# 225 ms of CPU, most of it building artists and text and the constrained layout's extra passes;
# the margins are fixed instead, wide enough for the longest labels the chart can show.
_threads = threading.local()


class _Figure:
    """One thread's chart, for weeks of ``count`` days: artists built once, data set per chart."""

    def __init__(self, count: int) -> None:
        figure = Figure(figsize=(8, 6.4), dpi=100)
        figure.subplots_adjust(left=0.09, right=0.76, top=0.94, bottom=0.08, hspace=0.38)
        self.canvas = FigureCanvasAgg(figure)
        self.days, self.weeks = figure.subplots(2, 1)
        positions = range(count)
        zeros = [0.0] * count
        self.planned = self.days.bar(
            [p - 0.2 for p in positions], zeros, 0.4, label="planned", color=PLANNED
        )
        self.logged = self.days.bar(
            [p + 0.2 for p in positions], zeros, 0.4, label="logged", color=LOGGED
        )
        self.days.set_xticks(list(positions), [""] * count)
        self.days.set_ylabel("hours")
        self.days.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the bars
        self.band = self.weeks.fill_between(
            [0, 1], [0, 0], [0, 0], color=BAND, alpha=0.5, label="milestone range"
        )
        (self.line,) = self.weeks.plot([0], [0], marker="o", color=LOGGED, label="your hours")
        self.weeks.set_xlabel("plan week")
        self.weeks.set_ylabel("cumulative hours")
        self.weeks.set_title("Cumulative hours against the milestones")
        self.weeks.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))

    def draw(self, data: ChartData) -> None:
        for bar, hours in zip(self.planned, data.planned_hours, strict=True):
            bar.set_height(hours)
        for bar, hours in zip(self.logged, data.logged_hours, strict=True):
            bar.set_height(hours)
        self.days.set_xticklabels(data.day_labels)
        self.days.set_title(f"{data.title}: hours per day")
        tallest = max((*data.planned_hours, *data.logged_hours, 1.0))
        self.days.set_ylim(0, tallest * 1.3)  # room above the bars
        self.band.set_data(
            [w for w, _, _ in data.band],
            [low for _, low, _ in data.band],
            [high for _, _, high in data.band],
        )
        self.line.set_data([w for w, _ in data.cumulative], [h for _, h in data.cumulative])
        self.weeks.relim()  # the limits of this chart's data alone
        self.weeks.autoscale_view()


def drawn(data: ChartData) -> Figure:
    """The calling thread's figure with ``data`` drawn on it (valid until its next chart)."""
    figures: dict[int, _Figure] = _threads.__dict__.setdefault("figures", {})
    count = len(data.day_labels)
    if count not in figures:
        figures[count] = _Figure(count)
    chart = figures[count]
    chart.draw(data)
    return chart.canvas.figure


def render_png(data: ChartData) -> bytes:
    """The chart as PNG bytes, drawn on the calling thread's figure (the object API: figures
    in different threads share no state)."""
    figure = drawn(data)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def render_chart(data: ChartData) -> bytes:
    """Render in a worker thread: the event loop keeps answering meanwhile."""
    return await asyncio.to_thread(render_png, data)
