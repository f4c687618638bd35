"""The arXiv API's Atom feed, current (2026) and legacy (2016) formats, from real responses."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.errors import SourceError
from reader.model import Link
from reader.sources import arxiv_atom, detect
from tests.conftest import FIXTURES
from tests.sources.sentences import one_sentence

CURRENT = FIXTURES / "arxiv_atom_cs_ai_lg.xml"
LEGACY = FIXTURES / "arxiv_atom_legacy_del_maestro.xml"


def parse(path):
    return arxiv_atom.parse(path.read_text(encoding="utf-8"), source=str(path))


def test_current_feed_has_fifty_papers_with_versionless_ids():
    papers = parse(CURRENT)
    assert len(papers) == 50
    first = papers[0]
    assert first.id == first.arxiv_id == "2607.09662"
    assert dict(first.extra)["version"] == "v1"
    assert first.title.startswith("PHINN-EEG: Topological Time-Series Analysis")
    assert first.authors == ("Ren Takahashi", "Emre Yusuf", "Jayabrata Bhaduri")
    assert first.date == dt.date(2026, 7, 10)
    assert dict(first.extra)["primary_category"] == "q-bio.NC"
    assert dict(first.extra)["categories"].split() == ["q-bio.NC", "cs.AI", "cs.LG", "eess.SP", "math.AT"]


def test_the_query_and_day_name_the_collection():
    assert {p.collection for p in parse(CURRENT)} == {"arxiv-cat-cs-ai-or-cat-cs-lg-2026-07-13"}
    assert {p.collection for p in parse(LEGACY)} == {"arxiv-au-del-maestro-2016-10-09"}


def test_collection_can_be_given():
    text = CURRENT.read_text(encoding="utf-8")
    papers = arxiv_atom.parse(text, source="x", collection="arxiv-cs.LG-2026-07-14")
    assert {p.collection for p in papers} == {"arxiv-cs.LG-2026-07-14"}


def test_legacy_feed_old_style_ids_doi_and_journal_ref():
    papers = parse(LEGACY)
    assert len(papers) == 10
    assert [p.id for p in papers[:3]] == ["1201.4869", "cond-mat/0412498", "cond-mat/0603029"]
    melting = papers[1]
    assert melting.arxiv_id == "cond-mat/0412498"
    assert melting.authors == ("Adrian Del Maestro", "Subir Sachdev")
    assert melting.links == (Link("https://doi.org/10.1103/PhysRevB.71.184511", "other"),)
    extra = dict(melting.extra)
    assert extra["doi"] == "10.1103/PhysRevB.71.184511"
    assert extra["journal_ref"] == "Physical Review B 71, 184511 (2005)"
    assert extra["comment"] == "12 pages, 5 figures"
    assert melting.page_url == "https://arxiv.org/abs/cond-mat/0412498"


def test_wrapped_titles_and_abstracts_become_one_line():
    stripe = parse(LEGACY)[2]
    assert stripe.title == (
        "From stripe to checkerboard order on the square lattice in the presence of quenched disorder"
    )
    assert "\n" not in stripe.abstract and "  " not in stripe.abstract
    assert stripe.abstract.startswith("We discuss the effects of quenched disorder")


def test_entities_in_abstracts_are_decoded():
    assert '(p >= 3, integer)' in parse(LEGACY)[1].abstract


def test_empty_result_is_no_papers():
    text = CURRENT.read_text(encoding="utf-8")
    empty = text[: text.index("<entry>")] + "</feed>\n"
    assert arxiv_atom.parse(empty, source="none.xml") == []


def test_api_error_entry_is_a_source_error():
    error_feed = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>arXiv Query: search_query=&amp;id_list=1234</title>"
        "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>"
        "<title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>"
    )
    with pytest.raises(SourceError) as caught:
        arxiv_atom.parse(error_feed, source="err.xml")
    one_sentence(str(caught.value), "err.xml", "incorrect id format for 1234")


def test_detection():
    assert detect(CURRENT.read_text(encoding="utf-8")) is arxiv_atom
    assert detect(LEGACY.read_text(encoding="utf-8")) is arxiv_atom
    assert not arxiv_atom.looks_like('<feed xmlns="http://www.w3.org/2005/Atom"><title>blog</title>')


def test_truncated_feed_is_one_sentence():
    text = CURRENT.read_text(encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        arxiv_atom.parse(text[:5000], source="cut.xml")
    one_sentence(str(caught.value), "cut.xml", "truncated")


def test_dtd_and_entities_are_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>arxiv &a;</title></feed>'
    )
    with pytest.raises(SourceError) as caught:
        arxiv_atom.parse(bomb, source="bomb.xml")
    one_sentence(str(caught.value), "bomb.xml", "DTD")


def test_xml_that_is_not_a_feed():
    with pytest.raises(SourceError, match="not an Atom feed"):
        arxiv_atom.parse("<rss><channel/></rss>", source="x.xml")


@pytest.mark.parametrize(
    ("query", "collection"),
    [
        ("cat:cs.LG", "arxiv-cs.LG-2026-07-14"),
        ("all:diffusion AND cat:cs.CV", "arxiv-all-diffusion-and-cat-cs-cv-2026-07-14"),
        ("  cat:hep-th ", "arxiv-hep-th-2026-07-14"),
    ],
)
def test_query_collection(query, collection):
    assert arxiv_atom.query_collection(query, "2026-07-14") == collection
