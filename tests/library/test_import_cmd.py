"""`reader import FILE...`: every format, idempotent, all-or-nothing on a bad file."""

from __future__ import annotations

import json

import pytest

from reader import paths
from reader.cli import main
from reader.library import load_library
from reader.state import StateStore
from tests.conftest import FIXTURES
from tests.sources.sentences import one_sentence

ALL = [
    FIXTURES / "hf_daily_papers_2026.json",
    FIXTURES / "hf_daily_papers_2024_handmade.json",
    FIXTURES / "arxiv_atom_cs_ai_lg.xml",
    FIXTURES / "arxiv_atom_legacy_del_maestro.xml",
    FIXTURES / "arxiv_rss_cs_lg.xml",
    FIXTURES / "arxiv_rss_weekend_handmade.xml",
    FIXTURES / "daily-papers-2025-10-03.txt",
]


def test_import_every_format_at_once(capsys):
    assert main(["import", *map(str, ALL)]) == 0
    out = capsys.readouterr().out
    # 30 + 3 + 50 + 10 + 3 + 0 + 3 papers, all distinct.
    assert f"Imported 99 papers from 7 files into {paths.default_library_path()}: 99 new" in out
    assert len(load_library()) == 99


def test_reimport_changes_nothing(capsys):
    assert main(["import", *map(str, ALL)]) == 0
    before = paths.default_library_path().read_bytes()
    assert main(["import", *map(str, ALL)]) == 0
    assert "0 new, 0 updated, 99 unchanged." in capsys.readouterr().out
    assert paths.default_library_path().read_bytes() == before


def test_state_stays_attached_when_a_page_paper_gets_its_arxiv_id(capsys):
    page = FIXTURES / "daily-papers-2026-06-12.txt"
    assert main(["import", str(page)]) == 0
    store = StateStore(paths.default_state_path())
    try:
        store.set_starred("minimax-sparse-attention")
    finally:
        store.close()
    assert main(["import", str(FIXTURES / "hf_daily_papers_2026.json")]) == 0
    assert "28 new, 2 updated, 0 unchanged." in capsys.readouterr().out
    assert main(["list", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    (msa,) = [r for r in records if r["arxiv_id"] == "2606.13392"]
    assert msa["id"] == "minimax-sparse-attention"
    assert msa["starred"] is True and msa["github_stars"] == 251


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b"\x7fELF\x00\x00binary"), "binary"),
        (lambda p: p.write_text('[{"paper": {"id": "2606.00467", "title": "Cut'), "truncated"),
        (lambda p: p.write_text("just some notes\nnothing else\n"), "not a file of papers"),
        (lambda p: p.write_text(""), "empty"),
        (lambda p: p.write_text((FIXTURES / "arxiv_atom_cs_ai_lg.xml").read_text()[:3000]), "truncated"),
    ],
)
def test_one_bad_file_imports_nothing_and_exits_2(tmp_path, capsys, make, words):
    bad = tmp_path / "bad.json"
    make(bad)
    assert main(["import", str(FIXTURES / "hf_daily_papers_2026.json"), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("reader: ")
    one_sentence(captured.err.removeprefix("reader: "), str(bad), words)
    assert not paths.default_library_path().exists()


def test_missing_file_exits_2(capsys, tmp_path):
    assert main(["import", str(tmp_path / "nope.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_no_files_is_a_usage_error(capsys):
    assert main(["import"]) == 2
    assert "FILE" in capsys.readouterr().err


def test_a_corrupt_library_is_moved_aside_and_named(capsys):
    library = paths.default_library_path()
    library.parent.mkdir(parents=True, exist_ok=True)
    library.write_text("{not json", encoding="utf-8")
    assert main(["import", str(FIXTURES / "arxiv_rss_cs_lg.xml")]) == 2
    err = capsys.readouterr().err
    moved = list(library.parent.glob("library.json.corrupt-*"))
    assert len(moved) == 1 and str(moved[0]) in err
    # The next import starts a new library.
    assert main(["import", str(FIXTURES / "arxiv_rss_cs_lg.xml")]) == 0
    assert len(load_library()) == 3
