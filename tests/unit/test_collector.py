"""The collector of a started bot process: start-up's objects frozen, the young collected less
often; and the commands that serve learners settle it once they have loaded the curriculum."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import collector
from bot.config import load_settings
from bot.domain.curriculum import Curriculum, load_curriculum
from coach import cli


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_collector")
def test_start_up_objects_are_frozen_and_the_young_collected_less_often() -> None:
    kept = {"the curriculum": [object()]}  # a container that lives on, as start-up's do
    _young, middle, oldest = gc.get_threshold()
    collector.settle_start_up()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (collector.YOUNG, middle, oldest)
    assert gc.get_count()[0] < 100  # start-up's garbage was collected before the freeze
    assert gc.is_tracked(kept)


def test_serving_commands_settle_it_after_loading_the_curriculum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    order: list[str] = []
    monkeypatch.setattr("bot.logs.configure_logging", lambda *args, **kwargs: None)
    monkeypatch.setattr(cli, "settle_start_up", lambda: order.append("settled"))

    def load(path: Path) -> Curriculum:
        order.append("loaded")
        return load_curriculum(path)

    monkeypatch.setattr(cli, "load_curriculum", load)
    token, curriculum = cli._start(load_settings())
    assert token == "123:abc"
    assert curriculum.total_weeks == 24
    assert order == ["loaded", "settled"]
