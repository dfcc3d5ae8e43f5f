"""The roadmap as data: pydantic models of ``curriculum.json`` and a loader that names problems.

Nothing of the roadmap lives in Python; everything the bot says about the plan comes from here.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Month(_Model):
    number: int = Field(ge=1)
    emoji: str = ""
    title: str = Field(min_length=1)
    theme: str = Field(min_length=1)


class Week(_Model):
    number: int = Field(ge=1)
    month: int = Field(ge=1)
    title: str = Field(min_length=1)
    goals: tuple[str, ...] = Field(min_length=1)
    project: str | None = Field(default=None, min_length=1)
    capstone_options: tuple[str, ...] = ()


class Category(_Model):
    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    name: str = Field(min_length=1)
    description: str = ""
    hours_min: float = Field(ge=0)
    hours_max: float = Field(gt=0)
    aliases: tuple[str, ...] = ()


class ScheduleDay(_Model):
    weekday: Weekday
    hours: float = Field(gt=0, le=24)
    focus: str = Field(min_length=1)
    category: str

    @cached_property
    def minutes(self) -> int:
        return round(self.hours * 60)


class Pace(_Model):
    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    name: str = Field(min_length=1)
    hours_min: float = Field(gt=0)
    hours_max: float = Field(gt=0)
    ideal_min: float = Field(gt=0)
    ideal_max: float = Field(gt=0)
    plan_weeks: int = Field(ge=1)
    summary: str = ""
    derived: bool = False
    schedule: tuple[ScheduleDay, ...] = Field(min_length=1)

    @cached_property
    def weekly_minutes(self) -> int:
        return sum(day.minutes for day in self.schedule)

    def day(self, weekday: Weekday) -> ScheduleDay | None:
        """The schedule for a weekday, or None on a free day."""
        return self.by_weekday[WEEKDAYS.index(weekday)]

    @cached_property
    def by_weekday(self) -> tuple[ScheduleDay | None, ...]:
        """The session of each weekday, Monday first; None on a free day."""
        return tuple(next((d for d in self.schedule if d.weekday == w), None) for w in WEEKDAYS)


class Milestone(_Model):
    month: int = Field(ge=1)
    expected_progress: str = Field(min_length=1)
    hours_min: float = Field(ge=0)
    hours_max: float = Field(gt=0)


class NotesTarget(_Model):
    min: int = Field(ge=1)
    max: int = Field(ge=1)


class Tip(_Model):
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Curriculum(_Model):
    title: str = Field(min_length=1)
    months: tuple[Month, ...] = Field(min_length=1)
    weeks: tuple[Week, ...] = Field(min_length=1)
    categories: tuple[Category, ...] = Field(min_length=1)
    categories_reference_pace: str
    paces: tuple[Pace, ...] = Field(min_length=1)
    milestones: tuple[Milestone, ...] = ()
    notes_target: NotesTarget
    tips: tuple[Tip, ...] = Field(min_length=1)

    @property
    def total_weeks(self) -> int:
        return len(self.weeks)

    def week(self, number: int) -> Week:
        return self.weeks[number - 1]

    def month(self, number: int) -> Month:
        return next(m for m in self.months if m.number == number)

    def pace(self, pace_id: str) -> Pace:
        for pace in self.paces:
            if pace.id == pace_id:
                return pace
        raise KeyError(pace_id)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    @property
    def reference_pace(self) -> Pace:
        return self.pace(self.categories_reference_pace)

    def last_week_of_month(self, month: int) -> int:
        return max(w.number for w in self.weeks if w.month == month)

    def milestone(self, month: int) -> Milestone | None:
        return next((m for m in self.milestones if m.month == month), None)

    @cached_property
    def category_words(self) -> dict[str, str]:
        """Every word a learner may type for a category (id or alias), lower-case, to its id."""
        words: dict[str, str] = {}
        for category in self.categories:
            for word in (category.id, *category.aliases):
                words[word.lower()] = category.id
        return words


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a curriculum file, at a JSON path such as ``$.weeks[6].title``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class CurriculumError(Exception):
    """A curriculum file that cannot be used; carries every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(str(p) for p in problems))


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _hours(value: float) -> str:
    return f"{value:g} h"


def semantic_problems(curriculum: Curriculum) -> list[Problem]:
    """Problems that the field types alone cannot catch: gaps, duplicates, unknown references."""
    problems: list[Problem] = []
    add = problems.append

    month_numbers = [m.number for m in curriculum.months]
    for number, count in Counter(month_numbers).items():
        if count > 1:
            add(Problem("$.months", f"month {number} appears {count} times"))
    for expected, month in enumerate(curriculum.months, start=1):
        if month.number != expected:
            add(Problem(f"$.months[{expected - 1}].number", f"expected month {expected}"))
            break

    numbers = [w.number for w in curriculum.weeks]
    duplicated = [n for n, count in sorted(Counter(numbers).items()) if count > 1]
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    for number in duplicated:
        add(Problem("$.weeks", f"week {number} appears {numbers.count(number)} times"))
    for number in missing:
        add(Problem("$.weeks", f"week {number} is missing"))
    if not duplicated and not missing and numbers != sorted(numbers):
        add(Problem("$.weeks", "weeks must be listed in order of their number"))
    for index, week in enumerate(curriculum.weeks):
        if week.month not in month_numbers:
            add(Problem(f"$.weeks[{index}].month", f"unknown month {week.month}"))
        if week.project is None and not week.capstone_options:
            add(Problem(f"$.weeks[{index}]", "a week needs a project or capstone_options"))
    week_months = [w.month for w in curriculum.weeks]
    if week_months != sorted(week_months):
        add(Problem("$.weeks", "weeks must be grouped by month in order"))
    for index, month in enumerate(curriculum.months):
        if month.number not in week_months:
            add(Problem(f"$.months[{index}]", f"month {month.number} has no weeks"))

    category_ids = [c.id for c in curriculum.categories]
    for cid, count in Counter(category_ids).items():
        if count > 1:
            add(Problem("$.categories", f"category {cid!r} appears {count} times"))
    words = Counter(w.lower() for c in curriculum.categories for w in (c.id, *c.aliases))
    for word, count in words.items():
        if count > 1:
            add(Problem("$.categories", f"the word {word!r} names more than one category"))
    for index, category in enumerate(curriculum.categories):
        if category.hours_min > category.hours_max:
            add(Problem(f"$.categories[{index}]", "hours_min is above hours_max"))

    pace_ids = [p.id for p in curriculum.paces]
    for pid, count in Counter(pace_ids).items():
        if count > 1:
            add(Problem("$.paces", f"pace {pid!r} appears {count} times"))
    if curriculum.categories_reference_pace not in pace_ids:
        add(
            Problem(
                "$.categories_reference_pace",
                f"unknown pace {curriculum.categories_reference_pace!r}",
            )
        )
    known = ", ".join(category_ids)
    for p_index, pace in enumerate(curriculum.paces):
        where = f"$.paces[{p_index}]"
        if pace.hours_min > pace.hours_max:
            add(Problem(where, "hours_min is above hours_max"))
        if not pace.hours_min <= pace.ideal_min <= pace.ideal_max <= pace.hours_max:
            add(Problem(where, "the ideal band must lie inside hours_min..hours_max"))
        weekdays = [d.weekday for d in pace.schedule]
        for weekday, count in Counter(weekdays).items():
            if count > 1:
                add(Problem(f"{where}.schedule", f"{weekday} appears {count} times"))
        for d_index, day in enumerate(pace.schedule):
            if day.category not in category_ids:
                add(
                    Problem(
                        f"{where}.schedule[{d_index}].category",
                        f"unknown category {day.category!r} (known: {known})",
                    )
                )
        total = sum(d.hours for d in pace.schedule)
        if not pace.hours_min <= total <= pace.hours_max:
            add(
                Problem(
                    f"{where}.schedule",
                    f"daily hours sum to {_hours(total)}, outside the pace band "
                    f"{pace.hours_min:g}–{pace.hours_max:g} h",
                )
            )

    previous: Milestone | None = None
    for index, milestone in enumerate(curriculum.milestones):
        where = f"$.milestones[{index}]"
        if milestone.month not in month_numbers:
            add(Problem(f"{where}.month", f"unknown month {milestone.month}"))
        if milestone.hours_min > milestone.hours_max:
            add(Problem(where, "hours_min is above hours_max"))
        if previous is not None:
            if milestone.month <= previous.month:
                add(Problem(f"{where}.month", "milestones must be in month order"))
            for field in ("hours_min", "hours_max"):
                now, before = getattr(milestone, field), getattr(previous, field)
                if now <= before:
                    add(
                        Problem(
                            f"{where}.{field}",
                            f"{now:g} does not grow past month {previous.month}'s {before:g}",
                        )
                    )
        previous = milestone

    if curriculum.notes_target.min > curriculum.notes_target.max:
        add(Problem("$.notes_target", "min is above max"))
    return problems


def parse_curriculum(raw: object, source: str = "curriculum") -> Curriculum:
    """Validate already-decoded JSON; raise CurriculumError naming every problem's path."""
    try:
        curriculum = Curriculum.model_validate(raw)
    except ValidationError as exc:
        problems = [Problem(_json_path(err["loc"]), err["msg"]) for err in exc.errors()]
        raise CurriculumError(source, problems) from None
    problems = semantic_problems(curriculum)
    if problems:
        raise CurriculumError(source, problems)
    return curriculum


def load_curriculum(path: Path) -> Curriculum:
    """Read and validate a curriculum file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CurriculumError(
            str(path), [Problem("$", f"cannot read file: {exc.strerror}")]
        ) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise CurriculumError(str(path), [Problem("$", f"not JSON ({where}): {exc.msg}")]) from None
    return parse_curriculum(raw, str(path))


def default_curriculum_path() -> Path:
    """The roadmap shipped with the project (top-level ``curriculum.json``)."""
    return Path(__file__).resolve().parents[2] / "curriculum.json"
