"""SearchIndex.filter on the seed: examples, and agreement with Query.matches everywhere."""

from __future__ import annotations

import random

import pytest

from reader.model import fold
from reader.query import SearchIndex, parse
from reader.query.index import fold_fast
from reader.state import PaperState
from tests.query.generate import query_text


@pytest.fixture
def index(seed_papers):
    return SearchIndex(seed_papers)


def titles(index, text, within=None):
    return [index.papers[i].title for i in index.filter(parse(text), within)]


@pytest.mark.parametrize("text", ["melange", "MELANGE", "Mélange", "mélange", "title:melange"])
def test_accents_and_case_fold_away(index, by_title, text):
    assert titles(index, text) == [by_title("Mélange").title]


def test_words_must_all_match_in_title_or_abstract(index, seed_papers):
    found = titles(index, "serving gpu")
    expected = [p.title for p in seed_papers
                if all(w in fold(p.title + " " + p.abstract) for w in ("serving", "gpu"))]
    assert found == expected
    assert 1 < len(found) < len(titles(index, "serving"))


def test_tag_and_has_code(index, seed_papers):
    found = titles(index, "tag:serving has:code")
    expected = [p.title for p in seed_papers if "serving" in p.tags and p.primary_code_link]
    assert found == expected and len(found) >= 3
    assert titles(index, "tag:SERVING has:code") == found
    assert titles(index, "tag:serving tag:has-code") == found


def test_exact_phrase_is_narrower_than_its_words(index, seed_papers):
    phrase = titles(index, '"test time"')
    words = titles(index, "test time")
    assert phrase and set(phrase) < set(words)
    for title in phrase:
        paper = next(p for p in seed_papers if p.title == title)
        text = " ".join(fold(paper.title + " " + paper.abstract).split())
        assert "test time" in text or "test-time" in text  # a phrase finds its hyphenated form


def test_fields_and_or(index, seed_papers):
    found = titles(index, "title:scaling OR title:survey")
    expected = [p.title for p in seed_papers
                if "scaling" in fold(p.title) or "survey" in fold(p.title)]
    assert found == expected
    assert any("Survey" in t for t in found) and any("Scaling" in t for t in found)
    in_abstract_only = [p.title for p in seed_papers
                        if "serving" in fold(p.abstract) and "serving" not in fold(p.title)]
    assert in_abstract_only and set(in_abstract_only) <= set(titles(index, "abstract:serving"))
    assert not set(in_abstract_only) & set(titles(index, "title:serving"))
    assert set(titles(index, "serving")) == (
        set(titles(index, "title:serving")) | set(titles(index, "abstract:serving")))


def test_negation_is_the_complement(index, seed_papers):
    llm = set(titles(index, "tag:llm"))
    assert set(titles(index, "-tag:llm")) == {p.title for p in seed_papers} - llm
    assert titles(index, "NOT tag:llm") == titles(index, "-tag:llm")
    assert 0 < len(llm) < len(seed_papers)


def test_reading_state_and_user_tags(seed_papers):
    first, second, third = (p.id for p in seed_papers[:3])
    states = {first: PaperState(starred=True, read=True),
              second: PaperState(read=True, tags=("To-Read",), note="later"),
              third: PaperState(note="   ")}
    index = SearchIndex(seed_papers, states)
    assert index.filter(parse("is:starred")) == [0]
    assert index.filter(parse("is:read")) == [0, 1]
    assert len(index.filter(parse("is:unread"))) == len(seed_papers) - 2
    assert index.filter(parse("tag:to-read")) == [1]
    assert index.filter(parse("has:note")) == [1]
    native = seed_papers[1].tags[0]
    index.update_state(second, PaperState(tags=(native, "mine")))
    assert index.filter(parse("tag:to-read")) == []
    assert index.filter(parse("tag:mine")) == [1]
    index.update_state(second, PaperState())
    assert 1 in index.filter(parse(f"tag:{native}"))  # the paper's own tag stays
    assert index.filter(parse("is:read")) == [0]
    assert "mine" not in index.tags() and index.tags()[native] >= 1


def test_state_can_come_from_a_lookup_function(seed_papers):
    starred = {seed_papers[5].id}
    index = SearchIndex(seed_papers, lambda pid: PaperState(starred=pid in starred))
    assert index.filter(parse("is:starred")) == [5]


def test_counts_dates_and_authors(rich_papers):
    index = SearchIndex(rich_papers)
    assert index.filter(parse("upvotes:>50")) == [
        i for i, p in enumerate(rich_papers) if p.upvotes is not None and p.upvotes > 50]
    assert index.filter(parse("-has:upvotes")) == [
        i for i, p in enumerate(rich_papers) if p.upvotes is None]
    assert index.filter(parse("author:garcia")) == [
        i for i, p in enumerate(rich_papers) if "José García" in p.authors]
    assert index.filter(parse('author:"ana souza"')) == [
        i for i, p in enumerate(rich_papers) if "Ana  Souza" in p.authors]
    after = index.filter(parse("after:2025-09-30"))
    assert after and all(rich_papers[i].date.isoformat() > "2025-09-30" for i in after)
    before = index.filter(parse("before:2025-10-01"))
    dated = [i for i, p in enumerate(rich_papers) if p.date is not None]
    assert sorted(after + before) == dated and len(dated) < len(rich_papers)
    assert index.filter(parse("date:2025-09")) == [
        i for i, p in enumerate(rich_papers) if p.date and (p.date.year, p.date.month) == (2025, 9)]


def test_filter_within_keeps_the_given_order(index):
    order = list(range(len(index)))[::-1]
    found = index.filter(parse("serving"), order)
    assert found == sorted(found, reverse=True) and len(found) > 2
    assert index.filter(parse("zzzz")) == []


def test_index_agrees_with_one_paper_matching_on_random_queries(rich_papers, rich_states):
    index = SearchIndex(rich_papers, rich_states)
    rng = random.Random(3)
    nonempty = 0
    for _ in range(300):
        query = parse(query_text(rng))
        expected = [i for i, p in enumerate(rich_papers)
                    if query.matches(p, rich_states.get(p.id, PaperState()))]
        assert index.filter(query) == expected, query
        nonempty += bool(expected) and len(expected) < len(rich_papers)
    assert nonempty > 80  # the random queries really discriminate


@pytest.mark.parametrize("text", ["Mélange", "ÉCOLE  Normale\n", "\tMüller–Lyer ﬁ", "İstanbul ß",
                                  "plain ascii", "a\u2028b", "x\u00a0y", "  lead", ""])
def test_fast_fold_equals_model_fold(text):
    assert fold_fast(text) == " ".join(fold(text).split())


def test_a_repeated_id_gets_its_state_everywhere(seed_papers):
    papers = [seed_papers[0], seed_papers[1], seed_papers[0]]
    index = SearchIndex(papers)
    index.update_state(seed_papers[0].id, PaperState(read=True))
    index.update_state("not-indexed", PaperState(read=True))
    assert index.positions(seed_papers[0].id) == [0, 2]
    assert index.filter(parse("is:read")) == [0, 2]


def test_load_states_sets_many_at_once_like_update_state(rich_papers, rich_states):
    one_by_one, at_once = SearchIndex(rich_papers), SearchIndex(rich_papers)
    for paper_id, state in rich_states.items():
        one_by_one.update_state(paper_id, state)
    at_once.load_states(rich_states)
    again = {paper_id: PaperState(read=not state.read, tags=("other",))
             for paper_id, state in list(rich_states.items())[::2]}
    for paper_id, state in again.items():
        one_by_one.update_state(paper_id, state)
    generation = at_once.generation
    at_once.load_states(again)
    assert at_once.generation > generation
    for text in ("is:read", "is:starred", "has:note", "tag:to-read", "tag:other", "tag:serving"):
        assert at_once.filter(parse(text)) == one_by_one.filter(parse(text)), text
