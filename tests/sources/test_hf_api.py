"""The Hugging Face Daily Papers API format, on a real 2026 response and hand-made 2024 ones."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.errors import SourceError
from reader.model import Link
from reader.sources import detect, hf_api
from tests.conftest import FIXTURES
from tests.sources.sentences import one_sentence

REAL = FIXTURES / "hf_daily_papers_2026.json"
OLD = FIXTURES / "hf_daily_papers_2024_handmade.json"
SINGLE = FIXTURES / "hf_paper_handmade.json"


@pytest.fixture(scope="module")
def papers():
    return hf_api.parse(REAL.read_text(encoding="utf-8"), source=str(REAL))


def by_arxiv(papers, arxiv_id):
    (paper,) = [p for p in papers if p.arxiv_id == arxiv_id]
    return paper


def test_every_entry_becomes_a_paper_in_response_order(papers):
    assert len(papers) == 30
    assert [p.id for p in papers[:3]] == ["2606.00467", "2606.12730", "2606.13594"]
    assert len({p.id for p in papers}) == 30


def test_the_day_on_daily_papers_names_the_collection(papers):
    assert {p.collection for p in papers} == {"daily-2026-06-12"}
    assert {p.date for p in papers} == {dt.date(2026, 6, 12)}
    assert dict(papers[0].extra)["published"] == "2026-05-30"


def test_counts_authors_and_keyword_tags(papers):
    msa = by_arxiv(papers, "2606.13392")
    assert msa.title == "MiniMax Sparse Attention"
    assert (msa.upvotes, msa.github_stars, msa.comments) == (103, 251, 4)
    assert len(msa.authors) == 11 and msa.authors[0] == "Xunhao Lai"
    assert msa.tags == ("sparse-attention", "grouped-query-attention", "top-k-selection")


def test_hidden_authors_are_still_authors(papers):
    assert "Dengyang Jiang" in by_arxiv(papers, "2606.12575").authors


def test_github_repo_and_project_page_become_the_first_links(papers):
    paper = by_arxiv(papers, "2606.10423")
    assert paper.links[:2] == (
        Link("https://github.com/jayoohwang1/webchallenger", "code"),
        Link("https://jayoohwang1.github.io/webchallenger-site/", "project"),
    )
    assert paper.primary_code_link.url == "https://github.com/jayoohwang1/webchallenger"
    # A project page on a model hub stays a project page, whatever its host.
    sdg = by_arxiv(papers, "2606.06113")
    assert Link("https://huggingface.co/collections/P1n3/sdg", "project") in sdg.links


def test_links_in_the_abstract_follow_the_given_ones(papers):
    msa = by_arxiv(papers, "2606.13392")
    assert [link.url for link in msa.links] == [
        "https://github.com/MiniMax-AI/MSA",
        "https://huggingface.co/MiniMaxAI/MiniMax-M3",
    ]


def test_papers_without_optional_fields_have_none(papers):
    first = papers[0]
    assert first.github_stars is None and first.links == ()
    assert dict(first.extra)["organization"] == "California institute of technology"


def test_2024_shape_unwraps_titles_and_abstracts():
    papers = hf_api.parse(OLD.read_text(encoding="utf-8"), source=str(OLD))
    assert [p.title for p in papers] == [
        "Sparse Mixtures of Tiny Experts for On-Device Speech Recognition",
        "A Benchmark for Multilingual Table Question Answering",
        "Untitled Draft Without Dates",
    ]
    first = papers[0]
    assert "\n" not in first.abstract and "recognition on phones" in first.abstract
    assert first.authors == ("Ana Müller", "Wei Zhang", "Olu Adeyemi")
    assert (first.upvotes, first.comments, first.github_stars) == (42, 3, None)
    assert first.links == (Link("https://github.com/example-lab/tiny-moe-asr", "code"),)
    # No submittedOnDailyAt: the entry's publishedAt is the day it was on Daily Papers.
    assert first.collection == "daily-2024-03-15" and first.date == dt.date(2024, 3, 15)
    assert papers[1].comments is None
    # No date at all: the file names the collection.
    assert papers[2].date is None
    assert papers[2].collection == "import-hf_daily_papers_2024_handmade"


def test_the_day_asked_for_overrides_the_dates_in_the_answer():
    papers = hf_api.parse(OLD.read_text(encoding="utf-8"), source="x", day=dt.date(2024, 3, 18))
    assert {p.collection for p in papers} == {"daily-2024-03-18"}


def test_single_paper_object_of_the_papers_endpoint():
    (paper,) = hf_api.parse(SINGLE.read_text(encoding="utf-8"), source=str(SINGLE))
    assert paper.id == paper.arxiv_id == "2606.13392"
    assert (paper.upvotes, paper.github_stars, paper.comments) == (120, 300, None)
    assert paper.collection == "daily-2026-06-12"
    assert [link.kind for link in paper.links] == ["code", "project"]


def test_an_empty_day_is_no_papers():
    assert hf_api.parse("[]\n", source="empty.json") == []


def test_detection():
    for path in (REAL, OLD, SINGLE):
        assert detect(path.read_text(encoding="utf-8")) is hf_api
    assert detect("[ ]") is hf_api
    assert not hf_api.looks_like('{"name": "not papers"}')
    assert not hf_api.looks_like("Daily Papers")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[{"paper": {"id": "2606.00467", "title": "Cut off', "truncated"),
        ('[{"paper": {"id": "2606.00467"}', "truncated"),
        ('[{"paper": {"title": "x"}} oops]', "not valid JSON"),
        ('{"error": "Invalid date"}', "error message"),
        ('[{"paper": "no object"}]', "entry 1"),
        ('[{"paper": {"id": "1", "summary": "no title"}}]', "without a title"),
        ("42", "not a Daily Papers response"),
    ],
)
def test_broken_json_is_one_sentence_naming_the_file(text, words):
    with pytest.raises(SourceError) as caught:
        hf_api.parse(text, source="day.json")
    one_sentence(str(caught.value), "day.json", words)


def test_truncated_real_file_is_refused():
    text = REAL.read_text(encoding="utf-8")
    with pytest.raises(SourceError, match="truncated"):
        hf_api.parse(text[: len(text) // 2], source="half.json")
