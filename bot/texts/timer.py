"""The focus timer's messages: a session started or running, logged, and "still studying?".
Pure."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services.timer import Running, Stopped, epoch
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, day_label, duration, esc
from bot.texts.log import total_line

STILL_STUDYING = "⏱ Still studying?"
KEEP_GOING = "Keep going! Send /stop when you're done."
STOP_USAGE = "Use /stop to log your focus session, or /stop cancel to end it without logging."


def _minutes(elapsed: timedelta) -> int:
    return max(0, int(elapsed.total_seconds()) // 60)


def _local(at: datetime, running: Running | Stopped) -> str:
    view = running.learner if isinstance(running, Running) else running.logged.learner
    return at.astimezone(view.zone).strftime("%H:%M")


def _since(running: Running) -> str:
    """``09:00``, or ``Mon 30 Nov 23:10`` for a session that began on another day."""
    view = running.learner
    local = running.started_at.astimezone(view.zone)
    if local.date() == view.today:
        return f"{local:%H:%M}"
    return f"{day_label(local.date())} {local:%H:%M}"


def _category(running: Running) -> str:
    same_day = running.started_at.astimezone(running.learner.zone).date() == running.learner.today
    whose = "today's" if same_day else "that day's"
    focus = f", {whose} focus" if running.default_category else ""
    return f"{esc(running.category)}{focus}"


def started(running: Running) -> Reply:
    return Reply(
        f"▶ Focus session started at {_since(running)}: {_category(running)}.\n"
        "Send /stop when you're done: I'll log the time, rounded to 5 minutes."
    )


def still_running(running: Running) -> Reply:
    """/go while a session runs: how long it has been; nothing new is started."""
    return Reply(f"⏱ {running_line(running)}\nSend /stop to log it.")


def running_line(running: Running) -> str:
    over = " — over 12 h: /stop logs at most 12 h" if running.elapsed > timedelta(hours=12) else ""
    return (
        f"Your focus session has been running for {duration(_minutes(running.elapsed))} "
        f"(since {_since(running)}, {_category(running)}){over}."
    )


def cancelled(running: Running) -> Reply:
    return Reply(
        f"⏹ Focus session since {_since(running)} ended after "
        f"{duration(_minutes(running.elapsed))}; nothing was logged."
    )


def stopped(result: Stopped) -> Reply:
    logged = result.logged
    entry, view = logged.entry, logged.learner
    when = "today" if entry.day == view.today else day_label(entry.day)
    lines = [
        f"⏹ Focus session {_local(result.started_at, result)}–"
        f"{_local(result.stopped_at, result)} ({duration(result.log.elapsed_minutes)}).",
        f"✅ Logged {duration(entry.minutes)} of {esc(entry.category)} for {when}.",
    ]
    if result.log.capped:
        lines.append(
            f"A single entry is at most 12 h, so I logged 12 h of the "
            f"{duration(result.log.elapsed_minutes)}. Change it from /history if that's wrong."
        )
    lines.append(total_line(view, logged.total))
    return Reply("\n".join(lines))


def still_studying(running: Running) -> Reply:
    """The push 3 h into a session."""
    return Reply(
        f"{STILL_STUDYING} {running_line(running)}",
        buttons=(
            (
                Button("⏹ Stop and log", callbacks.data(callbacks.STOP, epoch(running.started_at))),
                Button("▶ Keep going", callbacks.data(callbacks.KEEP_GOING)),
            ),
        ),
    )
