"""`reader export` end to end: the library, --starred, files, formats and -o."""

from __future__ import annotations

import json

import bibtexparser
import pytest

from reader import paths
from reader.cli import main
from reader.state import StateStore
from tests.conftest import FIXTURES

HF = FIXTURES / "hf_daily_papers_2026.json"


@pytest.fixture
def starred_two(capsys):
    """The HF day imported into the library, two of its papers starred."""
    assert main(["import", str(HF)]) == 0
    store = StateStore(paths.default_state_path())
    try:
        store.set_starred("2606.13392")
        store.set_starred("2606.12730")
        store.set_note("2606.13392", "Read the sparse kernel section.")
    finally:
        store.close()
    capsys.readouterr()


def test_starred_as_bibtex_to_a_file(starred_two, tmp_path, capsys):
    out = tmp_path / "starred.bib"
    assert main(["export", "--starred", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Exported 2 papers to {out} (bib).\n"
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert sorted(e.fields_dict["eprint"].value for e in library.entries) == ["2606.12730", "2606.13392"]


def test_everything_as_json_on_stdout_includes_the_library(starred_two, capsys):
    assert main(["export", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in records}
    assert {"2606.13392", "2606.00467"} <= ids
    (msa,) = [r for r in records if r["id"] == "2606.13392"]
    assert msa["starred"] is True and msa["note"] == "Read the sparse kernel section."
    assert msa["github_stars"] == 251


def test_files_choose_the_papers(capsys, tmp_path):
    out = tmp_path / "legacy.csv"
    assert main(["export", str(FIXTURES / "arxiv_atom_legacy_del_maestro.xml"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") == 11
    assert not paths.default_library_path().exists()


def test_markdown_is_the_default(starred_two, capsys):
    assert main(["export", "--starred"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Reading list\n\n2 papers.")
    assert "> Read the sparse kernel section." in text


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["export", "--format", "docx"], "invalid choice"),
        (["export", "-o", "/nonexistent-dir/x.md"], "does not exist"),
        (["export", str(FIXTURES / "README.md")], "not a file of papers"),
    ],
)
def test_bad_export_arguments_exit_2(argv, words, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.err.count("\n") == 1
