"""The query tree: small frozen nodes that say what they match in words and check one paper.

`matches(paper, state)` is the plain, one-paper-at-a-time meaning of a node; `SearchIndex`
computes the same answers in bulk from precomputed data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reader.model import Paper, fold
from reader.query.hyphens import variants
from reader.state.model import PaperState

TEXT_FIELDS = ("any", "title", "abstract", "author", "note")
IS_VALUES = ("read", "unread", "starred", "unstarred")
HAS_VALUES = ("code", "link", "project", "note", "stars", "upvotes", "comments")
NUMBER_FIELDS = ("upvotes", "stars", "comments")
COMPARISONS = (">", ">=", "<", "<=", "=", "..")
DATE_OPS = ("on", "after", "before")


class Query:
    """Base of every node: `describe()` says the filter in words."""

    __slots__ = ()

    def describe(self) -> str:
        raise NotImplementedError

    def matches(self, paper: Paper, state: PaperState) -> bool:
        raise NotImplementedError

    def narrows(self, previous: Query) -> bool:
        """True only when every paper this query matches provably matches `previous` too."""
        from reader.query.narrow import narrows

        return narrows(self, previous)


@dataclass(frozen=True, slots=True)
class MatchAll(Query):
    """The empty query: every paper."""

    def describe(self) -> str:
        return "all papers"

    def matches(self, paper: Paper, state: PaperState) -> bool:
        return True


def _quoted(value: str) -> str:
    return '"' + value + '"'


@dataclass(frozen=True, slots=True)
class Text(Query):
    """Folded `value` occurs in the title, abstract, either ("any"), an author's name or the
    user's note; a phrase in its hyphenated form too, and a hyphenated word with spaces."""

    value: str
    field: str = "any"

    def describe(self) -> str:
        shown = _quoted(self.value)
        return {
            "any": f"matching {shown}",
            "title": f"title matching {shown}",
            "abstract": f"abstract matching {shown}",
            "author": f"by an author matching {shown}",
            "note": f"with a note matching {shown}",
        }[self.field]

    def matches(self, paper: Paper, state: PaperState) -> bool:
        if self.field == "author":
            return any(self.value in " ".join(fold(name).split()) for name in paper.authors)
        places = {
            "any": (paper.title, paper.abstract),
            "title": (paper.title,),
            "abstract": (paper.abstract,),
            "note": (state.note,),
        }[self.field]
        folded = [" ".join(fold(text).split()) for text in places]
        return any(form in text for form in variants(self.value) for text in folded)


@dataclass(frozen=True, slots=True)
class Tag(Query):
    """The paper has this tag, from the topic rules or the user's own."""

    name: str

    def describe(self) -> str:
        return f"tagged {self.name}"

    def matches(self, paper: Paper, state: PaperState) -> bool:
        return any(fold(tag) == self.name for tag in (*paper.tags, *state.tags))


@dataclass(frozen=True, slots=True)
class Is(Query):
    """Reading state: read, unread, starred or unstarred."""

    value: str

    def describe(self) -> str:
        return "not starred" if self.value == "unstarred" else self.value

    def matches(self, paper: Paper, state: PaperState) -> bool:
        return {
            "read": state.read,
            "unread": not state.read,
            "starred": state.starred,
            "unstarred": not state.starred,
        }[self.value]


_HAS_WORDS = {
    "code": "code",
    "link": "links",
    "project": "a project page",
    "note": "a note",
    "stars": "GitHub stars",
    "upvotes": "upvotes",
    "comments": "comments",
}


@dataclass(frozen=True, slots=True)
class Has(Query):
    """The paper has a code link, any link, a project page, a note, or a known count."""

    value: str

    def describe(self) -> str:
        return f"with {_HAS_WORDS[self.value]}"

    def matches(self, paper: Paper, state: PaperState) -> bool:
        return {
            "code": lambda: paper.primary_code_link is not None,
            "link": lambda: bool(paper.links),
            "project": lambda: any(link.kind == "project" for link in paper.links),
            "note": lambda: bool(state.note.strip()),
            "stars": lambda: paper.github_stars is not None,
            "upvotes": lambda: paper.upvotes is not None,
            "comments": lambda: paper.comments is not None,
        }[self.value]()


@dataclass(frozen=True, slots=True)
class Date(Query):
    """The paper's date is in [first, last] ("on"), after `last` or before `first`.

    `label` is the date as written (2025-09, 2025-09-25, 2025-09-01..2025-09-30).
    """

    op: str
    first: dt.date
    last: dt.date
    label: str

    def describe(self) -> str:
        if self.op == "on":
            return f"dated {self.label}"
        return f"dated {self.op} {self.label}"

    def matches(self, paper: Paper, state: PaperState) -> bool:
        if paper.date is None:
            return False
        if self.op == "after":
            return paper.date > self.last
        if self.op == "before":
            return paper.date < self.first
        return self.first <= paper.date <= self.last


_NUMBER_WORDS = {"upvotes": "upvotes", "stars": "GitHub stars", "comments": "comments"}


@dataclass(frozen=True, slots=True)
class Number(Query):
    """A count compared with a value: upvotes:>50, stars:>=100, comments:3..10."""

    field: str
    op: str
    value: int
    high: int | None = None

    def describe(self) -> str:
        noun = _NUMBER_WORDS[self.field]
        if self.op == "..":
            if self.high is None:
                return f"at least {self.value} {noun}"
            return f"{self.value} to {self.high} {noun}"
        words = {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most",
                 "=": "exactly"}[self.op]
        return f"{words} {self.value} {noun}"

    def test(self, number: int | None) -> bool:
        if number is None:
            return False
        op, value = self.op, self.value
        if op == ">":
            return number > value
        if op == ">=":
            return number >= value
        if op == "<":
            return number < value
        if op == "<=":
            return number <= value
        if op == "=":
            return number == value
        return number >= value and (self.high is None or number <= self.high)

    def matches(self, paper: Paper, state: PaperState) -> bool:
        number = {"upvotes": paper.upvotes, "stars": paper.github_stars,
                  "comments": paper.comments}[self.field]
        return self.test(number)


_NOT_WORDS = {Is: {"read": "unread", "unread": "read", "starred": "not starred",
                   "unstarred": "starred"}}


@dataclass(frozen=True, slots=True)
class Not(Query):
    """Papers the child does not match."""

    child: Query

    def describe(self) -> str:
        child = self.child
        if isinstance(child, Tag):
            return f"not tagged {child.name}"
        if isinstance(child, Is):
            return _NOT_WORDS[Is][child.value]
        if isinstance(child, Has):
            return f"without {_HAS_WORDS[child.value]}"
        if isinstance(child, Text):
            return "not " + child.describe()
        return f"not ({child.describe()})"

    def matches(self, paper: Paper, state: PaperState) -> bool:
        return not self.child.matches(paper, state)


@dataclass(frozen=True, slots=True)
class And(Query):
    """Papers every child matches."""

    children: tuple[Query, ...]

    def describe(self) -> str:
        return ", ".join(
            f"({c.describe()})" if isinstance(c, Or) else c.describe() for c in self.children
        )

    def matches(self, paper: Paper, state: PaperState) -> bool:
        return all(child.matches(paper, state) for child in self.children)


@dataclass(frozen=True, slots=True)
class Or(Query):
    """Papers any child matches."""

    children: tuple[Query, ...]

    def describe(self) -> str:
        return " or ".join(
            f"({c.describe()})" if isinstance(c, And) else c.describe() for c in self.children
        )

    def matches(self, paper: Paper, state: PaperState) -> bool:
        return any(child.matches(paper, state) for child in self.children)


MATCH_ALL = MatchAll()


def combine(*queries: Query) -> Query:
    """All of `queries` at once (sidebar choice AND typed query); MatchAll parts drop out."""
    parts: list[Query] = []
    for query in queries:
        if isinstance(query, And):
            parts.extend(query.children)
        elif not isinstance(query, MatchAll):
            parts.append(query)
    if not parts:
        return MATCH_ALL
    return parts[0] if len(parts) == 1 else And(tuple(parts))
