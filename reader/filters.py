"""The sidebar's choices as a query: view, tags (all or any), and the typed search.

`Filters` turns what the user picked into a `reader.query` tree, so the sidebar, the search
box and `reader list --query` share one engine and one way of saying the filter in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.query import Query

# The query engine is imported when a filter is first turned into a query, not with this
# module: the first frame of the reader shows every paper and does not need it.

VIEWS: tuple[tuple[str, str], ...] = (
    ("all", "All"),
    ("unread", "Unread"),
    ("starred", "Starred"),
    ("code", "Has code"),
)
VIEW_LABELS = dict(VIEWS)
SORTS: tuple[tuple[str, str], ...] = (
    ("page", "page order"),
    ("date", "newest first"),
    ("title", "title"),
    ("upvotes", "most upvoted"),
    ("stars", "most GitHub stars"),
    ("unread", "unread first"),
    ("foryou", "for you (like your stars, tags and papers read in full)"),
)
SORT_LABELS = dict(SORTS)


@dataclass(slots=True)
class Filters:
    view: str = "all"
    tags: list[str] = field(default_factory=list)
    tag_mode: str = "all"
    collection: str | None = None
    sort: str = "page"

    def unfiltered(self) -> bool:
        """True when these choices leave every paper in page order."""
        return (self.view == "all" and not self.tags and self.collection is None
                and self.sort == "page")

    def tags_query(self) -> Query:
        from reader.query import MATCH_ALL, And, Or, Tag

        if not self.tags:
            return MATCH_ALL
        nodes = tuple(Tag(t) for t in self.tags)
        if len(nodes) == 1:
            return nodes[0]
        return And(nodes) if self.tag_mode == "all" else Or(nodes)

    def base(self, view: str | None = None, with_tags: bool = True) -> Query:
        """The sidebar part of the filter (collections are applied separately)."""
        from reader.query import MATCH_ALL, combine

        view_query = view_query_of(self.view if view is None else view)
        return combine(view_query, self.tags_query() if with_tags else MATCH_ALL)


def view_query_of(view: str) -> Query:
    """The query behind a sidebar view."""
    from reader.query import MATCH_ALL, Has, Is

    return {"all": MATCH_ALL, "unread": Is("unread"), "starred": Is("starred"),
            "code": Has("code")}[view]


def highlight_terms(query: Query) -> list[str]:
    """The words a query searches for (not under NOT), to highlight in the detail pane."""
    from reader.query import And, Not, Or, Text

    terms: list[str] = []

    def walk(node: Query) -> None:
        if isinstance(node, Text) and node.field in ("any", "title", "abstract"):
            terms.append(node.value)
        elif isinstance(node, And | Or):
            for child in node.children:
                walk(child)
        elif isinstance(node, Not):
            return

    walk(query)
    return terms
