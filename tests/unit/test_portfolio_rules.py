"""The portfolio's and the goals' pure rules: which links are kept, what /ship reads, when
the capstone question is due, and /week's tick buttons within Telegram's limits."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.db.models import OnboardingStep
from bot.domain.curriculum import Curriculum
from bot.domain.goals import count_goals, month_goals
from bot.domain.parsing import ParseError
from bot.domain.plan import LearnerPlan, Segment, plan_weeks
from bot.domain.portfolio import ShipRequest, asks_capstone, parse_link, parse_ship
from bot.services.learners import LearnerView
from bot.services.notes import NoteView, PlacedNote
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.telegram.rules import check_text
from bot.texts.format import Reply
from bot.texts.notes import notes_markdown
from bot.texts.portfolio import link_prompt, prompt_week
from bot.texts.reports import week as render_week

URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}{path}",
    st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", "file", ""]),
    st.sampled_from(["github.com", "x.y", "", "[::1]", "user@host.io:8080", "[::1"]),
    st.text(max_size=30),
)


@given(st.one_of(st.text(max_size=80), URLS))
def test_a_kept_link_is_http_or_https_with_a_host_and_exactly_as_given(text: str) -> None:
    link = parse_link(text)
    if isinstance(link, ParseError):
        return
    parts = urlsplit(link)
    assert parts.scheme.lower() in ("http", "https")
    assert parts.hostname
    assert link == text.strip()
    assert not any(c.isspace() for c in link)


@given(st.text(max_size=80).filter(lambda t: "://" not in t))
def test_text_without_a_scheme_is_never_kept(text: str) -> None:
    assert isinstance(parse_link(text), ParseError)


def test_what_ship_reads() -> None:
    assert parse_ship("https://x.y/a?b=<c>", 24) == ShipRequest(None, "https://x.y/a?b=<c>")
    assert parse_ship("3 http://x.y", 24) == ShipRequest(3, "http://x.y")
    assert parse_ship("wk3 http://x.y", 24) == ShipRequest(3, "http://x.y")
    assert parse_ship("notaurl", 24) == ParseError(
        "“notaurl” isn't a web link: send an http:// or https:// address, e.g. "
        "https://github.com/you/calculator. Nothing was saved."
    )
    assert parse_ship("99 https://x.y", 24) == ParseError(
        "There is no roadmap week 99: the roadmap has weeks 1–24. Nothing was saved."
    )
    assert parse_ship("0 https://x.y", 24) == ParseError(
        "There is no roadmap week 0: the roadmap has weeks 1–24. Nothing was saved."
    )
    for bad in ("", "1 2 3", "https://x.y 3", "3 https://"):
        assert isinstance(parse_ship(bad, 24), ParseError), bad


@settings(deadline=None, max_examples=20)  # a whole plan's days each
@given(st.integers(min_value=0, max_value=3), st.dates(date(2026, 1, 1), date(2030, 1, 1)))
def test_the_capstone_is_asked_in_the_one_plan_week_before_it(
    curriculum: Curriculum, pace_index: int, start: date
) -> None:
    pace = curriculum.paces[pace_index % len(curriculum.paces)]
    plan = LearnerPlan(start, (Segment(1, pace),))
    weeks = plan_weeks(curriculum, plan)
    first = next(w.number for w in curriculum.weeks if w.capstone_options)
    capstone = next(w for w in weeks if first in w.covers)
    days = [plan.first_monday + timedelta(days=n) for n in range(-7, 7 * (len(weeks) + 2))]
    asking = [d for d in days if asks_capstone(curriculum, plan, d)]
    before = weeks[capstone.number - 2]
    assert asking == [d.day for d in before.days]
    assert first not in before.covers


@settings(deadline=None, max_examples=20)
@given(st.integers(0, 2), st.integers(0, 2), st.integers(2, 20))
def test_after_a_change_of_pace_the_capstone_is_still_asked_the_week_before(
    curriculum: Curriculum, first: int, then: int, switch: int
) -> None:
    start = date(2026, 11, 30)
    before = LearnerPlan(start, (Segment(1, curriculum.paces[first]),))
    head = plan_weeks(curriculum, before)
    if switch > len(head):
        return
    position = head[switch - 1].start_position
    plan = LearnerPlan(
        start,
        (Segment(1, curriculum.paces[first]), Segment(switch, curriculum.paces[then], position)),
    )
    weeks = plan_weeks(curriculum, plan)
    capstone = next(w for w in weeks if 23 in w.covers)
    days = [start + timedelta(days=n) for n in range(7 * (len(weeks) + 1))]
    asking = [d for d in days if asks_capstone(curriculum, plan, d)]
    assert asking == [d.day for d in weeks[capstone.number - 2].days]


def _view(curriculum: Curriculum, pace_id: str) -> LearnerView:
    pace = curriculum.pace(pace_id)
    plan = LearnerPlan(date(2026, 11, 30), (Segment(1, pace),))
    return LearnerView(
        chat_id=1, first_name=None, pace=pace, start=plan.start, zone_key="UTC", zone=UTC,
        reminder=time(18), recap_weekday=6, recap_time=time(20), onboarding=OnboardingStep.DONE,
        pause=None, plan=plan, today=plan.start, weeks=plan_weeks(curriculum, plan),
    )  # fmt: skip


def _report(
    curriculum: Curriculum, view: LearnerView, number: int, ticks: frozenset[tuple[int, int]]
) -> WeekReport:
    week = view.weeks[number - 1]
    return WeekReport(
        learner=view, week=week, minutes_by_day={}, minutes_by_category={}, notes=(),
        total_minutes=0, tallies=(), streak=0, rate_per_week=None, projected_finish=None,
        projects={}, tip=curriculum.tips[0], left=None, ticks=ticks,
    )  # fmt: skip


@pytest.mark.parametrize("ticked", [False, True])
def test_week_shows_a_tick_button_per_goal_within_telegram_limits(
    curriculum: Curriculum, ticked: bool
) -> None:
    for pace in curriculum.paces:
        view = _view(curriculum, pace.id)
        for week in view.weeks:
            everything = frozenset(
                (n, i) for n in week.covers for i in range(len(curriculum.week(n).goals))
            )
            shown: Reply = render_week(
                curriculum,
                _report(curriculum, view, week.number, everything if ticked else frozenset()),
            )
            buttons = [b for row in shown.buttons for b in row]
            goals = [b for b in buttons if b.data.startswith(f"{callbacks.GOAL}:")]
            assert len(goals) == len(everything)
            assert len(buttons) <= 100
            for button in goals:
                assert len(button.data.encode()) <= callbacks.MAX_BYTES
                roadmap_week, goal, state, plan_week = map(int, button.data.split(":")[1:])
                assert (roadmap_week, goal) in everything
                assert state == (0 if ticked else 1)  # a ticked goal's button takes it back
                assert plan_week == week.number
                assert button.text.startswith("✅ " if ticked else "☐ ")
            count = count_goals(curriculum, everything if ticked else (), week.covers)
            assert f"goals ticked this week: {count.done}/{count.total}".lower() in (
                shown.text.lower()
            )
            for chunk in shown.chunks():
                assert check_text(chunk, html_mode=True) == ""


def test_goals_of_a_month_count_only_real_goals(curriculum: Curriculum) -> None:
    ticks = {(1, 0), (1, 0), (4, 2), (5, 0), (1, 99), (99, 0)}
    assert month_goals(curriculum, ticks, 1).done == 2
    assert month_goals(curriculum, ticks, 1).total == 15
    assert month_goals(curriculum, ticks, 2).done == 1


@given(st.integers(min_value=1, max_value=999), st.text(max_size=80))
def test_a_link_question_names_its_week_whatever_the_title(week: int, title: str) -> None:
    question = link_prompt(week, title)
    assert prompt_week(question.text) == week
    assert check_text(question.text, html_mode=True) == ""


NOTE_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(1, 24)), NOTE_TEXT.map(str.strip).filter(bool)),
        max_size=30,
    )
)
def test_every_note_is_one_bullet_under_its_week_title(
    curriculum: Curriculum, notes: list[tuple[int | None, str]]
) -> None:
    placed = tuple(
        PlacedNote(NoteView(n, date(2026, 12, 1), text), week, week)
        for n, (week, text) in enumerate(notes)
    )
    lines = notes_markdown(curriculum, placed).splitlines()
    bullets = [(i, line) for i, line in enumerate(lines) if line.startswith("- ")]
    assert len(bullets) == len(notes)
    for (index, line), note in zip(bullets, sorted(placed, key=_order), strict=True):
        assert line.endswith(" ".join(note.note.text.split()))
        heading = next(h for h in reversed(lines[:index]) if h.startswith("#"))
        if note.roadmap_week is None:
            assert heading == "## Outside the plan weeks"
        else:
            title = curriculum.week(note.roadmap_week).title
            assert heading == f"### Week {note.roadmap_week}: {title}"


def _order(note: PlacedNote) -> tuple[int, int]:
    week = note.roadmap_week
    return (week if week is not None else 10**6, note.note.id)
