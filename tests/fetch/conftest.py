from __future__ import annotations

import socket

import pytest

from tests.fetch.server import ApiServer
from tests.local_http import serving


@pytest.fixture(autouse=True)
def waits(monkeypatch):
    """Retry and between-days waits recorded, not slept (no test takes their time)."""
    from reader import fetch

    asked: list[float] = []
    monkeypatch.setattr(fetch, "_pause", asked.append)
    return asked


@pytest.fixture
def api(monkeypatch):
    """The local API server."""
    with serving(ApiServer(), monkeypatch) as server:
        yield server


@pytest.fixture
def dead_url():
    """A base URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
