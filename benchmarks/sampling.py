"""A sampling profiler of the event loop's thread, for `python -m benchmarks.profile`.

A timer interrupts the main thread every millisecond (SIGALRM), and its handler, run there, notes
the stack it interrupted; a sample weighs the time since the one before (and the thread's CPU
time in it), so that time spent waiting for the interpreter's lock counts where the thread
waited. SQLAlchemy runs its
statements in greenlets, whose frames do not lead back to the coroutine that awaits them: a
stack cut there is joined to the frames of the thread's main greenlet, suspended in SQLAlchemy's
``greenlet_spawn``. (cProfile keeps one stack of calls a thread and does not follow greenlet
switches: with SQLAlchemy's asyncio it charges a coroutine with whatever else the loop runs
meanwhile. A sampling thread would be biased: it can only look when the lock is let go.)
"""

from __future__ import annotations

import signal
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FrameType, TracebackType
from typing import Any

Stack = tuple[CodeType, ...]  # innermost frame first
ROOT = str(Path(__file__).resolve().parents[1]) + "/"
STDLIB = sysconfig.get_paths()["stdlib"] + "/"


@dataclass(frozen=True)
class Profile:
    seconds: dict[Stack, float]  # the time each stack was seen running, the sampler's left out
    cpu: dict[Stack, float]  # the loop thread's CPU time in it (the rest: waiting)
    wall: float
    samples: int
    loop_cpu: float  # CPU seconds of the loop's (the main) thread, the sampler's included
    other_cpu: float  # of the process's other threads (aiosqlite's)
    sampler: float  # seconds in the sampler's handler


class Sampler:
    """``with Sampler() as sampler: …`` on the main thread; then ``sampler.profile``."""

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self._seconds: dict[Stack, float] = {}
        self._cpu: dict[Stack, float] = {}
        self._samples = 0
        self._sampler = 0.0
        self._profile: Profile | None = None

    @property
    def profile(self) -> Profile:
        assert self._profile is not None, "read once the sampler is left"
        return self._profile

    def __enter__(self) -> Sampler:
        assert threading.current_thread() is threading.main_thread(), "signals go to the main one"
        bottom = sys._getframe()
        while bottom.f_back is not None:
            bottom = bottom.f_back
        self._bottom = bottom.f_code
        greenlets = sys.modules.get("greenlet")  # loaded by SQLAlchemy's asyncio, if in use
        self._main_greenlet: Any = None if greenlets is None else greenlets.getcurrent()
        self._previous = signal.signal(signal.SIGALRM, self._sample)
        self._began = (time.perf_counter(), time.process_time(), time.thread_time())
        self._last, self._last_cpu = self._began[0], self._began[2]
        signal.setitimer(signal.ITIMER_REAL, self.interval, self.interval)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        ended = (time.perf_counter(), time.process_time(), time.thread_time())
        signal.signal(signal.SIGALRM, signal.SIG_DFL if self._previous is None else self._previous)
        wall, cpu, loop_cpu = (end - began for end, began in zip(ended, self._began, strict=True))
        self._profile = Profile(
            self._seconds, self._cpu, wall, self._samples, loop_cpu, cpu - loop_cpu, self._sampler
        )

    def _sample(self, _signal: int, frame: FrameType | None) -> None:
        began, cpu = time.perf_counter(), time.thread_time()
        if frame is not None and frame.f_code.co_filename != __file__:  # not the sampler's own
            stack = self._stack(frame)
            self._seconds[stack] = self._seconds.get(stack, 0.0) + began - self._last
            self._cpu[stack] = self._cpu.get(stack, 0.0) + cpu - self._last_cpu
            self._samples += 1
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._sampler += self._last - began

    def _stack(self, frame: FrameType) -> Stack:
        codes = _codes(frame)
        if codes[-1] is not self._bottom and self._main_greenlet is not None:
            suspended = self._main_greenlet.gr_frame  # in a greenlet: join its spawner's frames
            if suspended is not None:
                codes.extend(_codes(suspended))
        return tuple(codes)


def _codes(frame: FrameType | None) -> list[CodeType]:
    codes = []
    while frame is not None:
        codes.append(frame.f_code)
        frame = frame.f_back
    return codes


def place(code: CodeType) -> str:
    """Where a function lives: an installed package, a module of the standard library, or a
    package (and module) of this repository."""
    path = code.co_filename
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0]
    if path.startswith(ROOT):
        return "/".join(path[len(ROOT) :].split("/")[:2])
    if path.startswith(STDLIB):
        return path[len(STDLIB) :].split("/", 1)[0].removesuffix(".py")
    if path.startswith("<frozen "):  # importlib, runpy, …
        return path.removeprefix("<frozen ").split(".", 1)[0].rstrip(">")
    return path  # <string>: code compiled at run time (dataclasses', SQLAlchemy's)
