"""The tables. Hours are integer minutes; every timestamp is timezone-aware."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so migrations can alter them on SQLite (batch mode) and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC; SQLite, which keeps no zone, gets it back too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware instant is stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp()
    )


class OnboardingStep(enum.StrEnum):
    PACE = "pace"
    START = "start"
    TIMEZONE = "timezone"
    REMINDER = "reminder"
    DONE = "done"


class DeliveryKind(enum.StrEnum):
    DAILY = "daily"
    SNOOZE = "snooze"
    RECAP = "recap"
    MILESTONE = "milestone"
    TIMER = "timer"  # "still studying?" after a focus session's third hour
    CAPSTONE = "capstone"  # which capstone option, in the week before the capstone weeks
    FINISH = "finish"  # the completion summary after the last plan week


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # due later (a snoozed reminder)
    CLAIMED = "claimed"  # taken by a sender; not yet known to have left
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"  # the request left but no answer came back
    MISSED = "missed"  # found beyond its grace window
    SKIPPED = "skipped"  # nothing to say (e.g. today's hours already logged)


def _enum(kind: type[enum.StrEnum], name: str) -> Enum:
    # Stored as plain strings with a CHECK, the same on SQLite and PostgreSQL.
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class Learner(Timestamped, Base):
    """A person coached in one private chat, with their settings and onboarding state."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    first_name: Mapped[str | None] = mapped_column(String(128))
    start_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    reminder_time: Mapped[time | None] = mapped_column(Time, default=time(18, 0))
    recap_weekday: Mapped[int] = mapped_column(SmallInteger, default=6)  # Monday = 0
    recap_time: Mapped[time] = mapped_column(Time, default=time(20, 0))
    onboarding: Mapped[OnboardingStep] = mapped_column(
        _enum(OnboardingStep, "onboarding_step"), default=OnboardingStep.PACE
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once the bot is blocked
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the next pushes are due (None: none is); a tick reads only the learners due now.
    next_reminder_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    next_recap_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # The capstone option the learner chose (its text in the roadmap), None until asked.
    capstone: Mapped[str | None] = mapped_column(String(200))


class PlanSegment(Base):
    """A pace from one plan week on, from a position on the roadmap (a fraction of weeks);
    a learner's plan is their segments in order, the first from week 1."""

    __tablename__ = "plan_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    from_week: Mapped[int] = mapped_column(SmallInteger)
    pace: Mapped[str] = mapped_column(String(32))
    position_numerator: Mapped[int] = mapped_column(Integer, default=0)
    position_denominator: Mapped[int] = mapped_column(Integer, default=1)
    # The week's layout: the free weekday and the long session's (Monday = 0).
    free_weekday: Mapped[int] = mapped_column(SmallInteger, default=4, server_default="4")
    long_weekday: Mapped[int] = mapped_column(SmallInteger, default=5, server_default="5")

    __table_args__ = (UniqueConstraint("learner_id", "from_week"),)


class TargetAdjustment(Base):
    """Minutes added to (or taken from) one plan week's target by a catch-up choice."""

    __tablename__ = "target_adjustments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    plan_week: Mapped[int] = mapped_column(SmallInteger)
    minutes: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("learner_id", "plan_week"),)


class Pause(Base):
    """Days the plan stands still: ``start_date`` up to, not including, ``end_date``."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_pauses_learner", "learner_id", "start_date"),)


class LogEntry(Timestamped, Base):
    """Time spent on one local day; unique per source message so a redelivery adds nothing."""

    __tablename__ = "log_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    source_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("source_chat_id", "source_message_id"),
        Index("ix_log_entries_learner_day", "learner_id", "day"),
    )


class UndoneEntry(Timestamped, Base):
    """A log entry /undo removed, kept under the message that asked for it: a redelivered
    /undo (the same chat and message id) answers the same and removes nothing more."""

    __tablename__ = "undone_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(Integer)  # the removed entry's id, now gone
    day: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    logged_at: Mapped[datetime]
    source_chat_id: Mapped[int] = mapped_column(BigInteger)
    source_message_id: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (UniqueConstraint("source_chat_id", "source_message_id"),)


class FocusSession(Timestamped, Base):
    """A running focus session (/go), until /stop logs it: one per learner (the unique key),
    in the database so that it outlives a restart and is the same on every replica."""

    __tablename__ = "focus_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), unique=True
    )
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    category: Mapped[str | None] = mapped_column(String(32))  # None: the day's focus


class Note(Timestamped, Base):
    """One bullet of a week's notes, dated by the local day it belongs to."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    source_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    source_line: Mapped[int] = mapped_column(SmallInteger, default=0)

    __table_args__ = (
        UniqueConstraint("source_chat_id", "source_message_id", "source_line"),
        Index("ix_notes_learner_day", "learner_id", "day"),
    )


class Delivery(Base):
    """One push to one learner for one period; the unique key makes every push idempotent."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    kind: Mapped[DeliveryKind] = mapped_column(_enum(DeliveryKind, "delivery_kind"))
    period: Mapped[str] = mapped_column(String(32))  # e.g. the local date of a daily reminder
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus, "delivery_status"))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)  # claims taken so far
    # A claim is owned by one sender (``claimed_by``) until ``lease_until``, wall-clock time;
    # the owner renews the lease while it sends and proves it still holds the claim (same
    # owner, same attempt) just before each message leaves.
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Messages of this push known to have arrived (a recap is a chart, a text, a prompt): a
    # claim taken again goes on from the first one that did not.
    parts_sent: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("learner_id", "kind", "period"),
        Index("ix_deliveries_status_due", "status", "due_at"),
    )


class ProjectAnswer(Base):
    """The learner's answer to “did you ship this week's project?”, per roadmap week."""

    __tablename__ = "project_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    roadmap_week: Mapped[int] = mapped_column(SmallInteger)
    shipped: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    link: Mapped[str | None] = mapped_column(Text)  # an http(s) URL to the work, as given

    __table_args__ = (UniqueConstraint("learner_id", "roadmap_week"),)


class GoalTick(Base):
    """A goal of a roadmap week the learner ticked as done (its index in the week's goals)."""

    __tablename__ = "goal_ticks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    roadmap_week: Mapped[int] = mapped_column(SmallInteger)
    goal: Mapped[int] = mapped_column(SmallInteger)
    ticked_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("learner_id", "roadmap_week", "goal"),)


class SendTimeline(Base):
    """The next free instant of the broadcast limit, shared by every process that sends pushes
    (seconds since the epoch, on the database's clock): one row."""

    __tablename__ = "send_timeline"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_at: Mapped[float] = mapped_column(Float)


class Heartbeat(Base):
    """The last minute tick of each host's scheduler; ``coach health`` reads its own."""

    __tablename__ = "heartbeats"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UtcDateTime)
