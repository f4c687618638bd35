"""`reader enrich` against a local server answering in the real arXiv Atom format (issue 16):
exact titles only, ambiguous and unmatched left alone and listed, polite, idempotent,
offline in one sentence, the user's state untouched."""

from __future__ import annotations

import json

import pytest

from reader import paths
from reader.cli import main
from reader.enrich.enrich import _hf_paper, fill_from_hf
from reader.enrich.match import title_query
from reader.enrich.polite import PoliteClient, retry_after
from reader.library import Library
from reader.model import Paper
from reader.sources import arxiv_atom
from reader.state import StateStore
from tests.conftest import FIXTURES
from tests.enrich import server as enrich_server

ATOM = FIXTURES / "arxiv_atom_cs_ai_lg.xml"
PROOF, SOVEREIGN = "2607.09474", "2607.09424"


@pytest.fixture
def api(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server, thread = enrich_server.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def feed_paper(arxiv_id):
    papers = arxiv_atom.parse(ATOM.read_text(encoding="utf-8"), source=str(ATOM))
    return next(p for p in papers if p.arxiv_id == arxiv_id)


@pytest.fixture
def page(tmp_path, capsys):
    """A Daily Papers page (as copied from a browser: no ids, no authors) of two papers of the
    real feed, and one whose title only begins like a feed paper's; imported."""
    proof, sovereign = feed_paper(PROOF), feed_paper(SOVEREIGN)
    body = [proof.title, proof.abstract.replace("\n", " "),
            sovereign.title, sovereign.abstract.replace("\n", " "),
            "ProofCouncil: An LLM Agent", "A near title: the feed has a longer one, so no match."]
    text = "Daily Papers\n\nJul 13\n\n" + "\n\n".join(body) + "\n"
    path = tmp_path / "daily-papers-2026-07-13.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    return path


def enrich(api, capsys, mode="ok", *extra):
    code = main(["enrich", "--arxiv-url", f"{api.url}/{mode}", "--hf-url", f"{api.url}/{mode}",
                 "--pause", "0", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def by_title(title):
    return next(p for p in Library().papers() if p.title == title)


def test_exact_titles_get_their_id_and_details_and_keep_their_own(api, page, capsys):
    store = StateStore(paths.default_state_path())
    try:
        store.set_starred("proofcouncil-an-llm-agent-for-solving-open-mathematical-problems")
        store.set_note("proofcouncil-an-llm-agent-for-solving-open-mathematical-problems", "mine")
    finally:
        store.close()
    code, out, err = enrich(api, capsys)
    assert code == 0 and err == ""
    assert "Enriched 2 of " in out
    assert "no exact match, left alone: ProofCouncil: An LLM Agent\n" in out
    proof = by_title(feed_paper(PROOF).title)
    assert proof.arxiv_id == PROOF and proof.id.startswith("proofcouncil-an-llm-agent-for")
    assert proof.authors == feed_paper(PROOF).authors
    assert proof.version == "v1" and proof.published.isoformat() == "2026-07-10"
    assert proof.pdf_url == "https://arxiv.org/pdf/2607.09474v1"
    assert proof.primary_code_link.url == "https://github.com/eth-sri/proof-council"
    assert proof.collection == "daily-2026-07-13" and proof.abstract == feed_paper(PROOF).abstract
    assert by_title("ProofCouncil: An LLM Agent").arxiv_id is None
    store = StateStore(paths.default_state_path())
    try:
        state = store.all()["proofcouncil-an-llm-agent-for-solving-open-mathematical-problems"]
    finally:
        store.close()
    assert state.starred and state.note == "mine"


def test_titles_are_asked_in_batches(api, page, capsys):
    enrich(api, capsys)
    queries = [r for r in api.requests if "/api/query" in r]
    # the page's 3 papers and the 40 seed papers without an id, 10 titles a request
    assert len(queries) == 5
    papers = [r for r in api.requests if "/api/papers/" in r]
    assert sorted(papers) == sorted(f"/ok/api/papers/{i}" for i in (PROOF, SOVEREIGN))


def test_a_second_run_changes_nothing(api, page, capsys):
    enrich(api, capsys)
    before = paths.default_library_path().read_bytes()
    code, out, _ = enrich(api, capsys)
    assert code == 0 and "Enriched 0 of" in out
    assert paths.default_library_path().read_bytes() == before


def test_an_ambiguous_title_is_left_alone_and_listed(api, page, capsys):
    code, out, _ = enrich(api, capsys, "dup")
    assert code == 0 and "Enriched 0 of" in out
    assert f"ambiguous, left alone: {feed_paper(PROOF).title} (arXiv {PROOF}, 2607.99474)" in out
    assert by_title(feed_paper(PROOF).title).arxiv_id is None


def test_retry_after_is_honoured(api, page, capsys):
    code, out, _ = enrich(api, capsys, "busy")
    assert code == 0 and "Enriched 2 of" in out
    queries = [r for r in api.requests if "/api/query" in r]
    assert len(queries) == 10  # each asked twice: once told to wait, once answered


def test_offline_is_one_sentence_and_writes_nothing(page, capsys, tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    before = paths.default_library_path().read_bytes()
    code = main(["enrich", "--arxiv-url", dead, "--no-hf", "--pause", "0"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("reader: Cannot reach 127.0.0.1") and err.count("\n") == 1
    assert "Traceback" not in err
    assert paths.default_library_path().read_bytes() == before


def test_query_chooses_the_papers(api, page, capsys):
    code, out, _ = enrich(api, capsys, "ok", "--query", "title:sovereign")
    assert code == 0 and "Enriched 1 of 1 papers" in out
    assert by_title(feed_paper(SOVEREIGN).title).arxiv_id == SOVEREIGN
    assert by_title(feed_paper(PROOF).title).arxiv_id is None


def test_a_bad_query_is_one_sentence(capsys):
    assert main(["enrich", "--query", "title:(", "--pause", "0"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_pause_is_kept_between_requests(api):
    slept = []
    client = PoliteClient(timeout=5, pause=3.0, sleep=slept.append)
    for _ in range(3):
        client.get(f"{api.url}/ok/api/query?search_query=" + title_query(["x"]))
    assert len(slept) == 2 and all(s > 2.5 for s in slept)


def test_retry_after_values():
    assert retry_after("7", 3.0) == 7.0
    assert retry_after("100000", 3.0) == 60.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 3.0) == 3.0
    assert retry_after(None, 3.0) == 3.0


def test_hf_fills_upvotes_and_stars(api):
    client = PoliteClient(timeout=5, pause=0)
    hf = _hf_paper(client, f"{api.url}/ok", "2606.13392")
    paper = Paper(id="minimax-sparse-attention", title="MiniMax Sparse Attention", abstract="a",
                  arxiv_id="2606.13392")
    filled = fill_from_hf(paper, hf)
    raw = json.loads((FIXTURES / "hf_paper_handmade.json").read_text(encoding="utf-8"))
    assert (filled.upvotes, filled.github_stars) == (raw["upvotes"], raw["githubStars"])
    assert _hf_paper(client, f"{api.url}/ok", "2607.09474") is None  # 404: nothing to add
