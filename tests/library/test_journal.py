"""The library's journal: an import appends the papers it changed or added instead of
rewriting the file; a killed append loses only itself; the file is written whole again when
the journal has grown to a quarter of it."""

from __future__ import annotations

import json

import pytest

from reader import library as library_module
from reader.catalog.files import parse_file
from reader.errors import ReaderError
from reader.library import Library
from tests.conftest import FIXTURES

HF = FIXTURES / "hf_daily_papers_2026.json"
ATOM = FIXTURES / "arxiv_atom_cs_ai_lg.xml"


@pytest.fixture
def library(tmp_path):
    return Library(tmp_path / "library.json")


def file_papers(library: Library) -> int:
    return len(json.loads(library.path.read_text(encoding="utf-8"))["papers"])


def test_a_second_import_goes_to_the_journal(library):
    library.add(parse_file(HF))  # the first: the file written whole
    assert file_papers(library) == 30 and library.journal.size() == 0
    before = library.path.read_bytes()
    result = library.add(parse_file(ATOM))
    assert result.added == 50
    assert library.path.read_bytes() == before  # not rewritten
    assert library.journal.size() > 0
    again = Library(library.path).papers()
    assert len(again) == 80
    assert [p.id for p in again] == [p.id for p in library.papers()]


def test_a_changed_paper_is_replayed_in_its_place(library):
    papers = parse_file(HF)
    library.add(papers)
    library.add([papers[4].with_changes(upvotes=4242)])
    again = Library(library.path).papers()
    assert again[4].upvotes == 4242 and again[4].id == papers[4].id and len(again) == 30


def test_a_killed_append_loses_only_itself(library):
    papers = parse_file(HF)
    library.add(papers[:10])
    library.add(papers[10:20])
    with open(library.journal.path, "ab") as handle:
        handle.write(b'0badc0de {"at": 20, "paper": {"id": "x", "ti')  # no newline: cut short
    assert len(Library(library.path).papers()) == 20
    Library(library.path).add(papers[20:])  # the next append cuts the torn line off
    assert len(Library(library.path).papers()) == 30


def test_a_journal_of_an_older_file_is_ignored(library):
    papers = parse_file(HF)
    library.add(papers[:10])
    library.add(papers[10:20])
    stale = library.journal.path.read_bytes()
    library._write(Library(library.path).papers())  # written whole: a new generation
    library.journal.path.write_bytes(stale)  # as if removing the journal had failed
    assert len(Library(library.path).papers()) == 20


def test_a_damaged_line_is_one_sentence_and_moved_aside(library):
    papers = parse_file(HF)
    library.add(papers[:10])
    library.add(papers[10:20])
    data = bytearray(library.journal.path.read_bytes())
    data[-20] ^= 0x01  # a complete line whose checksum fails
    library.journal.path.write_bytes(bytes(data))
    with pytest.raises(ReaderError) as caught:
        Library(library.path).papers()
    assert "damaged" in str(caught.value) and "moved to" in str(caught.value)
    assert not library.journal.path.exists()
    assert len(Library(library.path).papers()) == 10  # the file's papers are all there


def test_the_journal_is_folded_in_when_it_reaches_a_quarter(library, monkeypatch):
    papers = parse_file(HF)
    library.add(papers[:10])
    monkeypatch.setattr(library_module, "COMPACT_AT", 0.0)
    library.add(papers[10:12])  # journal (empty) > 0 x file: not yet
    assert library.journal.size() > 0
    library.add(papers[12:14])
    assert library.journal.size() == 0 and file_papers(library) == 14
    assert len(Library(library.path).papers()) == 14


def test_a_library_from_before_journals_is_written_whole_once(library):
    papers = parse_file(HF)
    records = [library_module.paper_to_record(p) for p in papers[:5]]
    library.path.write_text(json.dumps({"format": "paper-reader-library", "version": 1,
                                        "papers": records}), encoding="utf-8")
    assert Library(library.path).generation() is None
    library.add(papers[5:8])
    assert Library(library.path).generation() is not None
    assert file_papers(library) == 8 and library.journal.size() == 0
