from __future__ import annotations

import socket

import pytest

from tests.fulltext.server import PAGE, PaperServer
from tests.local_http import serving


@pytest.fixture
def papers(monkeypatch):
    """The local arXiv HTML server, with READER_ARXIV_HTML_URL / READER_AR5IV_URL on it."""
    with serving(PaperServer(), monkeypatch) as server:
        monkeypatch.setenv("READER_ARXIV_HTML_URL", server.url)
        monkeypatch.setenv("READER_AR5IV_URL", server.url + "/ar5iv")
        yield server


@pytest.fixture
def dead_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def page_html() -> str:
    return PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def document(page_html):
    from reader.fulltext.parse import parse_document

    return parse_document(page_html, "https://arxiv.org/html/2508.08468v6")
