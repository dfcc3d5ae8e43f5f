"""The plan's remaining sessions (/calendar) and the finish line's summary text. Pure."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import SettableClock
from bot.db.models import Learner, OnboardingStep
from bot.domain.calendar import NO_REMINDER_AT, remaining_sessions
from bot.domain.curriculum import default_curriculum_path, load_curriculum
from bot.domain.plan import LearnerPlan, Pause, Segment, plan_weeks
from bot.services.finish import FinishSummary
from bot.services.learners import Learners
from bot.texts.finish import summary

CURRICULUM = load_curriculum(default_curriculum_path())
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata")


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    offset=st.integers(-30, 400),
    at=st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))),
    zone=st.sampled_from(ZONES),
    pace=st.sampled_from(("standard", "accelerated", "part-time")),
    pause=st.integers(0, 20),
)
def test_a_session_for_each_study_day_left_at_the_reminder_time(
    start: date, offset: int, at: time | None, zone: str, pace: str, pause: int
) -> None:
    """Every event is a study day from today on, one a day, in order, and starts on that day
    at the reminder time (18:00 without one), or the first valid minute after it on a day
    whose clocks skip it."""
    today = start + timedelta(days=offset)
    paused = (Pause(start + timedelta(days=pause), start + timedelta(days=pause + 3)),)
    plan = LearnerPlan(start, (Segment(1, CURRICULUM.pace(pace)),), paused)
    weeks = plan_weeks(CURRICULUM, plan)
    sessions = remaining_sessions(weeks, today, at, ZoneInfo(zone))
    days = [s.day for s in sessions]
    assert days == sorted(set(days))
    expected = [
        d.day for w in weeks for d in w.days if d.day >= today and d.available and d.session
    ]
    assert days == expected
    wanted = at or NO_REMINDER_AT
    for session in sessions:
        assert session.week.day(session.day).session == session.session
        assert session.starts_at.date() == session.day
        local = session.starts_at.time().replace(tzinfo=None)
        assert local == wanted or (local > wanted and skipped(session.day, wanted, zone))


def skipped(day: date, at: time, zone: str) -> bool:
    """Whether the clocks of ``zone`` skip the wall time ``at`` on ``day``."""
    wall = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    return wall.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) != wall.replace(
        tzinfo=None
    )


def test_the_summary_lists_links_and_goals_where_they_are_kept() -> None:
    clock = SettableClock(datetime(2027, 5, 20, 9, tzinfo=UTC))
    learners = Learners(CURRICULUM, None, clock)  # type: ignore[arg-type]
    learner = Learner(
        chat_id=1, start_date=date(2026, 11, 30), timezone="UTC", reminder_time=time(18),
        recap_weekday=6, recap_time=time(20), onboarding=OnboardingStep.DONE, first_name=None,
    )  # fmt: skip
    view = learners.view_from(learner, (), (), {})
    finished = FinishSummary(
        learner=view, total_minutes=240 * 60, hours_min=250, hours_max=350,
        weekly_minutes=(600,) * 24, milestones=((4, 1),), shipped=(1, 2), projects=24, notes=0,
        longest_streak=1, links={2: "https://example.com/a?b=1&c=<2>"}, goals=(11, 14),
    )  # fmt: skip
    text = summary(CURRICULUM, finished).text
    assert "⏱ Total: <b>240 h</b>, below the roadmap's 250–350 h range" in text
    assert "\n• Week 1: Python Basics, Environment &amp; Git Foundations\n" in text
    assert (
        '• Week 2: Data Structures, Modules &amp; Git Workflow — <a href="https://example.com/'
        'a?b=1&amp;c=&lt;2&gt;">https://example.com/a?b=1&amp;c=&lt;2&gt;</a>\n'
    ) in text
    assert "🎯 Goals ticked: 11/14\n📝 Notes written: 0\n🔥 Longest streak: 1 week in a row" in text
