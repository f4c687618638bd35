from __future__ import annotations

import socket
import threading

import pytest

from tests.fetch.server import ApiServer


@pytest.fixture(autouse=True)
def waits(monkeypatch):
    """Retry and between-days waits recorded, not slept (no test takes their time)."""
    from reader import fetch

    asked: list[float] = []
    monkeypatch.setattr(fetch, "_pause", asked.append)
    return asked


@pytest.fixture
def api(monkeypatch):
    """The local API server; proxies off so requests go straight to it."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = ApiServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def dead_url():
    """A base URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
