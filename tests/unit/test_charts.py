"""The recap chart shows its data, whatever was drawn before it on the same thread's figure."""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import FillBetweenPolyCollection
from matplotlib.text import Text
from PIL import Image

from bot.texts import charts
from bot.texts.charts import ChartData, drawn, render_png

WEEK_12 = ChartData(
    title="Plan week 12/26",
    day_labels=("Mon 15", "Tue 16", "Wed 17", "Thu 18", "Fri 19", "Sat 20", "Sun 21"),
    planned_hours=(1.0, 1.5, 0.0, 2.0, 1.0, 0.5, 3.0),
    logged_hours=(0.5, 2.0, 0.0, 1.0, 1.5, 0.0, 2.5),
    cumulative=tuple((week, week * 6.5) for week in range(12)),
    band=((0, 0.0, 0.0), (4, 20.0, 30.0), (9, 45.0, 60.0), (13, 70.0, 90.0)),
)
WEEK_1 = ChartData(
    title="Plan week 1/26",
    day_labels=("Tue 01", "Wed 02", "Thu 03", "Fri 04", "Sat 05", "Sun 06", "Mon 07"),
    planned_hours=(1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0),
    logged_hours=(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    cumulative=((0, 0.0),),
    band=((0, 0.0, 0.0), (4, 20.0, 30.0)),
)


def shown(data: ChartData) -> dict[str, Any]:
    """What the drawn figure shows, read back from its artists."""
    days, weeks = drawn(data).axes
    planned, logged = days.containers  # the bars, left and right of each day
    (band,) = [c for c in weeks.collections if isinstance(c, FillBetweenPolyCollection)]
    (line,) = weeks.lines
    points = np.asarray(line.get_xydata()).tolist()
    legends = [ax.get_legend() for ax in (days, weeks)]
    return {
        "days title": days.get_title(),
        "weeks title": weeks.get_title(),
        "day labels": tuple(t.get_text() for t in days.get_xticklabels()),
        "planned": tuple(float(b.get_height()) for b in planned),
        "logged": tuple(float(b.get_height()) for b in logged),
        "hours top": days.get_ylim()[1],
        "line": tuple((x, y) for x, y in points),
        "band corners": {tuple(v) for v in np.asarray(band.get_paths()[0].vertices).tolist()},
        "weeks span": weeks.get_xlim(),
        "week ticks": [
            t for t in weeks.get_xticks() if weeks.get_xlim()[0] <= t <= weeks.get_xlim()[1]
        ],
        "hours span": weeks.get_ylim(),
        "legends": [[t.get_text() for t in legend.get_texts()] for legend in legends if legend],
    }


def test_the_chart_shows_the_week_its_days_and_the_milestone_band() -> None:
    seen = shown(WEEK_12)
    assert seen["days title"] == "Plan week 12/26: hours per day"
    assert seen["weeks title"] == "Cumulative hours against the milestones"
    assert seen["day labels"] == WEEK_12.day_labels
    assert seen["planned"] == WEEK_12.planned_hours
    assert seen["logged"] == WEEK_12.logged_hours
    assert seen["hours top"] == 3.0 * 1.3  # room above the tallest bar
    assert seen["line"] == WEEK_12.cumulative
    corners = seen["band corners"]
    for week, low, high in WEEK_12.band:
        assert (week, low) in corners
        assert (week, high) in corners
    low_week, high_week = seen["weeks span"]
    assert low_week < 0
    assert 13 < high_week < 14  # the whole band, with a margin
    assert seen["hours span"][1] > 90
    assert seen["legends"] == [["planned", "logged"], ["milestone range", "your hours"]]


def test_a_chart_shows_only_its_own_data_after_a_larger_one() -> None:
    shown(WEEK_12)
    seen = shown(WEEK_1)
    assert seen["days title"] == "Plan week 1/26: hours per day"
    assert seen["day labels"] == WEEK_1.day_labels
    assert seen["planned"] == WEEK_1.planned_hours
    assert seen["logged"] == WEEK_1.logged_hours
    assert seen["hours top"] == 1.3  # an empty week still has a scale of an hour
    assert seen["line"] == ((0.0, 0.0),)
    low_week, high_week = seen["weeks span"]
    assert low_week < 0
    assert 4 < high_week < 4.5  # not stretched to the earlier chart's week 13
    assert 30 < seen["hours span"][1] < 32
    assert seen["week ticks"] == [0, 1, 2, 3, 4]  # whole weeks only, however few


def test_a_chart_is_the_same_png_first_or_after_another_learners() -> None:
    first = render_png(WEEK_12)
    render_png(WEEK_1)
    assert render_png(WEEK_12) == first
    elsewhere: list[bytes] = []  # a worker thread's first chart, on a figure of its own
    thread = threading.Thread(target=lambda: elsewhere.append(render_png(WEEK_12)))
    thread.start()
    thread.join()
    assert elsewhere == [first]
    assert render_png(WEEK_1) != first


def test_the_chart_stays_phone_sized() -> None:
    image = Image.open(io.BytesIO(render_png(WEEK_12)))
    assert image.format == "PNG"
    assert image.size == (800, 640)


async def test_a_chart_drawn_a_moment_ago_is_sent_again_not_drawn_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    charts.forget_recent_charts()
    drawn_for: list[str] = []

    def counted(data: ChartData) -> bytes:
        drawn_for.append(data.title)
        return render_png(data)

    monkeypatch.setattr(charts, "render_png", counted)
    first = await charts.render_chart(WEEK_12)
    again = await charts.render_chart(WEEK_12)  # a /recap asked again
    other = await charts.render_chart(WEEK_1)
    assert again == first == render_png(WEEK_12)
    assert other == render_png(WEEK_1)
    assert drawn_for == ["Plan week 12/26", "Plan week 1/26"]
    # The recent ones are bounded: the oldest gives way.
    monkeypatch.setattr(charts, "render_png", lambda data: data.title.encode())
    for week in range(charts.RECENT_CHARTS):
        await charts.render_chart(replace(WEEK_1, title=f"week {week}"))
    assert len(charts._recent) == charts.RECENT_CHARTS
    assert WEEK_12 not in charts._recent  # the oldest two went
    charts.forget_recent_charts()


def ink_box(pixels: np.ndarray, box: Any) -> tuple[int, ...] | None:
    """The bounds of the dark pixels around a text's box (its layout, in display units)."""
    height = pixels.shape[0]
    top, left = max(height - int(box.y1) - 4, 0), max(int(box.x0) - 3, 0)
    crop = pixels[top : height - int(box.y0) + 3, left : int(box.x1) + 4] < 128
    ys, xs = np.nonzero(crop)
    return (int(xs.min()), int(xs.max()), int(ys.min()), int(ys.max())) if len(xs) else None


def test_every_text_of_the_chart_is_where_matplotlib_draws_it() -> None:
    """The chart keeps each text's pixels and draws them at a whole pixel; matplotlib's own
    renderer draws glyph by glyph. Every label, tick, title and legend entry lands within two
    pixels of where matplotlib puts it, the rotated axis labels too."""
    ours = np.asarray(Image.open(io.BytesIO(render_png(WEEK_12))).convert("L")).astype(int)
    figure = drawn(WEEK_12)
    own_canvas = figure.canvas
    stock_canvas = FigureCanvasAgg(figure)
    try:
        stock_canvas.draw()
        stock = np.asarray(stock_canvas.buffer_rgba())[:, :, :3].min(axis=2).astype(int)
    finally:
        figure.set_canvas(own_canvas)
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    seen = {t.get_text() for t in texts}
    assert {"Mon 15", "hours", "cumulative hours", "Plan week 12/26: hours per day"} <= seen
    compared = 0
    for text in texts:
        box = text.get_window_extent()
        theirs, mine = ink_box(stock, box), ink_box(ours, box)
        assert (theirs is None) == (mine is None), text.get_text()
        if theirs is not None and mine is not None:
            compared += 1
            assert max(abs(a - b) for a, b in zip(theirs, mine, strict=True)) <= 2, text
    assert compared >= 30


def test_the_kept_texts_are_bounded() -> None:
    figure = drawn(WEEK_12)
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    renderer = canvas.get_renderer()
    assert isinstance(renderer, charts._Renderer)
    assert 0 < len(renderer._texts) < 60  # one chart's texts
    label = figure.axes[0].get_xticklabels()[0]
    for n in range(charts._Renderer.LIMIT + 5):
        label.set_text(f"label {n}")
        label.draw(renderer)
    assert len(renderer._texts) <= charts._Renderer.LIMIT
    render_png(WEEK_1)  # the figure still draws its own texts afterwards
    assert tuple(t.get_text() for t in figure.axes[0].get_xticklabels()) == WEEK_1.day_labels


def test_the_chart_thread_draws_its_first_chart_once_a_process_when_the_bot_starts() -> None:
    warming = charts.warm_up()
    assert charts.warm_up() is warming  # once a process, however many bots start
    png = warming.result(timeout=60)
    assert Image.open(io.BytesIO(png)).size == (800, 640)
    built = charts._RENDERER.submit(lambda: set(charts._threads.figures)).result(timeout=60)
    assert 7 in built  # the chart thread has its figure for a week of seven days
