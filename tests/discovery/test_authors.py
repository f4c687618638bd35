"""A paper's authors with their papers in the library; following an author."""

from __future__ import annotations

import datetime as dt

from reader.model import Paper
from reader.query import SearchIndex, load_saved, parse
from reader.query.authors import author_query, follow, is_followed, new_since, paper_authors


def paper(n: int, *authors: str) -> Paper:
    return Paper(id=f"p{n}", title=f"Paper {n}", abstract="An abstract.", authors=authors,
                 date=dt.date(2025, 9, 25))


def test_each_author_with_the_papers_their_query_finds():
    papers = [paper(0, "Tri Dao", "Zoë Müller"), paper(1, "Tri Dao"), paper(2, "Zoe Muller"),
              paper(3, "Ion Stoica")]
    index = SearchIndex(papers)
    authors = paper_authors(index, papers[0].authors + ("  tri   dao ",))
    assert [(a.name, a.count) for a in authors] == [("Tri Dao", 2), ("Zoë Müller", 2)]
    assert authors[0].query == 'author:"tri dao"'
    assert index.filter(parse(authors[1].query)) == [0, 2]  # accents fold away


def test_a_quote_in_a_name_does_not_break_the_query():
    assert author_query('Dwayne "The Rock" Johnson') == 'author:"dwayne the rock johnson"'
    parse(author_query('Dwayne "The Rock" Johnson'))


def test_following_saves_a_search_and_counts_what_is_new(tmp_path):
    papers = [paper(0, "Tri Dao"), paper(1, "Ion Stoica")]
    index = SearchIndex(papers)
    author = paper_authors(index, ["Tri Dao"])[0]
    path = tmp_path / "searches.toml"
    saved = follow(author, path)
    assert saved.name == "by Tri Dao" and is_followed(saved)
    assert load_saved(path) == [saved]
    before = {saved.name: index.count(parse(saved.query))}
    index.extend([paper(2, "Tri Dao"), paper(3, "Tri Dao")])  # a fetch brought two more
    after = {saved.name: index.count(parse(saved.query))}
    assert new_since(before, after) == {"by Tri Dao": 2}
    assert new_since(after, after) == {}
