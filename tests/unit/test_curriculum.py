"""curriculum.json holds the roadmap as written, and the loader names every problem's path."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.domain.curriculum import (
    Curriculum,
    CurriculumError,
    default_curriculum_path,
    parse_curriculum,
)
from coach.cli import main

ROADMAP = Path(__file__).resolve().parents[2] / "docs" / "roadmap.md"


def _plain(text: str) -> str:
    """Markdown emphasis and the roadmap's bullet glyph removed."""
    text = text.replace("🔹", "").replace("**", "")
    text = re.sub(r"(?<![\w`])\*([^*]+)\*(?![\w`])", r"\1", text)
    return " ".join(text.split())


def _roadmap_weeks() -> dict[int, dict[str, Any]]:
    weeks: dict[int, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    section = ""
    for line in ROADMAP.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### \*\*Week (\d+) – (.+)\*\*", line)
        if heading:
            current = {"title": heading[2], "goals": [], "project": None, "options": []}
            weeks[int(heading[1])] = current
            section = ""
            continue
        if current is None:
            continue
        if line.startswith("## "):
            current = None
            continue
        stripped = line.strip()
        if stripped == "---":
            section = ""
        elif stripped.startswith("**Goals:**"):
            section = "goals"
        elif stripped.startswith("**Project:**"):
            section = "project"
        elif stripped.startswith("**Capstone Options:**"):
            section = "options"
        elif section == "goals" and stripped.startswith("* "):
            current["goals"].append(stripped[2:])
        elif section == "goals" and stripped and current["goals"]:
            current["goals"][-1] += " " + stripped  # a goal that wraps onto the next line
        elif section == "project" and stripped.startswith("🔹"):
            current["project"] = stripped
        elif section == "options" and re.match(r"\d+\. ", stripped):
            current["options"].append(stripped.split(". ", 1)[1])
    return weeks


def test_every_week_is_the_roadmap_as_written(curriculum: Curriculum) -> None:
    written = _roadmap_weeks()
    assert sorted(written) == list(range(1, 25))
    for week in curriculum.weeks:
        source = written[week.number]
        assert week.title == source["title"]
        assert [_plain(g) for g in week.goals] == [_plain(g) for g in source["goals"]]
        if source["project"] is None:
            assert week.project is None
            assert list(week.capstone_options) == written[23]["options"]
        else:
            assert week.project == _plain(source["project"])


def test_months_paces_milestones_and_tips(curriculum: Curriculum) -> None:
    assert [m.title for m in curriculum.months][:2] == [
        "Core Python Mastery",
        "Backend Foundations",
    ]
    assert [curriculum.last_week_of_month(m.number) for m in curriculum.months] == [
        4,
        8,
        12,
        16,
        20,
        24,
    ]
    standard = curriculum.pace("standard")
    schedule = [(d.weekday, d.hours) for d in standard.schedule]
    assert schedule == [
        ("mon", 1.5),
        ("tue", 1.5),
        ("wed", 1.5),
        ("thu", 1.5),
        ("sat", 4),
        ("sun", 2),
    ]
    assert standard.day("fri") is None
    assert not standard.derived
    assert curriculum.pace("accelerated").derived
    assert curriculum.pace("part-time").derived
    bands = {p.id: (p.hours_min, p.hours_max, p.plan_weeks) for p in curriculum.paces}
    assert bands == {
        "standard": (10, 15, 24),
        "accelerated": (20, 25, 16),
        "part-time": (6, 8, 36),
    }
    for pace in curriculum.paces:
        assert pace.hours_min * 60 <= pace.weekly_minutes <= pace.hours_max * 60
        assert [d.focus for d in pace.schedule] == [d.focus for d in standard.schedule]
    ranges = [(m.hours_min, m.hours_max) for m in curriculum.milestones]
    assert ranges == [(40, 60), (80, 120), (120, 180), (160, 240), (200, 300), (250, 350)]
    categories = {c.id: (c.hours_min, c.hours_max) for c in curriculum.categories}
    assert categories == {
        "learning": (3, 5),
        "practice": (4, 6),
        "project": (3, 4),
        "revision": (1, 2),
    }
    assert (curriculum.notes_target.min, curriculum.notes_target.max) == (3, 5)
    assert len(curriculum.tips) == 5
    assert curriculum.tips[2].title == "Document weekly."


def _raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(default_curriculum_path().read_text(encoding="utf-8"))
    return raw


def _problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(CurriculumError) as caught:
        parse_curriculum(raw)
    return [str(p) for p in caught.value.problems]


def _without_week_7(raw: dict[str, Any]) -> None:
    del raw["weeks"][6]


def _duplicate_week(raw: dict[str, Any]) -> None:
    raw["weeks"].insert(3, copy.deepcopy(raw["weeks"][2]))


def _overfull_schedule(raw: dict[str, Any]) -> None:
    raw["paces"][1]["schedule"][4]["hours"] = 12


def _unknown_category(raw: dict[str, Any]) -> None:
    raw["paces"][0]["schedule"][2]["category"] = "gaming"


def _shrinking_milestones(raw: dict[str, Any]) -> None:
    raw["milestones"][3]["hours_min"] = 100


def _wrong_type(raw: dict[str, Any]) -> None:
    raw["weeks"][3]["goals"] = "not a list"


def _missing_field(raw: dict[str, Any]) -> None:
    del raw["paces"][2]["plan_weeks"]


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (_without_week_7, "$.weeks: week 7 is missing"),
        (_duplicate_week, "$.weeks: week 3 appears 2 times"),
        (_overfull_schedule, "$.paces[1].schedule: daily hours sum to 28 h, outside the pace band"),
        (_unknown_category, "$.paces[0].schedule[2].category: unknown category 'gaming'"),
        (_shrinking_milestones, "$.milestones[3].hours_min: 100 does not grow past month 3's 120"),
        (_wrong_type, "$.weeks[3].goals:"),
        (_missing_field, "$.paces[2].plan_weeks: Field required"),
    ],
)
def test_a_malformed_file_is_rejected_with_the_path(breakage: Any, expected: str) -> None:
    raw = _raw()
    breakage(raw)
    assert any(p.startswith(expected) for p in _problems(raw)), _problems(raw)


def test_check_command_on_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["curriculum", "check"]) == 0
    assert capsys.readouterr().out == "ok: 24 weeks, 3 paces, 6 milestones\n"


def test_check_command_on_a_file_without_week_7(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = _raw()
    _without_week_7(raw)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["curriculum", "check", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "$.weeks: week 7 is missing" in err
    assert str(broken) in err


def test_check_command_on_a_file_that_is_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"weeks": [', encoding="utf-8")
    assert main(["curriculum", "check", str(broken)]) == 1
    assert "not JSON (line 1" in capsys.readouterr().err


def test_console_script_and_module_agree() -> None:
    coach = Path(sys.executable).parent / "coach"  # installed beside this interpreter
    for command in ([str(coach)], [sys.executable, "-m", "bot"]):
        done = subprocess.run(
            [*command, "curriculum", "check"], capture_output=True, text=True, check=False
        )
        assert (done.returncode, done.stdout) == (0, "ok: 24 weeks, 3 paces, 6 milestones\n")
