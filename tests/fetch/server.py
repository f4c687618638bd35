"""A real HTTP server on 127.0.0.1 that plays the Daily Papers and arXiv APIs.

The first path segment picks the behaviour: /ok/api/daily_papers?date=..., /slow/...,
/garbage/..., /status-503/..., /truncated/..., /stall/... (headers, then silence), /trickle/... (a byte at a time).
/trickle-headers/... sends its status line and headers a byte every 50 ms, without end;
/busy-N-WAIT/... answers 429 with "Retry-After: WAIT" to the first N requests of a path
(WAIT "date" sends an HTTP date 1 s ahead, "none" no header), then as /ok/ does;
/okfor-N/... answers the first N requests as /ok/ does, then HTTP 500.
"""

from __future__ import annotations

import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.conftest import FIXTURES

DAYS = {"2026-06-12": FIXTURES / "hf_daily_papers_2026.json"}
ATOM = FIXTURES / "arxiv_atom_cs_ai_lg.xml"


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.busy: dict[str, int] = {}
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:
        # A client that hangs up mid-answer (the timeout tests do) is expected: no traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    server: ApiServer

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)
        parts = urlsplit(self.path)
        mode, _, rest = parts.path.lstrip("/").partition("/")
        query = parse_qs(parts.query)
        if mode == "slow":
            self.server.release.wait(10)
            mode = "ok"
        if mode.startswith("busy-"):
            _, times, wait = mode.split("-", 2)
            seen = self.server.busy[self.path] = self.server.busy.get(self.path, 0) + 1
            if seen <= int(times):
                self.send_response(429)
                if wait == "date":
                    self.send_header("Retry-After", formatdate(time.time() + 1, usegmt=True))
                elif wait != "none":
                    self.send_header("Retry-After", wait)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            mode = "ok"
        if mode.startswith("okfor-"):  # the first N requests answered, then HTTP 500
            self.server.served = getattr(self.server, "served", 0) + 1
            mode = "ok" if self.server.served <= int(mode[6:]) else "status-500"
        if mode == "trickle-headers":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + \
                    b"a" * 100_000:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if self.server.release.wait(0.05):
                    break
            self.close_connection = True
            return
        if mode == "loop":  # redirects to itself, for ever
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode.startswith("status-"):
            self._send(int(mode[7:]), b"<html>unavailable</html>", "text/html")
        elif mode == "garbage":
            self._send(200, b"<html><body>Welcome to our captive portal</body></html>", "text/html")
        elif mode == "latin1":
            self._send(200, b"[\xff]", "application/json")
        elif mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'[{"paper": {"id": "2606.00467", "title": "Cut')
            self.close_connection = True
        elif mode == "stall":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"[")
            self.wfile.flush()
            self.server.release.wait(10)
        elif mode == "trickle":
            self.send_response(200)
            self.send_header("Content-Length", "200")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b" ")
                self.wfile.flush()
                if self.server.release.wait(0.05):
                    break
        elif mode == "ok" and rest == "api/daily_papers":
            day = query.get("date", [""])[0]
            body = DAYS[day].read_bytes() if day in DAYS else b"[]"
            self._send(200, body, "application/json; charset=utf-8")
        elif mode == "ok" and rest == "api/query":
            self._send(200, ATOM.read_bytes(), "application/atom+xml; charset=utf-8")
        else:
            self._send(404, b'{"error": "Not found"}', "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
