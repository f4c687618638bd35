"""The detail pane: one paper in full, links numbered, search words highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.model import Paper
from reader.state import PaperState


def render_paper(paper: Paper, state: PaperState, tags: Sequence[str],
                 highlight: Sequence[str] = ()) -> Group:
    """A Rich renderable of the whole paper, for the detail pane and the reading view."""
    title = Text(paper.title, style="bold")
    marks = []
    if state.starred:
        marks.append("★ starred")
    marks.append("read" if state.read else "unread")
    meta = Text(" · ".join(filter(None, [
        paper.date.isoformat() if paper.date else "",
        paper.collection,
        f"▲ {paper.upvotes}" if paper.upvotes is not None else "",
        f"☆ {paper.github_stars} GitHub" if paper.github_stars is not None else "",
        f"{paper.comments} comments" if paper.comments else "",
        *marks,
    ])), style="dim")
    parts: list[object] = [title, meta]
    if tags:
        parts.append(Text("tags: " + "  ".join(tags), style="italic"))
    if paper.authors:
        parts.append(Text(", ".join(paper.authors), style="dim italic"))
    abstract = Text(paper.abstract)
    words = [w for w in highlight if len(w) > 1]
    if words:
        abstract.highlight_words(words, style="reverse", case_sensitive=False)
        title.highlight_words(words, style="reverse", case_sensitive=False)
    parts += [Text(""), abstract]
    if paper.links:
        parts.append(Text(""))
        for number, link in enumerate(paper.links, 1):
            line = Text(f"[{number}] ", style="bold")
            line.append(f"{link.kind:<8}", style="dim")
            line.append(link.url, style="underline")
            parts.append(line)
    if state.note:
        parts += [Text(""), Text("note: " + state.note, style="italic")]
    return Group(*parts)


class DetailPane(VerticalScroll, can_focus=True):
    """Shows the highlighted paper."""

    def compose(self):
        yield Static(id="detail-body")

    def show(self, paper: Paper | None, state: PaperState | None = None,
             tags: Sequence[str] = (), highlight: Sequence[str] = ()) -> None:
        key = None if paper is None else (paper.id, state, tuple(tags), tuple(highlight))
        if key == getattr(self, "_shown", False):
            return  # same paper, state and search words: nothing to redraw
        previous = getattr(self, "_shown", None)
        same_paper = paper is not None and previous is not None and previous[0] == paper.id
        self._shown = key
        body = self.query_one("#detail-body", Static)
        if paper is None:
            body.update(Text("No paper selected.", style="dim"))
        else:
            # Only the search words changed: same text, same height, no layout pass.
            body.update(render_paper(paper, state or PaperState(), tags, highlight),
                        layout=not (same_paper and previous[1:3] == key[1:3]))
        if not same_paper:
            self.scroll_home(animate=False)
