"""`reader links`: links one per line in page order, for pipes."""

from __future__ import annotations

import shutil
import subprocess
import sys

from reader.cli import main
from reader.state import StateStore
from tests.conftest import FIXTURES, SEED

OCT_3 = FIXTURES / "daily-papers-2025-10-03.txt"


def _links(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(["links", *argv])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _page_order_urls(seed_papers, kind: str) -> list[str]:
    return [link.url for p in seed_papers for link in p.links if kind in ("all", link.kind)]


def test_code_links_of_the_seed_in_page_order(capsys, seed_papers):
    code, lines, err = _links(capsys)
    assert (code, err) == (0, "")
    assert len(lines) == 28
    assert lines[:3] == [
        "https://github.com/szq0214/SReT",
        "https://github.com/whlzy/FiT",
        "https://github.com/modelscope/agentscope",
    ]
    assert lines == _page_order_urls(seed_papers, "code")
    assert lines == _links(capsys, "--kind", "code")[1]


def test_project_and_all_links_of_the_seed(capsys, seed_papers):
    _, project, _ = _links(capsys, "--kind", "project")
    assert project == _page_order_urls(seed_papers, "project")
    assert project[0] == "https://icip-cas.github.io/LiveMCPBench" and len(project) == 5
    _, every, _ = _links(capsys, "--kind", "all")
    assert every == _page_order_urls(seed_papers, "all") and len(every) == 36


def test_files_given_replace_the_seed(capsys):
    code, lines, _ = _links(capsys, str(OCT_3), "--kind", "all")
    assert code == 0
    assert lines == [
        "https://github.com/example-org/cafe-cache",
        "https://example-org.github.io/cafe-demo/",
        "https://en.wikipedia.org/wiki/Mole_(sauce)",
        "https://huggingface.co/example-org/recipe-retriever",
        "https://recipes.example.org/index.html",
    ]
    assert _links(capsys, str(OCT_3))[1] == [
        "https://github.com/example-org/cafe-cache",
        "https://huggingface.co/example-org/recipe-retriever",
    ]


def test_a_link_shared_by_two_files_is_printed_once(capsys, tmp_path):
    copy = tmp_path / OCT_3.name
    shutil.copy(OCT_3, copy)
    _, lines, _ = _links(capsys, str(OCT_3), str(copy))
    assert lines == [
        "https://github.com/example-org/cafe-cache",
        "https://huggingface.co/example-org/recipe-retriever",
    ]


def test_starred_only(capsys, tmp_path, by_title):
    db = tmp_path / "state.json"
    store = StateStore(db)
    fit = by_title("FiT")
    sret = by_title("Sliced Recursive Transformer")
    store.set_starred(fit.id)
    store.set_starred(sret.id)
    store.close()
    code, lines, _ = _links(capsys, "--starred", "--db", str(db))
    assert code == 0
    # page order, not the order they were starred in
    assert lines == [sret.primary_code_link.url, fit.primary_code_link.url]


def test_no_starred_papers_prints_nothing_and_says_so_on_stderr(capsys, tmp_path):
    code, lines, err = _links(capsys, "--starred", "--db", str(tmp_path / "state.json"))
    assert (code, lines) == (0, [])
    assert err == "reader: no code links among the 0 starred papers.\n"


def test_bad_kind_is_a_usage_error(capsys):
    assert main(["links", "--kind", "repo"]) == 2
    assert "invalid choice: 'repo'" in capsys.readouterr().err


def test_missing_file_is_one_sentence_and_exit_2(capsys, tmp_path):
    code, lines, err = _links(capsys, str(tmp_path / "nope.txt"))
    assert (code, lines) == (2, [])
    assert err.startswith("reader: ") and err.count("\n") == 1 and "does not exist" in err


def test_output_feeds_a_pipe(tmp_path):
    pipeline = subprocess.run(
        f'"{sys.executable}" -m reader links "{SEED}" | xargs -n1 echo got',
        shell=True, capture_output=True, text=True, timeout=60, check=True,
    )
    got = pipeline.stdout.splitlines()
    assert len(got) == 28 and got[0] == "got https://github.com/szq0214/SReT"
