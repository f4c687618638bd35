"""arXiv RSS listings: the real cs.LG feed, other announce types, and an empty weekend feed."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.errors import SourceError
from reader.sources import arxiv_rss, detect
from tests.conftest import FIXTURES

REAL = FIXTURES / "arxiv_rss_cs_lg.xml"
TYPES = FIXTURES / "arxiv_rss_announce_types_handmade.xml"
WEEKEND = FIXTURES / "arxiv_rss_weekend_handmade.xml"


def parse(path):
    return arxiv_rss.parse(path.read_text(encoding="utf-8"), source=str(path))


def test_real_listing_has_three_new_papers():
    papers = parse(REAL)
    assert [p.id for p in papers] == ["2604.21952", "2604.21953", "2604.21956"]
    first = papers[0]
    assert first.title.startswith("Focus Session: Hardware and Software Techniques")
    assert first.abstract.startswith("This work presents a multi-layered methodology")
    assert "Announce Type" not in first.abstract and "arXiv:" not in first.abstract
    assert "visual resolution & stride" in first.abstract
    assert first.authors[0] == "Muhammad Shafique" and len(first.authors) == 6
    assert dict(first.extra)["announce_type"] == "new"
    assert dict(first.extra)["categories"].split()[:2] == ["cs.LG", "cs.AI"]


def test_the_feed_and_announce_day_name_the_collection():
    papers = parse(REAL)
    assert {p.collection for p in papers} == {"arxiv-cs.LG-2026-04-27"}
    assert {p.date for p in papers} == {dt.date(2026, 4, 27)}


def test_cross_and_replace_announcements_are_papers_too():
    papers = parse(TYPES)
    assert [dict(p.extra)["announce_type"] for p in papers] == ["cross", "replace", "replace-cross"]
    assert [p.arxiv_id for p in papers] == ["2604.20001", "2601.00042", "2512.11111"]
    assert dict(papers[1].extra)["version"] == "v3"
    assert papers[0].title == "Announce type cross: a hand-made item with a wrapped title"


def test_weekend_feed_has_no_papers():
    assert parse(WEEKEND) == []
    assert detect(WEEKEND.read_text(encoding="utf-8")) is arxiv_rss


def test_detection_without_xml_declaration():
    text = REAL.read_text(encoding="utf-8")
    assert not text.startswith("<?xml")
    assert detect(text) is arxiv_rss
    assert not arxiv_rss.looks_like('<rss version="2.0"><channel><title>A blog</title>')


def test_truncated_listing_is_refused():
    text = REAL.read_text(encoding="utf-8")
    with pytest.raises(SourceError, match="arxiv_rss_cs_lg.xml"):
        arxiv_rss.parse(text[: len(text) // 2], source=str(REAL))
