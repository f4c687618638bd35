"""The sidebar's choices as a query: view, tags (all or any), and the typed search.

`Filters` turns what the user picked into a `reader.query` tree, so the sidebar, the search
box and `reader list --query` share one engine and one way of saying the filter in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.query import MATCH_ALL, And, Has, Is, Not, Or, Query, Tag, Text, combine

VIEWS: tuple[tuple[str, str], ...] = (
    ("all", "All"),
    ("unread", "Unread"),
    ("starred", "Starred"),
    ("code", "Has code"),
)
VIEW_LABELS = dict(VIEWS)
VIEW_QUERIES: dict[str, Query] = {
    "all": MATCH_ALL,
    "unread": Is("unread"),
    "starred": Is("starred"),
    "code": Has("code"),
}
SORTS: tuple[tuple[str, str], ...] = (
    ("page", "page order"),
    ("date", "newest first"),
    ("title", "title"),
    ("upvotes", "most upvoted"),
    ("stars", "most GitHub stars"),
    ("unread", "unread first"),
)
SORT_LABELS = dict(SORTS)


@dataclass(slots=True)
class Filters:
    view: str = "all"
    tags: list[str] = field(default_factory=list)
    tag_mode: str = "all"
    collection: str | None = None
    sort: str = "page"

    def tags_query(self) -> Query:
        if not self.tags:
            return MATCH_ALL
        nodes = tuple(Tag(t) for t in self.tags)
        if len(nodes) == 1:
            return nodes[0]
        return And(nodes) if self.tag_mode == "all" else Or(nodes)

    def base(self, view: str | None = None, with_tags: bool = True) -> Query:
        """The sidebar part of the filter (collections are applied separately)."""
        view_query = VIEW_QUERIES[self.view if view is None else view]
        return combine(view_query, self.tags_query() if with_tags else MATCH_ALL)


def highlight_terms(query: Query) -> list[str]:
    """The words a query searches for (not under NOT), to highlight in the detail pane."""
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
