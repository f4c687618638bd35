"""One paper on several days and in several sources (issue 16): every day's view keeps every
paper of its page, the paper says where else it was, and the text shown follows a stated
rule with the other text kept."""

from __future__ import annotations

import datetime as dt
import json

from reader.catalog.files import parse_file
from reader.library import Library, collections, paper_from_record, paper_to_record
from reader.sources import hf_api
from tests.conftest import FIXTURES

HF = FIXTURES / "hf_daily_papers_2026.json"
PAGE = FIXTURES / "daily-papers-2026-06-12.txt"
RSS = FIXTURES / "arxiv_rss_spec_replace_cross.xml"


def hf_on(day):
    """The real payload as the API's answer for `day` (`date=` sets the collection)."""
    return hf_api.parse(HF.read_text(encoding="utf-8"), source=str(HF), day=day)


def test_a_later_day_shows_every_paper_of_its_page(tmp_path):
    library = Library(tmp_path / "library.json")
    library.add(hf_on(dt.date(2026, 6, 12)))
    library.add(hf_on(dt.date(2026, 6, 13))[:7])  # seven of them on the next day's page too
    papers = Library(library.path).papers()  # from disk
    assert len(papers) == 30
    later = [p for p in papers if p.in_collection("daily-2026-06-13")]
    assert len(later) == 7
    assert dict(collections(papers)) == {"daily-2026-06-13": 7, "daily-2026-06-12": 30}
    first = papers[0]
    assert first.collection == "daily-2026-06-12" and first.also_in == ("daily-2026-06-13",)
    assert first.days == (dt.date(2026, 6, 12), dt.date(2026, 6, 13))
    assert first.date == dt.date(2026, 6, 12)
    assert first.to_dict()["also_in"] == ["daily-2026-06-13"]


def test_several_days_is_idempotent(tmp_path):
    library = Library(tmp_path / "library.json")
    library.add(hf_on(dt.date(2026, 6, 12)))
    library.add(hf_on(dt.date(2026, 6, 13)))
    before = library.path.read_bytes()
    for day in (12, 13):
        result = Library(library.path).add(hf_on(dt.date(2026, 6, day)))
        assert (result.added, result.updated) == (0, 0)
    assert library.path.read_bytes() == before


def test_the_better_source_is_shown_and_the_other_text_kept(tmp_path):
    library = Library(tmp_path / "library.json")
    library.add(parse_file(PAGE))
    page_abstract = library.papers()[1].abstract
    library.add(parse_file(HF))
    msa = Library(library.path).papers()[1]
    facts = dict(msa.extra)
    assert facts["text_from"] == "huggingface"
    assert facts["sources"] == "page huggingface"
    assert msa.abstract == page_abstract and "abstract_from_page" not in facts  # one text


def test_a_page_text_that_differs_is_kept_beside_the_apis(tmp_path):
    library = Library(tmp_path / "library.json")
    page = parse_file(PAGE)
    library.add([page[0], page[1].with_changes(abstract="The page's own wording.")])
    library.add(parse_file(HF))
    msa = Library(library.path).papers()[1]
    assert msa.abstract.startswith("Ultra-long-context capability")
    assert dict(msa.extra)["abstract_from_page"] == "The page's own wording."


def test_a_newer_answer_of_the_same_source_is_shown_and_the_earlier_kept(tmp_path):
    library = Library(tmp_path / "library.json")
    library.add(hf_on(dt.date(2026, 6, 12)))
    shown = library.papers()[0]
    changed = shown.with_changes(abstract="Another text.", authors=("Someone Else",),
                                 collection="daily-2026-06-14")
    library.add([changed])
    again = Library(library.path).papers()[0]
    assert again.abstract == "Another text." and again.authors == ("Someone Else",)
    facts = dict(again.extra)
    assert facts["abstract_from_huggingface"] == shown.abstract
    assert facts["authors_from_huggingface"] == "; ".join(shown.authors)
    assert again.also_in == ("daily-2026-06-14",)


def test_a_worse_source_never_replaces_what_was_shown(tmp_path):
    library = Library(tmp_path / "library.json")
    library.add(parse_file(HF))
    position = [p.arxiv_id for p in library.papers()].index("2606.13392")
    shown = library.papers()[position]
    page = parse_file(PAGE)[1].with_changes(abstract="The page's own wording.",
                                           collection="daily-2026-06-15")
    library.add([page])
    again = Library(library.path).papers()[position]
    assert again.abstract == shown.abstract and again.authors == shown.authors
    assert dict(again.extra)["abstract_from_page"] == "The page's own wording."
    assert dict(again.extra)["text_from"] == "huggingface"
    assert again.also_in == ("daily-2026-06-15",)


def test_an_older_arxiv_version_does_not_replace_a_newer_one():
    from reader.paper_merge import merge_paper

    (v3,) = parse_file(RSS)
    v2 = v3.with_changes(abstract="Version two.", extra=(("version", "v2"), ("source", "arxiv")))
    merged = merge_paper(v3, v2)
    assert merged.abstract == v3.abstract and merged.version == "v3"
    assert dict(merged.extra)["abstract_from_arxiv"] == "Version two."


def test_also_in_survives_the_library_file():
    paper = hf_on(dt.date(2026, 6, 12))[0].with_changes(also_in=("daily-2026-06-13",))
    again = paper_from_record(json.loads(json.dumps(paper_to_record(paper))))
    assert again == paper and again.also_in == ("daily-2026-06-13",)


def test_the_catalog_cache_keeps_also_in():
    from reader.catalog.records import decode_chunk, encode_chunk

    papers = hf_on(dt.date(2026, 6, 12))[:3]
    papers[1] = papers[1].with_changes(also_in=("daily-2026-06-13", "arxiv-cs.LG-2026-06-14"))
    decoded = decode_chunk(encode_chunk(papers))
    assert [p.also_in for p in decoded] == [p.also_in for p in papers]
    assert decoded[1].in_collection("daily-2026-06-13")
