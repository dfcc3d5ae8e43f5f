"""A chat's budget of updates: counted per window, told once, forgotten when it ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import SettableClock
from bot.telegram.budget import Budget, ChatBudgets, Verdict
from bot.telegram.commands import is_costly

START = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
H, SLOW, COSTLY, DROP = Verdict.HANDLE, Verdict.SLOW_DOWN, Verdict.COSTLY, Verdict.DROP


def test_twenty_a_minute_then_one_slow_down_then_silence_until_the_window_ends() -> None:
    clock = SettableClock(START)
    budgets = ChatBudgets(clock)
    assert [budgets.admit(1, costly=False) for _ in range(23)] == [H] * 20 + [SLOW, DROP, DROP]
    assert budgets.admit(2, costly=False) is H  # another chat has its own budget
    clock.advance(timedelta(seconds=59))
    assert budgets.admit(1, costly=False) is DROP
    clock.advance(timedelta(seconds=1))  # a minute after the chat's first update
    assert [budgets.admit(1, costly=False) for _ in range(21)] == [H] * 20 + [SLOW]


def test_recaps_and_exports_have_a_smaller_budget_of_their_own() -> None:
    budgets = ChatBudgets(SettableClock(START))
    verdicts = [budgets.admit(1, costly=True) for _ in range(6)]
    assert verdicts == [H, H, H, COSTLY, DROP, DROP]
    assert budgets.admit(1, costly=False) is H  # other commands still go through
    # Every update counts against the overall budget, refused ones too.
    assert [budgets.admit(1, costly=False) for _ in range(14)] == [H] * 13 + [SLOW]


def test_memory_holds_only_chats_whose_window_is_open_and_at_most_the_cap() -> None:
    clock = SettableClock(START)
    budgets = ChatBudgets(clock, Budget(chats=100))
    for chat in range(1000):
        budgets.admit(chat, costly=False)
    assert len(budgets) == 100
    assert budgets.admit(999, costly=False) is H  # the newest are kept (count 2 of 20)
    clock.advance(timedelta(minutes=1))
    budgets.admit(5000, costly=False)
    assert len(budgets) == 1  # every other window had ended


def test_which_commands_are_costly() -> None:
    assert is_costly("/recap")
    assert is_costly("/Export@CoachBot now")
    assert is_costly("/calendar")
    assert is_costly("/notes all")
    assert is_costly("/NOTES@CoachBot  All")
    assert not is_costly("/notes")
    assert not is_costly("/notes last")
    assert not is_costly("/notes all python")  # a search, as /notes reads it
    assert not is_costly("/recaptime sun 20:00")
    assert not is_costly("recap")
    assert not is_costly(None)
    assert not is_costly("")
