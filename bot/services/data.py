"""The learner's data: everything as CSV, and forgetting everything."""

from __future__ import annotations

import csv
import io
from datetime import date

from bot.db import repo
from bot.domain.plan import PlanWeek, position_on
from bot.services.learners import Learners, LearnerView


class LearnerData:
    """Export and erasure of a learner's rows."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def export_csv(self, chat_id: int) -> bytes:
        """``type,date,week,hours,category,text``: a row per log entry and per note."""
        async with self.learners.reading(chat_id) as (session, learner):
            view = await self.learners.view(session, learner)
            entries = await repo.all_log_entries(session, learner.id)
            notes = await repo.all_notes(session, learner.id)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["type", "date", "week", "hours", "category", "text"])
        rows: list[tuple[date, int, list[str]]] = []
        for entry in entries:
            hours = f"{entry.minutes / 60:.2f}".rstrip("0").rstrip(".")
            week = self._plan_week_label(view, entry.day)
            row = ["log", entry.day.isoformat(), week, hours, entry.category, entry.note or ""]
            rows.append((entry.day, 0, row))
        for note in notes:
            week = self._plan_week_label(view, note.day)
            rows.append((note.day, 1, ["note", note.day.isoformat(), week, "", "", note.text]))
        for _day, _kind, row in sorted(rows, key=lambda r: (r[0], r[1])):
            writer.writerow(row)
        return out.getvalue().encode("utf-8")

    def _plan_week_label(self, view: LearnerView, day: date) -> str:
        position = position_on(self.curriculum, view.plan, day)
        return str(position.number) if isinstance(position, PlanWeek) else ""

    async def forget(self, chat_id: int) -> bool:
        """Delete every row of the chat's learner; False when there was nothing to delete."""
        async with self.learners.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return False
            await repo.forget_learner(session, learner.id)
            await session.commit()
        return True
