"""Every Bot API client of the process verifies Telegram's certificate, with one TLS context
built once: loading the certificate bundle for each client cost 20–40 ms of CPU, four times for
each bot started."""

from __future__ import annotations

import ssl

from telegram.request import HTTPXRequest

from bot.clock import SettableClock
from bot.db.session import create_engine
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.app import build_application
from bot.telegram.deps import Deps
from bot.telegram.request import push_bot, verified_tls
from tests.e2e.harness import START

BASE_URL = "http://127.0.0.1:9/bot"


def context_of(request: object) -> ssl.SSLContext:
    assert isinstance(request, HTTPXRequest)
    context = request._client._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert isinstance(context, ssl.SSLContext)
    return context


def test_the_context_verifies_the_server() -> None:
    context = verified_tls()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 50  # a real bundle of authorities


def test_the_bots_clients_share_it(curriculum: Curriculum) -> None:
    engine = create_engine("sqlite+aiosqlite:///:memory:")  # never connected
    coach = Coach(curriculum, UnitOfWork(engine), SettableClock(START))
    application = build_application("1:token", BASE_URL, Deps(coach, curriculum, frozenset()))
    pushes = push_bot("1:token", BASE_URL)
    requests = [*application.bot._request, *pushes._request]  # updates and the rest, each
    assert len(requests) == 4
    assert all(context_of(request) is verified_tls() for request in requests)
