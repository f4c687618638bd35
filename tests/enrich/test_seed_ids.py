"""The built-in catalog ships with the arXiv ids public records establish (issue 16)."""

from __future__ import annotations

from reader.catalog.files import builtin_papers
from reader.model import is_arxiv_id, normalise_title
from reader.seed_ids import ids_path, read_ids, with_seed_ids


def rows():
    lines = ids_path().read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith(("#", "title\t"))]


def test_every_row_names_a_seed_paper_exactly_with_its_record():
    titles = {p.title for p in builtin_papers()}
    for title, arxiv_id, repo, path, commit, line, record, *_ in rows():
        assert title in titles
        assert is_arxiv_id(arxiv_id) and "/" in repo and path and len(commit) == 40
        assert int(line) > 0 and record


def test_ids_are_unique_and_titles_once():
    table = rows()
    assert len({r[1] for r in table}) == len(table) == len({normalise_title(r[0]) for r in table})


def test_seed_papers_with_an_established_id_open_their_abs_page():
    papers = builtin_papers()
    with_ids = [p for p in papers if p.arxiv_id]
    assert len(with_ids) == len(rows()) == 55
    sret = papers[0]
    assert sret.title == "Sliced Recursive Transformer"
    assert sret.arxiv_id == "2111.05297" and sret.id == "sliced-recursive-transformer"
    assert sret.page_url == "https://arxiv.org/abs/2111.05297"
    assert dict(sret.extra)["arxiv_id_from"].startswith("szq0214/SReT README.md@")
    assert sret.year == 2021  # the id's year, not the page's 2025


def test_a_damaged_row_gives_no_id(tmp_path):
    path = tmp_path / "ids.tsv"
    path.write_text("title\tarxiv_id\n"
                    "Sliced Recursive Transformer\tnot-an-id\tr/x\tREADME.md\t" + "0" * 40 + "\t1\n"
                    "Orchid\n", encoding="utf-8")
    assert read_ids(path) == {}
    papers = with_seed_ids(builtin_papers()[:1], path)
    assert papers[0].arxiv_id == "2111.05297"  # already set by the shipped file: kept


def test_a_missing_file_gives_no_ids(tmp_path):
    assert read_ids(tmp_path / "none.tsv") == {}
