"""`python -m benchmarks.profile B1|B3b [--quick]`: where the bot's side of a benchmark spends
the wall time of its pass.

B1: the learners' `/log`s (SQLite), as the benchmark drives them, the emulator in its own
process. B3b: the scheduler's pass over the reminders due at once, limits off. The baselines
(the echo bot, the bare loop) are not run. The pass runs under a sampler of the event loop's
thread (``benchmarks.sampling``). Printed: where the pass went, each sample given to the first
of the workload's activities found on its stack (with the places of the innermost frames within
each); then the innermost frames' places and functions. Each list adds up to 100 %.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cache
from types import CodeType
from typing import Any

from benchmarks import fan_out, updates
from benchmarks.sampling import Profile, Sampler, Stack, place
from bot.collector import settle_start_up
from bot.domain.curriculum import Curriculum, default_curriculum_path, load_curriculum
from botapi_emulator.process import EmulatorProcess

Measure = Callable[[], AbstractContextManager[Any]]
Workload = Callable[[Curriculum, bool, Measure], Awaitable[str]]  # says what it ran
OTHER = "anything else (asyncio's callbacks and transports, …)"


@dataclass(frozen=True)
class Activity:
    """Functions by (the start of their place, their qualified name or "" for any)."""

    label: str
    where: tuple[tuple[str, str], ...]

    def holds(self, code: CodeType) -> bool:
        return any(
            placed(code).startswith(part) and name in ("", code.co_qualname)
            for part, name in self.where
        )


WAITING = Activity("the event loop waiting for I/O (select)", (("selectors", ""),))
# ExtBot.send_message, which the application's bot has, calls Bot's.
SENDING = Activity("PTB's send_message (httpx inside)", (("telegram", "Bot.send_message"),))
B1 = (
    WAITING,
    Activity("the /log transaction (Logbook.log_hours)", (("bot/services", "Logbook.log_hours"),)),
    SENDING,
    Activity("PTB's get_updates (httpx inside)", (("telegram", "Bot.get_updates"),)),
    Activity("the reply's text (bot/texts)", (("bot/texts", ""),)),
    Activity("the rest of the handler and PTB's dispatch", (("bot", ""), ("telegram", ""))),
)
B3B = (
    WAITING,
    Activity("the claim (Claims.take)", (("scheduler/claims.py", "Claims.take"),)),
    Activity("the batch read (Pushes.prepare)", (("scheduler/pushes.py", "Pushes.prepare"),)),
    Activity("rendering (Pushes.render)", (("scheduler/pushes.py", "Pushes.render"),)),
    Activity(
        "proofs and outcomes (scheduler/outcomes.py, batched.py)",
        (("scheduler/outcomes.py", ""), ("scheduler/batched.py", "")),
    ),
    SENDING,
    Activity("the rest of the runner and the sender (scheduler/)", (("scheduler", ""),)),
)


async def b1(curriculum: Curriculum, quick: bool, measure: Measure) -> str:
    learners, messages = updates.load(quick)
    engine = await updates.seeded(None, learners)
    async with EmulatorProcess() as emulator:
        app = updates.coach_bot(curriculum, engine, emulator.base_url)
        found = await updates.driven(app, emulator, learners, messages, measure)
    await engine.dispose()
    return (
        f"B1, SQLite: {learners:,} learners × {messages} /log, "
        f"{found['updates_per_second']:.0f} updates/s while sampled"
    )


async def b3b(curriculum: Curriculum, quick: bool, measure: Measure) -> str:
    _limited, count = fan_out.counts(quick)
    found = await fan_out.fan_out(curriculum, count, limits=False, measure=measure)
    return (
        f"B3b: {count:,} reminders, limits off, {found['messages_per_second']:.0f} sent/s "
        "while sampled"
    )


WORKLOADS: dict[str, tuple[Workload, tuple[Activity, ...]]] = {"B1": (b1, B1), "B3B": (b3b, B3B)}


@cache
def placed(code: CodeType) -> str:
    return place(code)


def activity(stack: Stack, activities: Iterable[Activity]) -> str:
    for chosen in activities:
        if any(chosen.holds(code) for code in stack):
            return chosen.label
    return OTHER


@dataclass
class Share:
    wall: float = 0.0
    cpu: float = 0.0
    places: dict[str, float] = field(default_factory=dict)  # by the innermost frame's place


def split(profile: Profile, key: Callable[[Stack], str]) -> dict[str, Share]:
    """The pass's time by ``key`` of each stack."""
    found: dict[str, Share] = {}
    for stack, seconds in profile.seconds.items():
        share = found.setdefault(key(stack), Share())
        share.wall += seconds
        share.cpu += profile.cpu.get(stack, 0.0)
        share.places[placed(stack[0])] = share.places.get(placed(stack[0]), 0.0) + seconds
    return found


def rows(found: dict[str, Share], total: float, top: int, detail: int) -> list[str]:
    lines = []
    for name, share in sorted(found.items(), key=lambda item: -item[1].wall)[:top]:
        parts = sorted(share.places.items(), key=lambda item: -item[1])[:detail]
        inside = " · ".join(f"{where} {seconds / total:.1%}" for where, seconds in parts)
        lines.append(
            f"  {share.wall / total:6.1%} {share.cpu / total:6.1%}  {name}"
            + (f"  [{inside}]" if detail else "")
        )
    return lines


def function(code: CodeType) -> str:
    return f"{code.co_qualname} ({placed(code)}:{code.co_firstlineno})"


def report(what: str, profile: Profile, activities: tuple[Activity, ...], top: int) -> str:
    wall = profile.wall
    total = sum(profile.seconds.values()) or 1.0
    lines = [
        what,
        f"pass {wall:.1f} s, {profile.samples:,} samples; CPU: the loop's thread "
        f"{profile.loop_cpu / wall:.0%}, the other threads (aiosqlite's) "
        f"{profile.other_cpu / wall:.0%}; the sampler's own share {profile.sampler / wall:.1%}",
        "",
        "Columns: the share of the pass, then the loop thread's CPU within it (the rest is",
        "waiting: for I/O, for the interpreter's lock, for a core).",
        "",
        "where the pass went, each sample to the first of these on its stack [innermost places]:",
    ]
    by_activity = split(profile, lambda stack: activity(stack, activities))
    lines += rows(by_activity, total, len(activities) + 1, 4)
    lines += ["", "by the innermost frame's place:"]
    lines += rows(split(profile, lambda stack: placed(stack[0])), total, top, 0)
    lines += ["", "by the innermost function:"]
    lines += rows(split(profile, lambda stack: function(stack[0])), total, top, 0)
    return "\n".join(lines)


async def main(workload: str, quick: bool, top: int) -> str:
    run, activities = WORKLOADS[workload]
    sampler = Sampler()
    curriculum = load_curriculum(default_curriculum_path())
    settle_start_up()  # as the bot's process and the benchmarks do
    what = await run(curriculum, quick, lambda: sampler)
    return report(what, sampler.profile, activities, top)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("workload", type=str.upper, choices=sorted(WORKLOADS), help="B1 or B3b")
    parser.add_argument("--quick", action="store_true", help="the benchmark's quick size")
    parser.add_argument("--top", type=int, default=12, help="rows of the innermost listings")
    options = parser.parse_args()
    print(asyncio.run(main(options.workload, options.quick, options.top)))
