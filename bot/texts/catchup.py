"""The catch-up choices of a week that fell behind, and what choosing one says. Pure."""

from __future__ import annotations

from bot.services.catchup import CaughtUp
from bot.telegram import callbacks
from bot.texts.format import Button, duration


def catch_up_buttons(plan_week: int, behind: int) -> tuple[tuple[Button, ...], ...]:
    """Carry it into next week · lower this week's target · switch pace."""
    return (
        (
            Button(
                f"Carry {duration(behind)} into next week",
                callbacks.data(callbacks.CATCH_UP, "carry", plan_week),
            ),
        ),
        (
            Button(
                "Lower this week's target", callbacks.data(callbacks.CATCH_UP, "lower", plan_week)
            ),
            Button("Switch pace", callbacks.data(callbacks.CATCH_UP, "pace", plan_week)),
        ),
    )


def caught_up(result: CaughtUp) -> str:
    this = result.learner.week(result.week)
    following = result.learner.week(result.week + 1)
    assert this is not None
    if result.choice == "carry" and following is not None:
        return (
            f"➡️ Carried {duration(result.minutes)} into next week: this week now asks for "
            f"{duration(this.target_minutes)}, next week for {duration(following.target_minutes)}."
        )
    return (
        f"✅ This week's target is now {duration(this.target_minutes)} "
        f"({duration(result.minutes)} less). A fresh week starts on Monday."
    )
