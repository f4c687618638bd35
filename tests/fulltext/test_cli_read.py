"""`reader read` and `reader prefetch --starred` against the local server."""

from __future__ import annotations

import pytest

from reader import paths
from reader.cli import main
from reader.state import StateStore
from tests.conftest import FIXTURES

HF = FIXTURES / "hf_daily_papers_2026.json"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_read_prints_the_paper_as_text(papers, capsys):
    code, out, err = run(capsys, "read", "2508.08468v6", "--width", "80")
    assert (code, err) == (0, "")
    assert out.startswith("Audio-Visual Speech Enhancement: Architectural Design")
    assert "\nI Introduction\n" in out and "\nReferences\n" in out
    assert "[4] European Telecommunications Standards Institute" in out
    assert max(len(line) for line in out.splitlines() if line.isascii()) <= 80


def test_read_markdown(papers, capsys):
    code, out, _ = run(capsys, "read", "arXiv:2508.08468v6", "--format", "md")
    assert code == 0
    assert out.startswith("# Audio-Visual Speech Enhancement")
    assert r"$$\mathbf{z}_{t}^{(v)}=\mathcal{E}_{v}(\mathbf{v}_{t}).$$ (5)" in out


def test_second_read_works_with_the_network_gone(papers, capsys, monkeypatch, dead_url):
    assert run(capsys, "read", "2508.08468v6")[0] == 0
    monkeypatch.setenv("READER_ARXIV_HTML_URL", dead_url)
    monkeypatch.setenv("READER_AR5IV_URL", dead_url)
    code, out, err = run(capsys, "read", "2508.08468")
    assert (code, err) == (0, "")
    assert "Audio-Visual" in out
    code, out, err = run(capsys, "read", "2508.08468", "--refresh")
    assert code == 1 and out == "" and err.count("\n") == 1 and "connection refused" in err


def test_read_a_url_of_a_local_copy(papers, capsys):
    code, out, _ = run(capsys, "read", papers.url + "/html/2508.08468v6")
    assert code == 0 and "Audio-Visual" in out


@pytest.mark.parametrize(("argument", "words"), [
    ("2401.00001", "no HTML version of 2401.00001"),
    ("{url}/portal/html/x", "is not an arXiv HTML (LaTeXML) paper"),
    ("{url}/truncated/html/2508.08468", "broke off after"),
    ("{url}/status-500/html/x", "has no page at"),
])
def test_read_failures_are_one_line(papers, capsys, argument, words):
    code, out, err = run(capsys, "read", argument.format(url=papers.url))
    assert code == 1 and out == ""
    assert err.startswith("reader: ") and err.count("\n") == 1 and words in err


def test_read_bad_argument(capsys):
    code, out, err = run(capsys, "read", "not-a-paper")
    assert code == 2 and out == "" and "neither an arXiv id" in err and err.count("\n") == 1


def test_prefetch_starred(papers, capsys):
    store = StateStore(paths.default_state_path())
    try:
        for paper_id in ("2606.12730", "2606.13392", "2606.00467"):
            store.set_starred(paper_id)
    finally:
        store.close()
    papers.known = {"2606.12730", "2606.13392"}
    code, out, err = run(capsys, "prefetch", "--starred", "--pause", "0", str(HF))
    assert code == 1
    assert "3 starred papers: 2 fetched, 0 already cached, 1 failed" in out
    assert "2606.00467" in err and "no HTML version" in err
    code, out, _ = run(capsys, "prefetch", "--starred", "--pause", "0", str(HF))
    assert "2 already cached" in out
    assert sorted(papers.requests).count("/html/2606.12730") == 1


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_terminal():
    from reader.commands.prefetch_cmd import Bar

    terminal, pipe = _Stream(True), _Stream(False)
    for stream in (terminal, pipe):
        bar = Bar(4, stream)
        bar.show(2, "2606.12730")
        bar.end()
    assert "[" + "#" * 15 + "-" * 15 + "] 2/4 2606.12730" in terminal.text
    assert pipe.text == ""
