"""Each chat's budget of updates: beyond it, one reply that says so, and the rest dropped.

A chat may send ``updates`` updates a window (a minute), of which ``costly`` may be /recap or
/export (a recap's chart costs about a quarter of a second of CPU, an export a file). The
first update over either budget is answered with the reason, once a window; every other update
over it is dropped unhandled. A window starts at a chat's first update and lasts ``window``.

The budgets live in this process's memory, by chat: a restart forgets them, and with several
webhook replicas each keeps its own (a chat spread over N replicas gets up to N budgets). That
is enough to keep one chat from taking the bot's time from everyone else, which is all a budget
is for; it needs no database round trip on every update. Memory is bounded: a chat whose window
has ended is forgotten, and at most ``chats`` chats are remembered (the oldest window goes
first).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from bot.clock import Clock


@dataclass(frozen=True)
class Budget:
    updates: int = 20  # any update of one chat, a window
    costly: int = 3  # of which /recap, /export, /calendar and /notes all
    window: timedelta = timedelta(minutes=1)
    chats: int = 100_000  # chats remembered at once


class Verdict(Enum):
    HANDLE = "handle"
    SLOW_DOWN = "slow down"  # the first update over the budget: told why
    COSTLY = "costly"  # the first costly command (a chart or a file) over its budget: told why
    DROP = "drop"  # over a budget the chat was already told about


@dataclass
class _Window:
    start: datetime
    updates: int = 0
    costly: int = 0


class ChatBudgets:
    """Counts each chat's updates in its current window and says what to do with the next."""

    def __init__(self, clock: Clock, budget: Budget | None = None) -> None:
        self.clock = clock
        self.budget = budget or Budget()
        # In the order their windows started: the front is the first to end.
        self._windows: OrderedDict[int, _Window] = OrderedDict()

    def __len__(self) -> int:
        return len(self._windows)

    def admit(self, chat_id: int, *, costly: bool) -> Verdict:
        now = self.clock.now()
        self._forget_ended(now)
        window = self._windows.get(chat_id)
        if window is None or not window.start <= now < window.start + self.budget.window:
            window = self._windows[chat_id] = _Window(now)
            self._windows.move_to_end(chat_id)
            while len(self._windows) > self.budget.chats:
                self._windows.popitem(last=False)
        window.updates += 1
        if window.updates > self.budget.updates:
            return Verdict.SLOW_DOWN if window.updates == self.budget.updates + 1 else Verdict.DROP
        if costly:
            window.costly += 1
            if window.costly > self.budget.costly:
                return Verdict.COSTLY if window.costly == self.budget.costly + 1 else Verdict.DROP
        return Verdict.HANDLE

    def _forget_ended(self, now: datetime) -> None:
        while self._windows:
            _chat, first = next(iter(self._windows.items()))
            if first.start + self.budget.window > now:
                return
            self._windows.popitem(last=False)
