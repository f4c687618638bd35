"""A reading session: which papers are shown, their state, counts, undo and progress.

The UI drives it and renders what it says; all of it works (and is tested) without a UI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reader.model import Paper, fold
from reader.state import PaperState

VIEWS: tuple[tuple[str, str], ...] = (
    ("all", "All"),
    ("unread", "Unread"),
    ("starred", "Starred"),
    ("code", "Has code"),
)
VIEW_LABELS = dict(VIEWS)
EMPTY = PaperState()


@dataclass(slots=True)
class Change:
    """One undoable user action: the states of the papers it touched, before it."""

    label: str
    before: dict[str, PaperState]


@dataclass(slots=True)
class Progress:
    """What this session did, for the status line and the summary on quit."""

    read: set[str] = field(default_factory=set)
    starred: set[str] = field(default_factory=set)

    def summary(self) -> str:
        def papers(n: int) -> str:
            return f"{n} paper" + ("" if n == 1 else "s")

        return f"This session: read {papers(len(self.read))}, starred {len(self.starred)}."

    def short(self) -> str:
        return f"session: {len(self.read)} read, {len(self.starred)} starred"


class ReadingSession:
    """Papers in page order plus filters; `shown` is the list the user sees."""

    def __init__(self, papers: Sequence[Paper], title: str = "") -> None:
        self.papers: list[Paper] = list(papers)
        self.title = title
        self.states: dict[str, PaperState] = {}
        self.store = None  # a reader.state.StateStore once attached
        self.view = "all"
        self.collection: str | None = None
        self.tags: list[str] = []
        self.tag_mode = "all"
        self.search = ""
        self.progress = Progress()
        self.undo_stack: list[Change] = []
        self._search_words: list[str] = []
        self._folded: list[str] | None = None
        self.shown: list[int] = []
        self.recompute()

    # -- state -------------------------------------------------------------------------
    def attach(self, store, states: dict[str, PaperState] | None = None) -> None:
        """Use `store` for state from now on (states may be preloaded off the UI thread)."""
        self.store = store
        self.states = dict(states if states is not None else store.all())
        self.recompute()

    def replace_papers(self, papers: Sequence[Paper]) -> None:
        """New papers (after a fetch); filters and state stay."""
        self.papers = list(papers)
        self._folded = None
        self.recompute()

    def reload_states(self, states: dict[str, PaperState]) -> None:
        self.states = dict(states)
        self.recompute()

    def state(self, paper: Paper) -> PaperState:
        return self.states.get(paper.id, EMPTY)

    def paper_tags(self, paper: Paper) -> tuple[str, ...]:
        user = self.states.get(paper.id, EMPTY).tags
        if not user:
            return paper.tags
        return paper.tags + tuple(t for t in user if t not in paper.tags)

    def _apply(self, label: str, ids: Iterable[str], write: Callable[[], object]) -> None:
        ids = list(ids)
        before = {i: self.states.get(i, EMPTY) for i in ids}
        write()
        for paper_id in ids:
            self.states[paper_id] = self.store.get(paper_id) if self.store else EMPTY
        self.undo_stack.append(Change(label, before))
        del self.undo_stack[:-100]

    def _require_store(self) -> None:
        if self.store is None:
            from reader.errors import ReaderError

            raise ReaderError("The reading state is still loading; try again in a moment.")

    def set_read(self, paper: Paper, read: bool = True) -> bool:
        self._require_store()
        if self.state(paper).read == read:
            return False
        self._apply("read" if read else "unread", [paper.id],
                    lambda: self.store.set_read(paper.id, read))
        (self.progress.read.add if read else self.progress.read.discard)(paper.id)
        return True

    def toggle_read(self, paper: Paper) -> bool:
        read = not self.state(paper).read
        self.set_read(paper, read)
        return read

    def toggle_star(self, paper: Paper) -> bool:
        self._require_store()
        starred = not self.state(paper).starred
        self._apply("star" if starred else "unstar", [paper.id],
                    lambda: self.store.set_starred(paper.id, starred))
        (self.progress.starred.add if starred else self.progress.starred.discard)(paper.id)
        return starred

    def mark_shown_read(self) -> int:
        """Mark every shown unread paper read in one durable write; returns how many."""
        self._require_store()
        ids = [self.papers[i].id for i in self.shown if not self.state(self.papers[i]).read]
        if ids:
            self._apply(f"mark {len(ids)} read", ids, lambda: self.store.set_read_many(ids, True))
            self.progress.read.update(ids)
        return len(ids)

    def set_user_tags(self, paper: Paper, tags: Iterable[str]) -> None:
        self._require_store()
        clean = tuple(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
        self._apply("tags", [paper.id], lambda: self.store.set_tags(paper.id, clean))

    def set_note(self, paper: Paper, note: str) -> None:
        self._require_store()
        self._apply("note", [paper.id], lambda: self.store.set_note(paper.id, note.strip()))

    def mark_opened(self, paper: Paper) -> None:
        if self.store is not None and not self.store.readonly:
            self.states[paper.id] = self.store.mark_opened(paper.id)

    def undo(self) -> str | None:
        """Restore the states the last change replaced; its label, or None if none."""
        if not self.undo_stack:
            return None
        self._require_store()
        change = self.undo_stack.pop()
        self.store.put_many(change.before)
        for paper_id, state in change.before.items():
            self.states[paper_id] = state
            if not state.read:
                self.progress.read.discard(paper_id)
            if not state.starred:
                self.progress.starred.discard(paper_id)
        return change.label

    # -- filters -----------------------------------------------------------------------
    def set_view(self, view: str) -> None:
        if view not in VIEW_LABELS:
            raise ValueError(view)
        self.view = view

    def collections(self) -> list[str]:
        """Collections in the session, newest first (names embed their date)."""
        return sorted({p.collection for p in self.papers if p.collection}, reverse=True)

    def set_collection(self, collection: str | None) -> None:
        self.collection = collection or None

    def step_collection(self, step: int) -> str | None:
        """Move to the next older (step=1) or newer (-1) collection; returns the new one."""
        names = self.collections()
        if not names:
            return None
        if self.collection not in names:
            self.collection = names[0] if step > 0 else names[-1]
        else:
            position = names.index(self.collection) + step
            self.collection = names[max(0, min(position, len(names) - 1))]
        return self.collection

    def toggle_tag(self, tag: str) -> None:
        if tag in self.tags:
            self.tags.remove(tag)
        else:
            self.tags.append(tag)

    def toggle_tag_mode(self) -> str:
        self.tag_mode = "any" if self.tag_mode == "all" else "all"
        return self.tag_mode

    def set_search(self, text: str) -> None:
        self.search = text
        self._search_words = fold(text).split()

    def clear_filters(self) -> None:
        self.view, self.tags, self.tag_mode, self.collection = "all", [], "all", None
        self.set_search("")

    def _folded_text(self, index: int) -> str:
        if self._folded is None:
            self._folded = [fold(p.title + "\n" + p.abstract) for p in self.papers]
        return self._folded[index]

    def _in_view(self, view: str, paper: Paper) -> bool:
        if view == "all":
            return True
        state = self.states.get(paper.id, EMPTY)
        if view == "unread":
            return not state.read
        if view == "starred":
            return state.starred
        return paper.primary_code_link is not None

    def _matches_search(self, index: int) -> bool:
        if not self._search_words:
            return True
        text = self._folded_text(index)
        return all(word in text for word in self._search_words)

    def _matches_tags(self, tags: Iterable[str]) -> bool:
        if not self.tags:
            return True
        have = set(tags)
        if self.tag_mode == "all":
            return all(t in have for t in self.tags)
        return any(t in have for t in self.tags)

    def _in_collection(self, paper: Paper) -> bool:
        return self.collection is None or paper.collection == self.collection

    def recompute(self) -> list[int]:
        """Recompute `shown`; returns it."""
        self.shown = [
            i for i, p in enumerate(self.papers)
            if self._in_collection(p) and self._in_view(self.view, p)
            and self._matches_tags(self.paper_tags(p))
            and self._matches_search(i)
        ]
        return self.shown

    # -- counts and words --------------------------------------------------------------
    def view_counts(self) -> dict[str, int]:
        """For each view: how many papers it would show with the current tags and search."""
        base = [p for i, p in enumerate(self.papers)
                if self._in_collection(p) and self._matches_search(i)
                and self._matches_tags(self.paper_tags(p))]
        return {view: sum(1 for p in base if self._in_view(view, p)) for view, _ in VIEWS}

    def tag_counts(self) -> Counter[str]:
        """For each tag: how many papers in the current view and search carry it."""
        counts: Counter[str] = Counter()
        for i, paper in enumerate(self.papers):
            if self._in_collection(paper) and self._in_view(self.view, paper) \
                    and self._matches_search(i):
                counts.update(self.paper_tags(paper))
        return counts

    def collection_counts(self) -> Counter[str]:
        """For each collection: how many papers the current view, tags and search leave."""
        counts: Counter[str] = Counter()
        for i, paper in enumerate(self.papers):
            if self._in_view(self.view, paper) and self._matches_search(i) \
                    and self._matches_tags(self.paper_tags(paper)):
                counts[paper.collection] += 1
        return counts

    def all_tags(self) -> list[str]:
        """Every tag in the session, most common first (user tags included)."""
        counts: Counter[str] = Counter()
        for paper in self.papers:
            counts.update(self.paper_tags(paper))
        return [tag for tag, _ in counts.most_common()]

    def read_count(self) -> int:
        return sum(1 for p in self.papers if self.states.get(p.id, EMPTY).read)

    def describe_filter(self) -> str:
        parts = [VIEW_LABELS[self.view]]
        if self.collection:
            parts.append(self.collection)
        if self.tags:
            joiner = " + " if self.tag_mode == "all" else " | "
            mode = "all of" if self.tag_mode == "all" else "any of"
            parts.append(f"tags {mode} {joiner.join(self.tags)}")
        if self.search.strip():
            parts.append(f'search "{self.search.strip()}"')
        return " · ".join(parts)

    def next_unread(self, position: int, step: int = 1) -> int | None:
        """The position in `shown` of the next (step=1) or previous (-1) unread paper."""
        candidates = range(position + step, len(self.shown)) if step > 0 \
            else range(position - 1, -1, -1)
        for pos in candidates:
            if not self.state(self.papers[self.shown[pos]]).read:
                return pos
        return None
