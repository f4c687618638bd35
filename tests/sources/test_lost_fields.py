"""Fields the real payloads carry that the reader used to drop (issue 16): DOI, licence,
journal reference, the paper's own year, comment links, the PDF, the version, every AI
keyword, and paragraph breaks in abstracts."""

from __future__ import annotations

import datetime as dt

from reader.model import Link
from reader.sources import arxiv_atom, arxiv_rss, hf_api
from tests.conftest import FIXTURES

RSS_SPEC = FIXTURES / "arxiv_rss_spec_replace_cross.xml"
RSS_NEW = FIXTURES / "arxiv_rss_cs_lg.xml"
ATOM = FIXTURES / "arxiv_atom_cs_ai_lg.xml"
LEGACY = FIXTURES / "arxiv_atom_legacy_del_maestro.xml"
HF = FIXTURES / "hf_daily_papers_2026.json"


def parse(module, path):
    return module.parse(path.read_text(encoding="utf-8"), source=str(path))


def by_id(papers, arxiv_id):
    return next(p for p in papers if p.arxiv_id == arxiv_id)


def test_rss_reads_the_doi_the_licence_and_the_journal_reference():
    (paper,) = parse(arxiv_rss, RSS_SPEC)
    facts = dict(paper.extra)
    assert facts["doi"] == "10.5802/jep.257"
    assert Link("https://doi.org/10.5802/jep.257", "other") in paper.links
    assert facts["license"] == "http://creativecommons.org/licenses/by/4.0/"
    assert facts["journal_ref"].startswith("Journal de l'\\'Ecole polytechnique")
    assert facts["announce_type"] == "replace-cross" and paper.version == "v3"


def test_rss_licence_of_a_new_paper_is_kept():
    papers = parse(arxiv_rss, RSS_NEW)
    assert dict(papers[0].extra)["license"] == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"


def test_a_replacement_keeps_its_listing_day_but_its_year_is_the_papers():
    (paper,) = parse(arxiv_rss, RSS_SPEC)
    assert paper.date == dt.date(2024, 8, 23)  # the day it was listed
    assert paper.published is None  # the feed does not say
    assert paper.year == 2022  # the year of the month its id was given


def test_atom_comment_urls_become_links():
    paper = by_id(parse(arxiv_atom, ATOM), "2607.09474")
    assert Link("https://github.com/eth-sri/proof-council", "code") in paper.links
    assert paper.primary_code_link.url == "https://github.com/eth-sri/proof-council"


def test_atom_keeps_the_pdf_and_the_versioned_page():
    paper = parse(arxiv_atom, ATOM)[0]
    assert paper.pdf_url == "https://arxiv.org/pdf/2607.09662v1"
    assert dict(paper.extra)["pdf"] == "https://arxiv.org/pdf/2607.09662v1"
    assert paper.version_url == "https://arxiv.org/abs/2607.09662v1"
    assert paper.page_url == "https://arxiv.org/abs/2607.09662"


def test_legacy_ids_give_their_year():
    paper = by_id(parse(arxiv_atom, LEGACY), "cond-mat/0412498")
    assert paper.year == 2004
    assert paper.with_changes(extra=()).year == 2004  # from the id alone


def test_atom_paragraph_breaks_are_kept():
    paper = by_id(parse(arxiv_atom, ATOM), "2607.09560")
    first, second = paper.abstract.split("\n\n")
    assert first.startswith("Modern AI systems are increasingly")
    assert second.startswith("We characterize the distance between current AI systems")
    assert "\n" not in first and "\n" not in second


def test_legacy_hard_wraps_are_not_paragraphs():
    for paper in parse(arxiv_atom, LEGACY):
        assert "\n" not in paper.abstract


def test_hf_paragraph_breaks_are_kept_and_every_keyword_too():
    paper = by_id(parse(hf_api, HF), "2606.09446")
    assert paper.abstract.count("\n\n") == 2
    assert "\n\nOur contributions are twofo" in paper.abstract
    keywords = dict(paper.extra)["ai_keywords"].split("; ")
    assert len(keywords) == 6 and keywords[-1] == "character bounding box prediction"
    assert len(paper.tags) == 3
