"""The portfolio: the link question after ✅ Shipped, what /ship and /portfolio answer, and
the capstone question. Pure."""

from __future__ import annotations

import re

from bot.domain.portfolio import NO_LINK
from bot.services.portfolio import CapstoneQuestion, LinkSaved, ShippedProject
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, esc, long_date

LINK_PROMPT = "🔗 Link to week"
_PROMPT_WEEK = re.compile(r"🔗 Link to week (\d{1,3})'s project", re.ASCII)


def link_prompt(roadmap_week: int, title: str) -> Reply:
    """Asked after ✅ Shipped: the learner replies with a URL, or "no link"."""
    return Reply(
        f"{LINK_PROMPT} {roadmap_week}'s project ({esc(title)})? Reply to this message with its "
        f"URL (a repository or a deployed app), or “{NO_LINK}”.",
        force_reply=True,
        placeholder="https://github.com/…",
    )


def prompt_week(text: str) -> int | None:
    """The roadmap week a link question was about, read back from its text."""
    found = _PROMPT_WEEK.match(text)
    return int(found[1]) if found else None


def kept_without_link(saved: LinkSaved) -> Reply:
    """A bare "no link" to the latest shipped project, which has none."""
    return Reply(
        f"👌 OK: week {saved.roadmap_week}'s project ({esc(saved.title)}) stays without a link. "
        "<code>/ship URL</code> adds one later."
    )


def link_saved(saved: LinkSaved) -> Reply:
    week = f"Week {saved.roadmap_week}'s project ({esc(saved.title)})"
    if saved.link is None:
        return Reply(
            f"👍 {week} is in your portfolio without a link. "
            f"<code>/ship {saved.roadmap_week} URL</code> adds one later."
        )
    if saved.previous is not None and saved.previous != saved.link:
        return Reply(
            f"🔗 {week}: link changed from {esc(saved.previous)} to {esc(saved.link)}.\n"
            "/portfolio lists every shipped project."
        )
    return Reply(f"🔗 {week}: {esc(saved.link)} saved.\n/portfolio lists every shipped project.")


def project_line(project: ShippedProject) -> str:
    """One shipped project: its weeks, title, link and the day it was marked shipped."""
    plan = f"Plan week {project.plan_week} · " if project.plan_week is not None else ""
    link = esc(project.link) if project.link else "no link yet"
    return (
        f"{plan}roadmap week {project.roadmap_week}: <b>{esc(project.title)}</b>\n"
        f"   {link} · shipped {long_date(project.shipped_on)}"
    )


def portfolio(projects: tuple[ShippedProject, ...]) -> Reply:
    if not projects:
        return Reply(
            "🗂 <b>Your portfolio</b> is empty so far. Each weekly recap asks about the week's "
            "project: ✅ Shipped puts it here, with its link."
        )
    count = f"{len(projects)} shipped project{'s' if len(projects) != 1 else ''}"
    lines = [f"🗂 <b>Your portfolio</b> · {count}", ""]
    lines += [f"{n}. {project_line(p)}" for n, p in enumerate(projects, start=1)]
    if any(p.link is None for p in projects):
        lines.append("\n<code>/ship WEEK URL</code> adds or corrects a link.")
    return Reply("\n".join(lines))


def capstone_question(question: CapstoneQuestion) -> Reply:
    """Which of the capstone options the learner takes, a button each."""
    lines = [
        "🎓 <b>Your capstone</b>: the last two roadmap weeks build one full backend app. "
        "Which one will you take?"
    ]
    lines += [f"{n}. {esc(option)}" for n, option in enumerate(question.options, start=1)]
    if question.chosen is not None:
        lines.append(f"\nYour choice so far: <b>{esc(question.chosen)}</b>.")
    buttons = tuple(
        (Button(option, callbacks.data(callbacks.CAPSTONE, n)),)
        for n, option in enumerate(question.options, start=1)
    )
    return Reply("\n".join(lines), buttons=buttons)


def capstone_chosen(option: str) -> Reply:
    return Reply(
        f"🎓 Your capstone: <b>{esc(option)}</b>. Your reminders and recaps of the capstone weeks "
        "will name it; /capstone changes it."
    )


NO_CAPSTONE = "This roadmap has no capstone options."
