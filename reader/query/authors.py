"""A paper's authors with their number of papers in the library, the query that shows an
author's papers, and following an author (a saved search whose count grows after a fetch).

    for author in paper_authors(index, paper.authors):   # [Author(name, query, count), ...]
        ...                                               # choosing one: session.set_search(author.query)
    follow(author)                                        # saved search "by Tri Dao"
    new_since(counts_before_fetch, counts_after_fetch)    # {"by Tri Dao": 2} -> "+2 new"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.query.index import SearchIndex
from reader.query.nodes import Text
from reader.query.parser import fold_text
from reader.query.saved import SavedSearch, save_search

FOLLOW_PREFIX = "by "


@dataclass(frozen=True, slots=True)
class Author:
    """An author as written, the query that finds their papers, and how many it finds."""

    name: str
    query: str
    count: int

    @property
    def follow_name(self) -> str:
        return FOLLOW_PREFIX + self.name


def author_query(name: str) -> str:
    """The query text of an author's papers: author:"tri dao" (quotes dropped from a name)."""
    return f'author:"{fold_text(name).replace(chr(34), "")}"'


def paper_authors(index: SearchIndex, names: Iterable[str]) -> list[Author]:
    """Each of `names` (a paper's authors, in its order, each once) with the number of papers
    of the library its query finds."""
    found, seen = [], set()
    for name in names:
        folded = fold_text(name).replace('"', "")
        if not folded or folded in seen:
            continue
        seen.add(folded)
        found.append(Author(name.strip(), author_query(name),
                            index.count(Text(folded, "author"))))
    return found


def follow(author: Author, path: Path | None = None) -> SavedSearch:
    """Save the author's query as a search named "by NAME" (shown with its count)."""
    return save_search(author.follow_name, author.query, path)


def is_followed(saved: SavedSearch) -> bool:
    return saved.name.startswith(FOLLOW_PREFIX) and saved.query.startswith("author:")


def new_since(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, int]:
    """Saved searches (name -> count) that gained papers: name -> how many ("+2 new")."""
    return {name: count - before[name] for name, count in after.items()
            if name in before and count > before[name]}
