"""The learner's data: everything as CSV, and forgetting everything."""

from __future__ import annotations

import csv
import io
from datetime import date

from bot.db import notes as note_rows
from bot.db import plans, repo
from bot.services.learners import Learners, LearnerView

COLUMNS = (
    "type", "date", "week", "hours", "category", "text", "plan_week", "roadmap_week", "link",
)  # fmt: skip
# A cell a spreadsheet would read as a formula (OWASP's "CSV injection"): the bot itself writes
# no negative numbers, so only text can start like this.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: prefixed with ``'`` when it would start a
    formula (``=HYPERLINK(…)``, ``+cmd|…``, ``-2+3``, ``@SUM(…)``)."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


class LearnerData:
    """Export and erasure of a learner's rows."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def export_csv(self, chat_id: int) -> bytes:
        """A row per log entry, note and answered project, by date: ``type,date,week,hours,
        category,text``, the plan and roadmap week each belongs to (as they were then), and a
        project's link."""
        async with self.learners.reading(chat_id) as (session, learner):
            view = await self.learners.view(session, learner)
            entries = await repo.all_log_entries(session, learner.id)
            notes = await note_rows.all_notes(session, learner.id)
            answers = await plans.project_answer_rows(session, learner.id)
        rows: list[tuple[date, int, list[str]]] = []
        for entry in entries:
            hours = f"{entry.minutes / 60:.2f}".rstrip("0").rstrip(".")
            labels = self._labels(view, entry.day)
            row = ["log", entry.day.isoformat(), labels[0], hours, entry.category]
            rows.append((entry.day, 0, [*row, entry.note or "", *labels, ""]))
        for note in notes:
            labels = self._labels(view, note.day)
            row = ["note", note.day.isoformat(), labels[0], "", "", note.text, *labels, ""]
            rows.append((note.day, 1, row))
        for answer in answers:
            week = next((w for w in view.weeks if answer.roadmap_week in w.completes), None)
            day = answer.answered_at.astimezone(view.zone).date()
            plan_week = str(week.number) if week is not None else ""
            shipped = "shipped" if answer.shipped else "not yet"
            text = f"{self.curriculum.week(answer.roadmap_week).title}: {shipped}"
            row = ["project", day.isoformat(), plan_week, "", "", text, plan_week]
            rows.append((day, 2, [*row, str(answer.roadmap_week), answer.link or ""]))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for _day, _kind, row in sorted(rows, key=lambda r: (r[0], r[1])):
            writer.writerow([spreadsheet_safe(cell) for cell in row])
        return out.getvalue().encode("utf-8")

    def _labels(self, view: LearnerView, day: date) -> tuple[str, str]:
        """The plan week and the roadmap week that head the day's week ("" outside the plan)."""
        week = view.week_of(day) if day >= view.plan.start else None
        if week is None:
            return "", ""
        return str(week.number), str(week.roadmap_week)

    async def forget(self, chat_id: int) -> bool:
        """Delete every row of the chat's learner; False when there was nothing to delete."""
        async with self.learners.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return False
            await repo.forget_learner(session, learner.id)
            await session.commit()
        return True
