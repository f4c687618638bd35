"""A reading session: which papers are shown, their state, counts, undo and progress.

The UI drives it and renders what it says; all of it works (and is tested) without a UI.
Filtering goes through `reader.query`: the sidebar's choices become the base query and the
search box's text the typed one, evaluated by a `LiveSearch` over a `SearchIndex`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.filters import SORT_LABELS, SORTS, VIEW_LABELS, VIEWS, Filters, highlight_terms
from reader.model import Paper
from reader.session_counts import SessionCounts
from reader.state.model import PaperState

if TYPE_CHECKING:
    from reader.query import LiveSearch, QueryError, SearchIndex

__all__ = ["VIEWS", "ReadingSession", "Progress", "Change"]
EMPTY = PaperState()


def _named(paper: Paper) -> str:
    """A paper in an undo message: its title, cut to fit a notice."""
    title = paper.title if len(paper.title) <= 40 else paper.title[:39] + "…"
    return f"“{title}”"


@dataclass(slots=True)
class SavedSearchDeleted:
    """A deleted saved search, kept so that u brings it back."""

    name: str
    query: str

    @property
    def label(self) -> str:
        return f"deleting the saved search {self.name!r}"


@dataclass(slots=True)
class Change:
    """One undoable user action: the states of the papers it touched, before it."""

    label: str
    before: dict[str, PaperState]
    after: dict[str, PaperState] = field(default_factory=dict)  # what the change set


@dataclass(slots=True)
class Progress:
    """What this session did, for the status line and the summary on quit."""

    read: set[str] = field(default_factory=set)
    starred: set[str] = field(default_factory=set)

    def summary(self) -> str:
        papers = "paper" if len(self.read) == 1 else "papers"
        return f"This session: read {len(self.read)} {papers}, starred {len(self.starred)}."

    def short(self) -> str:
        return f"session: {len(self.read)} read, {len(self.starred)} starred"


class ReadingSession(SessionCounts):
    """Papers in page order plus filters; `shown` is the list the user sees."""

    # A session bigger than this shows the first screenful of a search at once and leaves
    # the rest, and the sidebar's counts, to worker threads.
    LARGE = 20_000
    SCREENFUL = 120
    BUDGET = 0.004  # seconds a keystroke may spend on the whole answer in a large session

    def __init__(self, papers: Sequence[Paper], title: str = "", *,
                 index: SearchIndex | None = None,
                 index_of: Callable[[], SearchIndex] | None = None,
                 abstract_of: Callable[[int], str] | None = None,
                 expected: int | None = None) -> None:
        self.title = title
        self.states: dict[str, PaperState] = {}
        self.store = None  # a reader.state.StateStore once attached
        self.filters = Filters()
        self.search = ""
        self.search_error: QueryError | None = None
        self.progress = Progress()
        self.undo_stack: list[Change] = []
        # A fixed list shown instead of the filter's result ("more like this"): positions and
        # what to call them. Any change of view, tags, day, sort or search lets it go.
        self.pinned: tuple[list[int], str] | None = None
        self.known: set[str] | None = None  # paper ids known at the last session's end
        self.saved: list = []  # reader.query.SavedSearch, loaded by the UI off its event loop
        self.shown: list[int] = []
        self.complete = True  # False: `shown` is the first screenful; a worker finds the rest
        self.match_count: int | None = 0  # None: not known yet (a worker is counting)
        self.expected = expected  # papers still loading (None: all are here)
        self.replace_papers(papers, index=index, index_of=index_of, abstract_of=abstract_of)

    # -- papers and state --------------------------------------------------------------
    def replace_papers(self, papers: Sequence[Paper], *, index: SearchIndex | None = None,
                       index_of: Callable[[], SearchIndex] | None = None,
                       abstract_of: Callable[[int], str] | None = None) -> None:
        """New papers (start-up, after a fetch); filters, search and state stay.

        Without `index`, the search index (and the query engine) is made when something
        first filters, sorts or counts, by `index_of` (e.g. read from the catalog cache) or
        else from the papers: every paper in page order needs neither."""
        had_engine = getattr(self, "_live", None) is not None
        self.papers: list[Paper] = list(papers)
        self.abstract_of = abstract_of
        if index is not None and self.states:
            index.load_states(self.states)
        self._index = index
        self._index_of = index_of
        self._live: LiveSearch | None = None
        self.large = len(self.papers) > self.LARGE
        self._orders: dict[tuple[str, str | None], list[int] | None] = {}
        self._read_count: int | None = None
        names = {p.collection for p in self.papers if p.collection}
        names.update(name for p in self.papers if p.also_in for name in p.also_in)  # issue 16
        self._collections = sorted(names, reverse=True)
        if had_engine:  # made again here, on the caller's (UI) thread, not in a worker
            self.prepare_engine()
        self.recompute()

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            if self._index_of is not None:
                index = self._index_of()
                if self.states:
                    index.load_states(self.states)
            else:
                from reader.query import SearchIndex

                index = SearchIndex(self.papers, lambda i: self.states.get(i, EMPTY))
            self._index = index
        return self._index

    @property
    def live(self) -> LiveSearch:
        if self._live is None:
            from reader.query import LiveSearch

            self._live = LiveSearch(self.index, self.filters.base(),
                                    limit=self.SCREENFUL if self.large else None,
                                    budget=self.BUDGET if self.large else None)
            if self.search:
                self._live.update(self.search)
        return self._live

    @property
    def engine_ready(self) -> bool:
        """True once the search index and the live search exist."""
        return self._live is not None

    def prepare_engine(self) -> None:
        """Make the search index and the live search now, on the calling thread (the UI's:
        never first in a worker, which would race the UI thread to make them)."""
        self.live  # noqa: B018 (the property makes them)

    @property
    def loading(self) -> bool:
        return self.expected is not None and self.expected > len(self.papers)

    def paper_at(self, position: int) -> Paper:
        """The paper at `position` with its abstract (read on demand when it is lazy)."""
        paper = self.papers[position]
        if not paper.abstract and self.abstract_of is not None:
            return paper.with_changes(abstract=self.abstract_of(position))
        return paper

    def attach(self, store, states: dict[str, PaperState] | None = None) -> None:
        """Use `store` for state from now on (states may be preloaded off the UI thread)."""
        self.store = store
        self.reload_states(states if states is not None else store.all())

    def reload_states(self, states: dict[str, PaperState]) -> None:
        """Take the states on disk (another session may have changed them)."""
        changed = {i for i in self.states.keys() | states.keys()
                   if self.states.get(i) != states.get(i)}
        self.states = dict(states)
        if self._index is not None:  # an index built later reads the states then
            for paper_id in changed:
                self._index.update_state(paper_id, self.states.get(paper_id, EMPTY))
        self._state_changed()
        self.recompute()

    def state(self, paper: Paper) -> PaperState:
        return self.states.get(paper.id, EMPTY)

    def paper_tags(self, paper: Paper) -> tuple[str, ...]:
        user = self.states.get(paper.id, EMPTY).tags
        if not user:
            return paper.tags
        return paper.tags + tuple(t for t in user if t not in paper.tags)

    def _require_store(self) -> None:
        if self.store is None:
            from reader.errors import ReaderError

            raise ReaderError("The reading state is still loading; try again in a moment.")

    def _apply(self, label: str, ids: Iterable[str], write: Callable[[], object]) -> None:
        self._require_store()
        ids = list(dict.fromkeys(ids))
        before = {i: self.states.get(i, EMPTY) for i in ids}
        write()
        if self.store.refresh():  # the write caught up with another session: show it all
            self.reload_states(self.store.all())
        self._took(ids)
        after = {i: self.states.get(i, EMPTY) for i in ids}
        self.undo_stack.append(Change(label, before, after))
        del self.undo_stack[:-100]

    def _took(self, ids: Iterable[str]) -> None:
        """Copy the stored states of `ids` into the session and the search index."""
        for paper_id in ids:
            state = self.store.get(paper_id)
            self.states[paper_id] = state
            if self._index is not None:
                self._index.update_state(paper_id, state)
        self._state_changed()

    def _state_changed(self) -> None:
        """Read state moved: searches on it and the 'unread first' order must be redone."""
        self._orders = {key: order for key, order in self._orders.items()
                        if key[0] not in ("unread", "foryou")}
        self._read_count = None
        if self._live is not None:
            self._live.refresh()

    def set_read(self, paper: Paper, read: bool = True) -> bool:
        self._require_store()
        if self.state(paper).read == read:
            return False
        self._apply(f"marking {_named(paper)} {'read' if read else 'unread'}", [paper.id],
                    lambda: self.store.set_read(paper.id, read))
        (self.progress.read.add if read else self.progress.read.discard)(paper.id)
        return True

    def toggle_read(self, paper: Paper) -> bool:
        self._require_store()
        read = not self.state(paper).read
        self.set_read(paper, read)
        return read

    def toggle_star(self, paper: Paper) -> bool:
        self._require_store()
        starred = not self.state(paper).starred
        self._apply(f"{'starring' if starred else 'unstarring'} {_named(paper)}", [paper.id],
                    lambda: self.store.set_starred(paper.id, starred))
        (self.progress.starred.add if starred else self.progress.starred.discard)(paper.id)
        return starred

    def mark_shown_read(self) -> int:
        """Mark every shown unread paper read in one durable write; returns how many."""
        self._require_store()
        ids = [self.papers[i].id for i in self.shown if not self.state(self.papers[i]).read]
        if ids:
            self._apply(f"marking {len(ids)} papers read", ids,
                        lambda: self.store.set_read_many(ids, True))
            self.progress.read.update(ids)
        return len(ids)

    def set_user_tags(self, paper: Paper, tags: Iterable[str]) -> None:
        clean = tuple(dict.fromkeys(t.strip().lower().replace(" ", "-")
                                    for t in tags if t.strip()))
        self._apply(f"the tags of {_named(paper)}", [paper.id], lambda: self.store.set_tags(paper.id, clean))

    def set_note(self, paper: Paper, note: str) -> None:
        self._apply(f"the note of {_named(paper)}", [paper.id], lambda: self.store.set_note(paper.id, note.strip()))

    def mark_opened(self, paper: Paper) -> None:
        if self.store is not None and not self.store.readonly:
            self.states[paper.id] = self.store.mark_opened(paper.id)

    def undo(self) -> str | None:
        """Restore the states the last change replaced; its label, or None if none."""
        if not self.undo_stack:
            return None
        self._require_store()
        change = self.undo_stack.pop()
        # Only the fields this change set, and only where nobody changed them since: undo
        # never erases what another terminal did meanwhile.
        self.store.revert(change.before, change.after)
        if self.store.refresh():
            self.reload_states(self.store.all())
        self._took(change.before)
        for paper_id in change.before:
            state = self.states.get(paper_id, EMPTY)
            if not state.read:
                self.progress.read.discard(paper_id)
            if not state.starred:
                self.progress.starred.discard(paper_id)
        return change.label

    # -- filters -----------------------------------------------------------------------
    @property
    def view(self) -> str:
        return self.filters.view

    @property
    def tags(self) -> list[str]:
        return self.filters.tags

    @property
    def tag_mode(self) -> str:
        return self.filters.tag_mode

    @property
    def collection(self) -> str | None:
        return self.filters.collection

    @property
    def sort(self) -> str:
        return self.filters.sort

    def set_view(self, view: str) -> None:
        self.pinned = None
        if view not in VIEW_LABELS:
            raise ValueError(view)
        self.filters.view = view

    def collections(self) -> list[str]:
        """Collections in the session, newest first (names embed their date)."""
        return self._collections

    def set_collection(self, collection: str | None) -> None:
        self.pinned = None
        self.filters.collection = collection or None

    def step_collection(self, step: int) -> str | None:
        """Move to the next older (step=1) or newer (-1) collection; returns the new one."""
        names = self._collections
        if len(names) < 2:
            return None
        current = self.filters.collection
        if current not in names:  # from all days, either way: the newest day first
            current = names[0]
        else:
            current = names[max(0, min(names.index(current) + step, len(names) - 1))]
        self.filters.collection = current
        return current

    def toggle_tag(self, tag: str) -> None:
        self.pinned = None
        tags = self.filters.tags
        tags.remove(tag) if tag in tags else tags.append(tag)

    def toggle_tag_mode(self) -> str:
        self.filters.tag_mode = "any" if self.filters.tag_mode == "all" else "all"
        return self.filters.tag_mode

    def cycle_sort(self) -> str:
        self.pinned = None
        keys = [key for key, _ in SORTS]
        self.filters.sort = keys[(keys.index(self.filters.sort) + 1) % len(keys)]
        return self.filters.sort

    def set_search(self, text: str) -> QueryError | None:
        """Search with the query language; a malformed query keeps the last good result."""
        if text != self.search:
            self.pinned = None
        self.search = text
        self.search_error = self.live.update(text).error
        return self.search_error

    def clear_filters(self) -> None:
        self.pinned = None
        sort = self.filters.sort
        self.filters = Filters(sort=sort)
        self.set_search("")

    def _order(self) -> list[int] | None:
        """Display order: the sort, restricted to the chosen collection (None: page order)."""
        key = (self.filters.sort, self.filters.collection)
        if key not in self._orders:
            order: Sequence[int] = range(len(self.papers))
            if self.filters.collection:
                wanted, papers = self.filters.collection, self.papers
                order = [i for i in order if papers[i].collection == wanted
                         or wanted in papers[i].also_in]  # a paper on several days: issue 16
            if self.filters.sort != "page":
                from reader.query import sort_indices

                order = sort_indices(self.index, order, self.filters.sort)
            self._orders[key] = None if isinstance(order, range) else list(order)
        return self._orders[key]

    def recompute(self) -> list[int]:
        """Recompute `shown` (the first screenful only, in a large session); returns it."""
        if self.pinned is not None:
            self.shown = list(self.pinned[0])
            self.complete, self.match_count = True, len(self.shown)
            return self.shown
        if self._live is None and not self.search and self.filters.unfiltered():
            self.shown = list(range(len(self.papers)))
            self.complete, self.match_count = True, len(self.shown)
            return self.shown
        order = self._order()
        if self.live.order is not order:
            self.live.set_order(order)
        result = self.live.set_base(self.filters.base())
        self.shown = list(result.positions)
        self.complete = result.complete
        self.match_count = result.count if result.count is not None else \
            (len(self.shown) if self.complete else None)
        return self.shown

    def completion(self):
        """What a worker needs to find the rest of the current result: a callable that
        returns the full positions (safe off the UI thread), and a token to check that the
        result is still the current one when it comes back."""
        result = self.live.result
        return (lambda tick=None: self.live.complete(result, tick)), result

    def take_completion(self, token, full) -> bool:
        """Show the full result if the filter has not changed since; True when it was used."""
        if self.live.result is not full and self.live.result is not token:
            return False
        self.shown = list(full.positions)
        self.complete = True
        self.match_count = len(self.shown)
        return True

    def read_count(self) -> int:
        """Read papers of this session (state may also hold papers of other catalogs).
        Kept until the state or the papers change: the status line asks on every key."""
        if self._read_count is None:
            if self._index is None:
                ids = {paper.id for paper in self.papers}
                self._read_count = sum(1 for i, s in self.states.items() if s.read and i in ids)
            else:
                positions = self._index.positions
                self._read_count = sum(1 for i, s in self.states.items()
                                       if s.read and positions(i))
        return self._read_count

    def highlight(self) -> list[str]:
        if self._live is None:
            return []
        return highlight_terms(self._live.result.query)

    def pin(self, positions: list[int], label: str) -> None:
        """Show `positions` (in this order) until the filter changes; `label` says what."""
        self.pinned = (list(positions), label)
        self.recompute()

    def describe_filter(self) -> str:
        if self.pinned is not None:
            return self.pinned[1]
        described = self.live.result.query.describe() if self._live is not None \
            else "all papers"  # what an unfiltered session's MATCH_ALL says
        parts = [described[:1].upper() + described[1:]]
        if self.filters.collection:
            parts.append(f"in {self.filters.collection}")
        if self.filters.sort != "page":
            parts.append(f"sorted by {SORT_LABELS[self.filters.sort]}")
        return " · ".join(parts)

    def next_unread(self, position: int, step: int = 1) -> int | None:
        """The position in `shown` of the next (step=1) or previous (-1) unread paper."""
        candidates = range(position + step, len(self.shown)) if step > 0 \
            else range(position - 1, -1, -1)
        for pos in candidates:
            if not self.state(self.papers[self.shown[pos]]).read:
                return pos
        return None


def catalog_title(papers: Sequence[Paper]) -> str:
    """'Daily Papers · 2025-09-25' for one day, else how many collections."""
    collections = sorted({p.collection for p in papers if p.collection})
    if len(collections) == 1:
        name = collections[0]
        if name.startswith("daily-"):
            return f"Daily Papers · {name.removeprefix('daily-')}"
        return name
    if collections:
        return f"{len(collections)} collections"
    return "Papers"
