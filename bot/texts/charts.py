"""The weekly recap's chart: hours per day planned vs logged, and cumulative hours against the
milestone band; and the finish line's certificate, hours per week over the whole plan. Rendered
with matplotlib's Agg canvas, off the event loop."""

from __future__ import annotations

import asyncio
import io
import logging
import math
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from PIL import Image

from bot.domain.curriculum import Curriculum
from bot.domain.progress import month_closed_by
from bot.services.finish import FinishSummary
from bot.services.reports import WeekReport

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class _Raster:
    """A text's pixels (its coverage, a numpy array) and where they go from the text's origin."""

    pixels: Any
    left: float
    top: float
    descent: float


class _Renderer(RendererAgg):
    """Agg, with each text's pixels kept once drawn. A chart shows about 35 texts (ticks, day
    labels, titles, legends), mostly the same from one chart to the next; matplotlib 3.11 lays
    out and rasterises every one glyph by glyph on every draw, about a third of a chart's
    drawing. A text is rasterised whole here, as matplotlib did before 3.11, at a whole pixel."""

    LIMIT = 1024  # texts kept (about a kilobyte each); all forgotten when full

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self._texts: dict[tuple[str, FontProperties, bool], _Raster] = {}

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: bool | str = False,
        mtext: Text | None = None,
    ) -> None:
        if ismath:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        antialiased = bool(gc.get_antialiased())
        key = (s, prop, antialiased)
        raster = self._texts.get(key)
        if raster is None:
            font = self._prepare_font(prop)
            font.set_text(s, 0, flags=get_hinting_flag())
            font.draw_glyphs_to_bitmap(antialiased=antialiased)
            left, top = font.get_bitmap_offset()  # in 64ths of a pixel, as the descent
            raster = _Raster(font.get_image().copy(), left / 64, top / 64, font.get_descent() / 64)
            if len(self._texts) >= self.LIMIT:
                self._texts.clear()
            self._texts[(s, prop.copy(), antialiased)] = raster  # a copy: prop may change later
        radians = math.radians(angle)
        x = round(x + raster.left + raster.descent * math.sin(radians))
        y = round(y + raster.top + raster.descent * math.cos(radians))
        self._renderer.draw_text_image(raster.pixels, x, y + 1, angle, gc)


class _Canvas(FigureCanvasAgg):
    """An Agg canvas that draws with `_Renderer` (its figure's size never changes)."""

    def get_renderer(self) -> _Renderer:
        renderer = getattr(self, "renderer", None)
        if not isinstance(renderer, _Renderer):
            width, height = self.get_width_height(physical=True)
            renderer = self.renderer = _Renderer(width, height, self.figure.dpi)
        return renderer


# Each worker thread draws on a figure of its own, built once: its axes, bars, line, band, legends
# and tick labels stay, and each chart only sets their data. A fresh figure per chart cost about
# 225 ms of CPU, most of it building artists and text and the constrained layout's extra passes;
# the margins are fixed instead, wide enough for the longest labels the chart can show, and so are
# the titles' places (at the top of their axes, which have no ticks above them to avoid).
_threads = threading.local()


class _Figure:
    """One thread's chart, for weeks of ``count`` days: artists built once, data set per chart."""

    def __init__(self, count: int) -> None:
        figure = Figure(figsize=(8, 6.4), dpi=100)
        figure.subplots_adjust(left=0.09, right=0.76, top=0.94, bottom=0.08, hspace=0.38)
        self.canvas = _Canvas(figure)
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
        self.weeks.xaxis.set_major_locator(MaxNLocator(integer=True))  # no "week 0.5"
        self.weeks.set_ylabel("cumulative hours")
        self.weeks.set_title("Cumulative hours against the milestones", y=1.0)
        self.weeks.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))

    def draw(self, data: ChartData) -> None:
        for bar, hours in zip(self.planned, data.planned_hours, strict=True):
            bar.set_height(hours)
        for bar, hours in zip(self.logged, data.logged_hours, strict=True):
            bar.set_height(hours)
        self.days.set_xticklabels(data.day_labels)
        self.days.set_title(f"{data.title}: hours per day", y=1.0)
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


def _drawn(data: ChartData) -> _Figure:
    figures: dict[int, _Figure] = _threads.__dict__.setdefault("figures", {})
    count = len(data.day_labels)
    if count not in figures:
        figures[count] = _Figure(count)
    chart = figures[count]
    chart.draw(data)
    return chart


def drawn(data: ChartData) -> Figure:
    """The calling thread's figure with ``data`` drawn on it (valid until its next chart)."""
    return _drawn(data).canvas.figure


def render_png(data: ChartData) -> bytes:
    """The chart as PNG bytes, drawn on the calling thread's figure (the object API: figures
    in different threads share no state). The chart is opaque, so it is saved without an alpha
    channel, and at zlib's level 3: a third of the time of savefig's RGBA at level 6, for a
    file no larger."""
    canvas = _drawn(data).canvas
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba())
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=3)
    return buffer.getvalue()


# One chart at a time, in a thread of its own. Rendering holds the interpreter lock for most of
# its 80 ms or so: each rendering thread takes an equal share of the interpreter from the event
# loop, so renders side by side would slow every other chat's answer, while finishing no sooner.
_RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")


# What the chart thread draws when the bot starts: a week with every day planned and logged.
_SAMPLE = ChartData(
    title="Plan week 10/26",
    day_labels=("Mon 01", "Tue 02", "Wed 03", "Thu 04", "Fri 05", "Sat 06", "Sun 07"),
    planned_hours=(1.0, 1.0, 1.5, 1.0, 1.0, 4.0, 3.0),
    logged_hours=(0.5, 1.0, 2.0, 1.25, 0.0, 3.0, 2.5),
    cumulative=tuple((week, week * 9.5) for week in range(11)),
    band=((0, 0.0, 0.0), (4, 30.0, 45.0), (9, 70.0, 95.0), (13, 110.0, 140.0)),
)
_warming: Future[bytes] | None = None


def warm_up() -> Future[bytes]:
    """Build the chart thread's figure and draw one chart on it, once a process, without
    waiting for it: the first recap after a start then costs what any other does (the first
    chart of a thread costs about twice as much: its figure, fonts and texts are new)."""
    global _warming
    if _warming is None:
        _warming = _RENDERER.submit(render_png, _SAMPLE)
        _warming.add_done_callback(_log_failure)
    return _warming


def _log_failure(warming: Future[bytes]) -> None:
    if not warming.cancelled() and (error := warming.exception()) is not None:
        log.error("the chart thread could not draw its first chart", exc_info=error)


# The charts drawn last, by what they show: the same data make the same PNG, so a /recap asked
# again (a flood of them, or two copies of one week) is answered without drawing it again.
RECENT_CHARTS = 64
_recent: OrderedDict[ChartData, bytes] = OrderedDict()


async def render_chart(data: ChartData) -> bytes:
    """Render in the chart thread (the event loop keeps answering meanwhile), unless the same
    chart was drawn a moment ago."""
    png = _recent.get(data)
    if png is not None:
        _recent.move_to_end(data)
        return png
    png = await asyncio.get_running_loop().run_in_executor(_RENDERER, render_png, data)
    _recent[data] = png
    if len(_recent) > RECENT_CHARTS:
        _recent.popitem(last=False)
    return png


def forget_recent_charts() -> None:
    """Draw every chart afresh from now on (the benchmarks measure the drawing)."""
    _recent.clear()


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
