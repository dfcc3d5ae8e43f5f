"""/days: the learner's week, day by day, with buttons to choose the free day and the long
session's day. Pure."""

from __future__ import annotations

from bot.domain.plan import sessions
from bot.services.learners import LearnerView
from bot.telegram import callbacks
from bot.texts.format import DAY_NAMES, Button, Reply, duration, esc

DAYS_HELP = (
    "Tap a day to make it free, or to move the long session there. Or type "
    "<code>/days free sun</code> or <code>/days long sun</code>. It applies from this week on."
)


def week_lines(view: LearnerView) -> list[str]:
    """Each weekday's session at the pace and layout in force."""
    segment = view.plan.segments[-1]
    lines = []
    for weekday, session in enumerate(sessions(segment.pace, segment.layout)):
        name = DAY_NAMES[weekday]
        if session is None:
            lines.append(f"{name}: free")
        else:
            lines.append(
                f"{name}: {esc(session.focus)} — {duration(session.minutes)} · "
                f"{esc(session.category)}"
            )
    return lines


def days_menu(view: LearnerView, *, changed: bool = False) -> Reply:
    """The week with its buttons; after a change, what changed first."""
    layout = view.plan.segments[-1].layout

    def choice(kind: str, weekday: int, chosen: int) -> Button:
        mark = "✓ " if weekday == chosen else ""
        label = f"{mark}{kind.title()} {DAY_NAMES[weekday][:3]}"
        return Button(label, callbacks.data(callbacks.DAYS, kind, weekday))

    free = [choice("free", w, layout.free) for w in range(7)]
    long = [choice("long", w, layout.long) for w in range(7)]
    if changed:
        lines = [days_changed(view), "", DAYS_HELP]
    else:
        lines = ["<b>Your week</b>", *week_lines(view), "", DAYS_HELP]
    rows = (tuple(free[:4]), tuple(free[4:]), tuple(long[:4]), tuple(long[4:]))
    return Reply("\n".join(lines), buttons=rows)


def days_changed(view: LearnerView) -> str:
    layout = view.plan.segments[-1].layout
    week = view.week_of(view.today)
    first = view.plan.segments[-1].from_week
    if week is None:
        when = "for your whole plan"
    elif first > week.number:  # this week has had its recap
        when = f"from next week (plan week {first}) on"
    else:
        when = f"from this week (plan week {week.number}) on"
    return "\n".join(
        [
            f"🗓 Your week {when}: {DAY_NAMES[layout.free]} free, the long session on "
            f"{DAY_NAMES[layout.long]}.",
            *week_lines(view),
            "Reminders and targets follow these days.",
        ]
    )
