"""A real HTTP server on 127.0.0.1 that plays arxiv.org/html and ar5iv for the full-text tests.

Paths: /html/2508.08468v6 (and /html/2508.08468) the real page; /html/<other id> 404 (no HTML);
/ar5iv/html/<id> the real page too (the fallback); /truncated/html/<id> half the page with the
full Content-Length; /cut/html/<id> half the page, no Content-Length, connection closed;
/portal/html/<id> a page that is not LaTeXML; /busy/html/<id> 503 with Retry-After: 1 the
first time, then the page; /stall/html/<id> headers, then silence; /hostile/html/<id> the
page `server.hostile` holds.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import FIXTURES

PAGE = FIXTURES / "arxiv_html_2508.08468v6.html"
KNOWN = {"2508.08468v6", "2508.08468"}


class PaperServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.agents: list[str] = []
        self.release = threading.Event()
        self.busy_seen: set[str] = set()
        self.hostile = b""
        self.page = PAGE.read_bytes()
        self.known = set(KNOWN)  # ids the server has a page for (all get the same real page)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: PaperServer

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append(self.path)
        self.server.agents.append(self.headers.get("User-Agent", ""))
        mode, _, rest = self.path.lstrip("/").partition("/")
        if mode == "html":
            mode, rest = "ok", "html/" + rest
        paper = rest.removeprefix("html/").split("/")[0]
        page = self.server.page
        if mode == "busy":
            if self.path not in self.server.busy_seen:
                self.server.busy_seen.add(self.path)
                self._send(503, b"busy", {"Retry-After": "1"})
                return
            mode = "ok"
        if mode in ("ok", "ar5iv"):
            if paper in self.server.known:
                self._send(200, page)
            else:
                self._send(404, b"<html><body>No HTML for this paper</body></html>")
        elif mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page[: len(page) // 2])
            self.close_connection = True
        elif mode == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page[: len(page) // 2])
            self.close_connection = True
        elif mode == "portal":
            self._send(200, b"<html><body><h1>Welcome to the captive portal</h1></body></html>")
        elif mode == "stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"<html>")
            self.wfile.flush()
            self.server.release.wait(10)
        elif mode == "hostile":
            self._send(200, self.server.hostile)
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
