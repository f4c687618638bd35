"""`SearchIndex`: papers prepared once for fast filtering, with cheap reading-state updates.

Papers are addressed by their position in the list given (page order). The index keeps one
folded copy of each title+abstract (lower-case, accents stripped, single spaces), tag postings,
flags and counts; `filter` evaluates a query over a list of candidate positions, so a growing
query can be evaluated within the previous result.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Mapping

from reader.model import Paper
from reader.query.nodes import (
    And,
    Date,
    Has,
    Is,
    MatchAll,
    Not,
    Number,
    Or,
    Query,
    Tag,
    Text,
)
from reader.state.model import EMPTY, PaperState

States = Mapping[str, PaperState] | Callable[[str], PaperState] | None

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ODD_SPACE = re.compile(r"[\t-\r\x1c-\x1f]")


def _drop_marks(match: re.Match[str]) -> str:
    return "".join(c for c in match.group() if not unicodedata.combining(c))


def fold_fast(text: str) -> str:
    """Same result as `reader.model.fold` plus single spacing, fast for ASCII text."""
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text)
        if not folded.isascii():
            folded = _NON_ASCII.sub(_drop_marks, folded)
        folded = folded.casefold()
    if (
        not folded.isascii()
        or "  " in folded
        or _ODD_SPACE.search(folded)
        or folded[:1] == " "
        or folded[-1:] == " "
    ):
        folded = " ".join(folded.split())
    return folded


def _cost(query: Query) -> tuple[int, int]:
    """Cheap, selective children of an AND go first."""
    if isinstance(query, Text):
        return (1, -len(query.value))
    if isinstance(query, Tag | Is | Has | Number | Date):
        return (0, 0)
    if isinstance(query, Not) and isinstance(query.child, Tag | Is | Has | Number | Date):
        return (0, 1)
    return (2, 0)


class SearchIndex:
    """Filter papers by a `Query`; `update_state` when read/starred/tags/note change."""

    def __init__(self, papers: Iterable[Paper], states: States = None) -> None:
        self.papers: list[Paper] = []
        self.generation = 0
        self._texts: list[str] = []
        self._title_ends = array("I")
        self._authors: list[str] = []
        self._tags: dict[str, set[int]] = {}
        self._links = {kind: bytearray() for kind in ("code", "link", "project")}
        self.dates: list[int | None] = []
        self.numbers: dict[str, list[int | None]] = {"upvotes": [], "stars": [], "comments": []}
        self.read = bytearray()
        self.starred = bytearray()
        self._noted = bytearray()
        self._user_tags: dict[int, tuple[str, ...]] = {}
        self._positions: dict[str, int] = {}
        self._repeats: dict[str, list[int]] = {}  # ids seen more than once (rare)
        self.extend(papers, states)

    def extend(self, papers: Iterable[Paper], states: States = None) -> None:
        """Add papers after the ones indexed (new positions at the end), with their states."""
        start = len(self.papers)
        for paper in papers:
            self._add(len(self.papers), paper)
        self._load_states(states, self.papers[start:])
        self.generation += 1

    def _add(self, position: int, paper: Paper) -> None:
        self.papers.append(paper)
        for flags in (*self._links.values(), self.read, self.starred, self._noted):
            flags.append(0)
        title = fold_fast(paper.title)
        self._texts.append(f"{title}\n{fold_fast(paper.abstract)}")
        self._title_ends.append(len(title))
        self._authors.append("\n".join(fold_fast(a) for a in paper.authors))
        for tag in paper.tags:
            self._tags.setdefault(fold_fast(tag), set()).add(position)
        for link in paper.links:
            self._links["link"][position] = 1
            if link.kind in ("code", "project"):
                self._links[link.kind][position] = 1
        self.dates.append(paper.date.toordinal() if paper.date else None)
        self.numbers["upvotes"].append(paper.upvotes)
        self.numbers["stars"].append(paper.github_stars)
        self.numbers["comments"].append(paper.comments)
        if paper.id in self._positions:
            self._repeats.setdefault(paper.id, []).append(position)
        else:
            self._positions[paper.id] = position

    def _load_states(self, states: States, papers: list[Paper]) -> None:
        if states is None:
            return
        if isinstance(states, Mapping):
            for paper_id, state in states.items():
                self._set_state(paper_id, state)
            return
        for paper in papers:
            state = states(paper.id)
            if state != EMPTY:
                self._set_state(paper.id, state)

    def __len__(self) -> int:
        return len(self._texts)

    def positions(self, paper_id: str) -> list[int]:
        """Where the paper with this id is in page order (empty when it is not indexed)."""
        if paper_id not in self._positions:
            return []
        return [self._positions[paper_id], *self._repeats.get(paper_id, ())]

    def title_key(self, position: int) -> str:
        """The folded title, for sorting."""
        return self._texts[position][: self._title_ends[position]]

    def update_state(self, paper_id: str, state: PaperState) -> None:
        """Take a paper's new reading state into account (cheap: a few flags and sets)."""
        self._set_state(paper_id, state)
        self.generation += 1

    def _set_state(self, paper_id: str, state: PaperState) -> None:
        for position in self.positions(paper_id):
            self.read[position] = state.read
            self.starred[position] = state.starred
            self._noted[position] = bool(state.note.strip())
            own = {fold_fast(tag) for tag in self.papers[position].tags}
            for tag in self._user_tags.pop(position, ()):
                if tag not in own:
                    self._tags[tag].discard(position)
            user = tuple(dict.fromkeys(fold_fast(tag) for tag in state.tags))
            if user:
                self._user_tags[position] = user
            for tag in user:
                self._tags.setdefault(tag, set()).add(position)

    def tags(self) -> dict[str, int]:
        """Every tag (topic and user, folded) with its number of papers, for a sidebar."""
        return {tag: len(positions) for tag, positions in self._tags.items() if positions}

    def filter(self, query: Query, within: Iterable[int] | None = None) -> list[int]:
        """Positions of the papers matching `query`, in the order of `within` (default: all,
        page order). Pass the previous result as `within` when `query.narrows(previous)`."""
        candidates = list(range(len(self))) if within is None else list(within)
        return self._eval(query, candidates)

    def count(self, query: Query, within: Iterable[int] | None = None) -> int:
        return len(self.filter(query, within))

    def _eval(self, query: Query, cands: list[int]) -> list[int]:
        if not cands:
            return cands
        kind = type(query)
        if kind is Text:
            return self._text(query, cands)
        if kind is And:
            for child in sorted(query.children, key=_cost):
                cands = self._eval(child, cands)
                if not cands:
                    break
            return cands
        if kind is Or:
            hits: set[int] = set()
            rest = cands
            for child in query.children:
                found = self._eval(child, rest)
                if found:
                    hits.update(found)
                    rest = [i for i in rest if i not in hits]
            return [i for i in cands if i in hits]
        if kind is Not:
            excluded = set(self._eval(query.child, cands))
            return [i for i in cands if i not in excluded]
        if kind is MatchAll:
            return cands
        if kind is Tag:
            tagged = self._tags.get(query.name, set())
            return [i for i in cands if i in tagged]
        if kind is Is:
            flags = self.read if query.value in ("read", "unread") else self.starred
            want = query.value in ("read", "starred")
            return [i for i in cands if flags[i]] if want else [i for i in cands if not flags[i]]
        if kind is Has:
            return self._has(query.value, cands)
        if kind is Number:
            values, test = self.numbers[query.field], query.test
            return [i for i in cands if values[i] is not None and test(values[i])]
        if kind is Date:
            return self._date(query, cands)
        raise TypeError(f"not a query node: {query!r}")

    def _text(self, query: Text, cands: list[int]) -> list[int]:
        value, texts, ends = query.value, self._texts, self._title_ends
        if query.field == "any":
            return [i for i in cands if value in texts[i]]
        if query.field == "title":
            return [i for i in cands if texts[i].find(value, 0, ends[i]) >= 0]
        if query.field == "abstract":
            return [i for i in cands if texts[i].find(value, ends[i] + 1) >= 0]
        authors = self._authors
        return [i for i in cands if value in authors[i]]

    def _has(self, what: str, cands: list[int]) -> list[int]:
        if what in self._links:
            flags = self._links[what]
        elif what == "note":
            flags = self._noted
        else:
            values = self.numbers[what]
            return [i for i in cands if values[i] is not None]
        return [i for i in cands if flags[i]]

    def _date(self, query: Date, cands: list[int]) -> list[int]:
        dates = self.dates
        first, last = query.first.toordinal(), query.last.toordinal()
        if query.op == "after":
            return [i for i in cands if dates[i] is not None and dates[i] > last]
        if query.op == "before":
            return [i for i in cands if dates[i] is not None and dates[i] < first]
        return [i for i in cands if dates[i] is not None and first <= dates[i] <= last]
