"""The user's library: merging re-imports, keeping ids, atomic and corrupt files."""

from __future__ import annotations

import json
import os
import threading

import pytest

from reader import paths
from reader.catalog.files import parse_file
from reader.errors import ReaderError
from reader.library import (
    ImportResult,
    Library,
    collections,
    load_library,
    merge_papers,
    paper_from_record,
    paper_to_record,
)
from reader.model import Link, Paper
from tests.conftest import FIXTURES
from tests.sources.sentences import one_sentence

HF = FIXTURES / "hf_daily_papers_2026.json"
PAGE = FIXTURES / "daily-papers-2026-06-12.txt"
SINGLE = FIXTURES / "hf_paper_handmade.json"
ATOM = FIXTURES / "arxiv_atom_legacy_del_maestro.xml"


@pytest.fixture
def library(tmp_path):
    return Library(tmp_path / "library.json")


def test_no_file_is_an_empty_library(library):
    assert library.papers() == []
    assert load_library() == []
    assert not paths.default_library_path().exists()


def test_default_path_is_the_data_dirs(isolated_dirs):
    Library().add(parse_file(PAGE))
    assert paths.default_library_path().is_file()
    assert str(paths.default_library_path()).startswith(str(isolated_dirs))
    assert len(load_library()) == 2


def test_add_then_read_back_from_disk_in_order(library):
    papers = parse_file(HF)
    assert library.add(papers) == ImportResult(added=30, updated=0, unchanged=0)
    again = Library(library.path).papers()
    assert again == papers
    assert [dict(p.extra) for p in again] == [dict(p.extra) for p in papers]


def test_reimport_is_idempotent_and_writes_nothing(library):
    library.add(parse_file(HF))
    before = library.path.stat().st_mtime_ns, library.path.read_bytes()
    result = Library(library.path).add(parse_file(HF))
    assert result == ImportResult(added=0, updated=0, unchanged=30)
    assert (library.path.stat().st_mtime_ns, library.path.read_bytes()) == before


def test_api_data_merges_into_papers_first_seen_in_a_page_dump(library):
    page = parse_file(PAGE)
    assert [p.arxiv_id for p in page] == [None, None]
    slug_ids = [p.id for p in page]
    library.add(page)
    result = library.add(parse_file(HF))
    assert result == ImportResult(added=28, updated=2, unchanged=0)
    papers = library.papers()
    assert len(papers) == 30
    # The first two are still the page's papers, under their original ids (state stays attached).
    msa = papers[1]
    assert msa.id == slug_ids[1] == "minimax-sparse-attention"
    assert msa.arxiv_id == "2606.13392"
    assert (msa.upvotes, msa.github_stars, msa.comments) == (103, 251, 4)
    assert msa.primary_code_link == Link("https://github.com/MiniMax-AI/MSA", "code")
    assert "sparse-attention" in msa.tags
    assert len(msa.authors) == 11
    assert msa.page_url == "https://arxiv.org/abs/2606.13392"


def test_later_answers_refresh_counts_merge_links_and_union_tags(library):
    library.add(parse_file(PAGE))
    library.add(parse_file(HF))
    result = library.add(parse_file(SINGLE))
    assert result == ImportResult(added=0, updated=1, unchanged=0)
    msa = next(p for p in library.papers() if p.arxiv_id == "2606.13392")
    assert msa.id == "minimax-sparse-attention"
    assert (msa.upvotes, msa.github_stars) == (120, 300)
    assert msa.comments == 4  # the paper object has no comment count: the old one stays
    assert Link("https://minimax-ai.github.io/msa/", "project") in msa.links
    assert [link.url for link in msa.links].count("https://github.com/MiniMax-AI/MSA") == 1
    assert msa.tags[:3] == ("sparse-attention", "grouped-query-attention", "top-k-selection")
    assert "long-context" in msa.tags
    assert msa.collection == "daily-2026-06-12"


def test_same_title_with_different_arxiv_ids_stays_two_papers():
    a = Paper(id="2601.00001", title="Introduction", abstract="one", arxiv_id="2601.00001")
    b = Paper(id="2601.00002", title="Introduction", abstract="two", arxiv_id="2601.00002")
    merged, result = merge_papers([a], [b])
    assert [p.id for p in merged] == ["2601.00001", "2601.00002"]
    assert result.added == 1


def test_collection_and_date_stay_with_the_first_import(library):
    library.add(parse_file(HF))
    moved = [p.with_changes(collection="arxiv-cs.LG-2026-06-20") for p in parse_file(HF)[:2]]
    assert library.add(moved) == ImportResult(0, 2, 0)  # the later listing is added (issue 16)
    assert {p.collection for p in library.papers()} == {"daily-2026-06-12"}
    assert [p.also_in for p in library.papers()[:3]] == [("arxiv-cs.LG-2026-06-20",)] * 2 + [()]


def test_duplicates_within_one_import_count_once(library):
    papers = parse_file(HF)
    assert library.add(papers + papers[:5]) == ImportResult(added=30, updated=0, unchanged=0)
    assert len(library.papers()) == 30


def test_add_rereads_the_file_so_another_writer_is_not_lost(library, tmp_path):
    other = Library(library.path)
    library.papers()  # cached, empty
    other.add(parse_file(PAGE))
    library.add(parse_file(ATOM))
    assert len(Library(library.path).papers()) == 12


def test_concurrent_adds_lose_nothing(library):
    papers = parse_file(HF) + parse_file(ATOM)
    batches = [papers[i::8] for i in range(8)]
    threads = [threading.Thread(target=Library(library.path).add, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(p.id for p in Library(library.path).papers()) == sorted(p.id for p in papers)


def test_written_atomically_with_no_temp_files_left(library):
    library.add(parse_file(HF))
    assert sorted(os.listdir(library.path.parent)) == [".library.json.lock", "library.json"]
    document = json.loads(library.path.read_text(encoding="utf-8"))
    assert document["format"] == "paper-reader-library" and document["version"] == 1
    assert len(document["papers"]) == 30


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "paper-reader-library", "version": 1, "papers": [{"id": "x", "tit',
        b"\x00\x01binary",
        b'{"format": "something-else", "papers": []}',
        b'{"format": "paper-reader-library", "version": 1, "papers": [{"id": 3, "title": "t"}]}',
        b'{"format": "paper-reader-library", "version": 1, "papers": [{"id": "a", "title": "t", "upvotes": "9"}]}',
        b"\xff\xfe not utf-8",
    ],
)
def test_corrupt_file_is_moved_aside_with_one_sentence(library, content):
    library.path.write_bytes(content)
    with pytest.raises(ReaderError) as caught:
        library.papers()
    moved = [p for p in library.path.parent.iterdir() if p.name.startswith("library.json.corrupt-")]
    assert len(moved) == 1 and moved[0].read_bytes() == content
    one_sentence(str(caught.value), str(library.path), str(moved[0]))
    assert not library.path.exists()
    assert Library(library.path).papers() == []


def test_two_corrupt_files_in_one_second_both_kept(library):
    for content in (b"{", b"["):
        library.path.write_bytes(content)
        with pytest.raises(ReaderError):
            Library(library.path).papers()
    assert len(list(library.path.parent.glob("library.json.corrupt-*"))) == 2


def test_a_library_folder_that_cannot_be_made_is_one_sentence(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ReaderError) as caught:
        Library(tmp_path / "file" / "library.json").add(parse_file(PAGE))
    one_sentence(str(caught.value), "Cannot write the library")


def test_newer_format_is_refused_but_left_alone(library):
    library.path.write_text('{"format": "paper-reader-library", "version": 99, "papers": []}')
    with pytest.raises(ReaderError, match="newer version"):
        library.papers()
    assert library.path.exists()


def test_record_round_trip_keeps_every_field():
    (paper,) = [p for p in parse_file(ATOM) if p.arxiv_id == "cond-mat/0412498"]
    paper = paper.with_changes(upvotes=0, github_stars=5, comments=1, tags=("x",))
    again = paper_from_record(json.loads(json.dumps(paper_to_record(paper))))
    assert again == paper and again.extra == paper.extra


def test_collections_newest_day_first():
    def p(i, collection):
        return Paper(id=str(i), title=f"t{i}", abstract="", collection=collection)

    papers = [p(1, "daily-2025-09-25"), p(2, "import-notes"), p(3, "arxiv-cs.LG-2026-04-27"),
              p(4, "daily-2026-04-27"), p(5, "daily-2025-09-25")]
    assert collections(papers) == [
        ("arxiv-cs.LG-2026-04-27", 1), ("daily-2026-04-27", 1), ("daily-2025-09-25", 2),
        ("import-notes", 1),
    ]
