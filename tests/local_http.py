"""A test HTTP server on 127.0.0.1, run in a thread for one test (never the internet)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

PROXIES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@contextmanager
def serving(server, monkeypatch) -> Iterator:
    """Serve `server` (a ThreadingHTTPServer with a `release` event that ends stalled
    answers) until the test is done; proxies off so requests go straight to it."""
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
