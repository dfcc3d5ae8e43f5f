"""The sender's reading of what became of a request: sent, refused, uncertain or never left."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from telegram.error import TimedOut

from scheduler.sender import Limits, Sender, Uncertain

FAST = Limits(backoff_seconds=0.01)


def failing_then(outcomes: list[BaseException | str]) -> tuple[list[int], object]:
    tries: list[int] = []

    async def request() -> str:
        tries.append(len(tries) + 1)
        outcome = outcomes[len(tries) - 1]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return tries, request


def timed_out(cause: Exception) -> TimedOut:
    try:
        raise TimedOut from cause
    except TimedOut as error:
        return error


async def test_a_pool_timeout_never_left_so_it_is_tried_again() -> None:
    pool = timed_out(httpx.PoolTimeout("no free connection"))
    tries, request = failing_then([pool, "sent"])
    assert await Sender(None).call(7, request) == "sent"  # type: ignore[arg-type]
    assert tries == [1, 2]


async def test_a_connect_timeout_never_left_either() -> None:
    tries, request = failing_then([timed_out(httpx.ConnectTimeout("no connection")), "sent"])
    sender = Sender(None)
    sender.limits = FAST
    assert await sender.call(7, request) == "sent"  # type: ignore[arg-type]
    assert tries == [1, 2]


async def test_a_read_timeout_may_have_arrived_so_it_is_uncertain() -> None:
    tries, request = failing_then([timed_out(httpx.ReadTimeout("no answer")), "sent"])
    with pytest.raises(Uncertain):
        await Sender(None).call(7, request)  # type: ignore[arg-type]
    assert tries == [1]


async def test_an_answer_that_cannot_be_read_is_uncertain() -> None:
    tries, request = failing_then([KeyError("message_id"), "sent"])
    with pytest.raises(Uncertain, match="could not be read"):
        await Sender(None).call(7, request)  # type: ignore[arg-type]
    assert tries == [1]


class StallingTimeline:
    """A shared timeline whose first slot is 50 ms away, and an event loop that stalls past it
    once: the send wakes up late, as on a busy host."""

    def __init__(self) -> None:
        self.steps: list[float] = []

    async def reserve(self, step: float) -> float:
        self.steps.append(step)
        if len(self.steps) == 1:
            asyncio.get_running_loop().call_soon(time.sleep, 0.3)  # the loop is held 300 ms
            return 0.05
        return 0.0


async def test_a_send_that_wakes_past_its_shared_slot_takes_a_new_one() -> None:
    timeline = StallingTimeline()
    sender = Sender(Limits(), timeline)  # type: ignore[arg-type]

    async def request() -> str:
        return "sent"

    assert await sender.call(7, request) == "sent"
    # The late slot was given up rather than crowding the second it landed in.
    assert timeline.steps == [1 / 25, 1 / 25]
    assert sender.throttle is not None
    assert sender.throttle.late_slots == 1
