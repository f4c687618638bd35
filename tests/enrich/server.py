"""A local HTTP server on 127.0.0.1 answering like the arXiv API and the HF papers API.

`/ok/api/query?search_query=ti:"…" OR …` answers in the real arXiv Atom format: the header
and the <entry> elements of the real feed tests/fixtures/arxiv_atom_cs_ai_lg.xml whose titles
contain one of the asked phrases (as arXiv's phrase search does), verbatim. `/dup/…` adds
a copy of each entry under another id (a hand-made ambiguity). `/busy/…` answers 503 with
`Retry-After: 0` to the first request of each query, then as /ok. `/ok/api/papers/ID`
answers tests/fixtures/hf_paper_handmade.json for its id, else 404.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from reader.model import normalise_title
from tests.conftest import FIXTURES

ATOM = (FIXTURES / "arxiv_atom_cs_ai_lg.xml").read_text(encoding="utf-8")
HEADER = ATOM[: ATOM.index("<entry>")]
ENTRIES = re.findall(r"<entry>.*?</entry>", ATOM, re.DOTALL)
HF_PAPER = FIXTURES / "hf_paper_handmade.json"
HF_ID = "2606.13392"


def _title(entry: str) -> str:
    return normalise_title(re.search(r"<title>(.*?)</title>", entry, re.DOTALL).group(1))


def answer(query: str, duplicate: bool) -> bytes:
    phrases = re.findall(r'ti:"([^"]*)"', query)
    found = [e for e in ENTRIES if any(f" {p} " in f" {_title(e)} " for p in phrases if p)]
    if duplicate:
        found += [re.sub(r"abs/(\d{4})\.\d", r"abs/\1.9", e, count=1) for e in found]
    return (HEADER + "".join(found) + "\n</feed>\n").encode("utf-8")


class EnrichServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.busy_seen: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: EnrichServer

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append(self.path)
        parts = urlsplit(self.path)
        mode, _, rest = parts.path.lstrip("/").partition("/")
        if mode == "busy" and parts.query not in self.server.busy_seen:
            self.server.busy_seen.add(parts.query)
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if rest == "api/query":
            query = parse_qs(parts.query).get("search_query", [""])[0]
            self._send(200, answer(query, mode == "dup"), "application/atom+xml; charset=utf-8")
        elif rest == f"api/papers/{HF_ID}":
            self._send(200, HF_PAPER.read_bytes(), "application/json; charset=utf-8")
        else:
            self._send(404, b'{"error": "Paper not found"}', "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start() -> tuple[EnrichServer, threading.Thread]:
    server = EnrichServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server, thread
