"""BibTeX of real papers whose sources used to be misread: a corporate author, a 2022 paper
listed in 2024 (issue 16)."""

from __future__ import annotations

import bibtexparser

from reader.commands.common import Entry
from reader.export import bibtex
from reader.sources import arxiv_atom, arxiv_rss
from reader.state import PaperState
from tests.conftest import FIXTURES


def entry_of(paper):
    return Entry(paper, PaperState())


def parsed(paper):
    library = bibtexparser.parse_string(bibtex.render([entry_of(paper)]))
    assert library.failed_blocks == []
    return library.entries[0]


def atom_paper(arxiv_id):
    path = FIXTURES / "arxiv_atom_cs_ai_lg.xml"
    papers = arxiv_atom.parse(path.read_text(encoding="utf-8"), source=str(path))
    return next(p for p in papers if p.arxiv_id == arxiv_id)


def test_a_corporate_author_is_braced_whole_and_names_the_key():
    paper = atom_paper("2607.09424")
    assert paper.authors[0] == "The Soofi-Team"
    entry = parsed(paper)
    assert entry.key == "soofiteam2026sovereign"
    assert entry["author"].startswith("{The Soofi-Team} and Benedikt Droste")
    assert " : " not in entry["author"]  # the feed's stray ' :' author is no name


def test_a_replacement_is_cited_with_the_papers_year_and_doi():
    path = FIXTURES / "arxiv_rss_spec_replace_cross.xml"
    (paper,) = arxiv_rss.parse(path.read_text(encoding="utf-8"), source=str(path))
    entry = parsed(paper)
    assert entry["year"] == "2022"
    assert entry.key == "monteil2022mass"
    assert entry["doi"] == "10.5802/jep.257"
    assert "polytechnique" in entry["note"]
