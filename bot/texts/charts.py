"""The weekly recap's chart: hours per day planned vs logged, and cumulative hours against the
milestone band; and the finish line's certificate, hours per week over the whole plan. Rendered
with matplotlib's Agg canvas, off the event loop."""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.domain.curriculum import Curriculum
from bot.domain.progress import month_closed_by
from bot.services.finish import FinishSummary
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


def render_png(data: ChartData) -> bytes:
    """The chart as PNG bytes (the object API, so figures in threads do not share state)."""
    figure = Figure(figsize=(8, 6.4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    days, weeks = figure.subplots(2, 1)
    positions = range(len(data.day_labels))
    days.bar([p - 0.2 for p in positions], data.planned_hours, 0.4, label="planned", color=PLANNED)
    days.bar([p + 0.2 for p in positions], data.logged_hours, 0.4, label="logged", color=LOGGED)
    days.set_xticks(list(positions), data.day_labels)
    days.set_ylabel("hours")
    days.set_title(f"{data.title}: hours per day")
    tallest = max((*data.planned_hours, *data.logged_hours, 1.0))
    days.set_ylim(0, tallest * 1.3)  # room above the bars
    days.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the bars, never on them

    band_weeks = [w for w, _, _ in data.band]
    weeks.fill_between(
        band_weeks,
        [low for _, low, _ in data.band],
        [high for _, _, high in data.band],
        color=BAND,
        alpha=0.5,
        label="milestone range",
    )
    weeks.plot(
        [w for w, _ in data.cumulative],
        [h for _, h in data.cumulative],
        marker="o",
        color=LOGGED,
        label="your hours",
    )
    weeks.set_xlabel("plan week")
    weeks.set_ylabel("cumulative hours")
    weeks.set_title("Cumulative hours against the milestones")
    weeks.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


# One chart at a time, in a thread of its own. Rendering holds the interpreter lock for most of
# its quarter second: each rendering thread takes an equal share of the interpreter from the event
# loop, so renders side by side would slow every other chat's answer, while finishing no sooner.
_RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")


async def render_chart(data: ChartData) -> bytes:
    """Render in the chart thread: the event loop keeps answering meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_RENDERER, render_png, data)


@dataclass(frozen=True)
class CertificateData:
    """The finish line's certificate: hours of every plan week, the milestones it reached."""

    title: str
    weekly_hours: tuple[float, ...]  # plan week 1 first
    milestones: tuple[tuple[int, int], ...]  # (plan week, roadmap month it closes)
    total_hours: float


def certificate_data(curriculum: Curriculum, summary: FinishSummary) -> CertificateData:
    return CertificateData(
        title=curriculum.title,
        weekly_hours=tuple(m / 60 for m in summary.weekly_minutes),
        milestones=summary.milestones,
        total_hours=summary.total_minutes / 60,
    )


def render_certificate_png(data: CertificateData) -> bytes:
    """Hours per plan week over the whole plan, each milestone marked where it was reached."""
    figure = Figure(figsize=(9, 5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    weeks = range(1, len(data.weekly_hours) + 1)
    axes.bar(list(weeks), data.weekly_hours, 0.7, color=LOGGED, label="your hours")
    tallest = max((*data.weekly_hours, 1.0))
    for week, month in data.milestones:
        axes.axvline(week + 0.5, color=BAND, linewidth=2, linestyle="--")
        axes.annotate(f"M{month}", (week + 0.5, tallest * 1.12), ha="center", color="#2e7d32")
    axes.set_ylim(0, tallest * 1.25)
    axes.set_xticks(list(weeks))
    axes.set_xlabel("plan week")
    axes.set_ylabel("hours")
    axes.set_title(
        f"{data.title}: {round(data.total_hours, 1):g} h, milestones M1–M{len(data.milestones)}"
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def render_certificate(data: CertificateData) -> bytes:
    """Render in the chart thread, as the recap chart."""
    return await asyncio.get_running_loop().run_in_executor(_RENDERER, render_certificate_png, data)
