"""The paper list: a line-API widget that renders only the rows on screen.

One row per paper: unread mark, star, the title, then its upvotes and a code badge; tags only
where the whole title fits (titles first: a reader scans by title, then upvotes). It holds a
sequence of row indices into the session's papers and asks the session for the state of each
visible row as it paints, so 100,000 rows cost no more than 40.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.model import Paper
from reader.state import PaperState

UNREAD_MARK = "●"
STAR_MARK = "★"
CODE_BADGE = " code"
TITLE_FIRST = 55  # cells of the title kept before any badge is shown

def _cells(text: str) -> int:
    """Terminal cells `text` takes (an ASCII string: one per character, no table lookups)."""
    return len(text) if text.isascii() else cell_len(text)


def _fit(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending in an ellipsis when it had to be cut."""
    if _cells(text) <= cells:
        return text
    if text.isascii():
        return text[:cells - 1] + "…"
    return set_cell_size(text, cells - 1) + "…"


RowInfo = Callable[[Paper], tuple[PaperState, tuple[str, ...]]]


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One case-blind pattern of the words searched for (longest first), or None."""
    words = sorted({w for w in words if len(w) > 1}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE)


class PaperList(ScrollView, can_focus=True):
    """A virtual list of papers with a cursor."""

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--unread",
        "paper-list--read",
        "paper-list--star",
        "paper-list--badge",
        "paper-list--empty",
    }

    DEFAULT_CSS = """
    PaperList { overflow-x: hidden; overflow-y: scroll; }
    """

    # The vertical scrollbar always shows (overflow-y: scroll), so a new number of rows never
    # changes the list's layout: repainting the list and its scrollbar is enough, instead of
    # a layout of the whole screen on every keystroke of a search.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "select", "Open", id="list.select", tooltip="Read the paper full screen"),
    ]

    # repaint=False: a move repaints the two rows it touches (watch_cursor), not all of them.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another paper (or the list became empty: paper is None)."""

        def __init__(self, paper_list: PaperList, paper: Paper | None) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.paper = paper

        @property
        def control(self) -> PaperList:
            return self.paper_list

    class Selected(Message):
        """Enter was pressed on a paper."""

        def __init__(self, paper_list: PaperList, paper: Paper) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.paper = paper

        @property
        def control(self) -> PaperList:
            return self.paper_list

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._papers: Sequence[Paper] = ()
        self._rows: Sequence[int] = ()
        self._row_info: RowInfo = lambda paper: (PaperState(), paper.tags)
        self.empty_text = "No papers match this filter."
        # Painted rows, by what decides their look: a row that scrolls back, or shows up again
        # in the next keystroke's result, costs a lookup instead of a render.
        self._strips: dict[tuple, Strip] = {}
        self._base_style = Style()
        self._highlight: re.Pattern[str] | None = None

    # -- data --------------------------------------------------------------------------
    def set_rows(self, papers: Sequence[Paper], rows: Sequence[int], row_info: RowInfo,
                 keep: str | None = None, highlight: Sequence[str] = ()) -> None:
        """Show `rows` (indices into `papers`); keep the cursor on paper id `keep` if shown;
        `highlight`: the words searched for, marked in the titles."""
        self._highlight = _pattern(highlight)
        kept = self.current_position if papers is self._papers else None
        if kept is not None and papers[kept].id != keep:
            kept = None
        self._papers, self._rows, self._row_info = papers, rows, row_info
        self.virtual_size = Size(self.size.width, len(rows))
        self._refresh_scrollbars()
        # The cursor stays on its paper while that paper is shown; otherwise (a search or
        # filter left it out) it goes to the first hit, not wherever the old row number was.
        target = 0
        if keep is not None:
            target = self._position_of(kept, keep) or 0
        self.refresh()
        self.cursor = target

    def _position_of(self, index: int | None, paper_id: str) -> int | None:
        """Where paper `paper_id` (at `index` in the papers, when known) is in the rows."""
        if index is not None:
            try:
                return self._rows.index(index)  # a C loop: ~0.1 ms over 100k rows
            except ValueError:
                return None
        papers = self._papers
        for position, at in enumerate(self._rows):
            if papers[at].id == paper_id:
                return position
        return None

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def current_position(self) -> int | None:
        """The cursor's paper as a position in the papers sequence."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    @property
    def current(self) -> Paper | None:
        if 0 <= self.cursor < len(self._rows):
            return self._papers[self._rows[self.cursor]]
        return None

    def refresh_rows(self) -> None:
        """Repaint every row shown (the state of many papers changed, the rows did not)."""
        self.refresh()

    def refresh_paper(self, paper: Paper) -> None:
        """Repaint the row of `paper` (its state changed), if it is on screen."""
        top = round(self.scroll_offset.y)
        for row in range(top, min(top + self.size.height, len(self._rows))):
            if self._papers[self._rows[row]] is paper:
                self.refresh_line(row)

    # -- cursor ------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        self.post_message(self.Highlighted(self, self.current))

    def refresh_line(self, row: int) -> None:
        y = row - round(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_select(self) -> None:
        if (paper := self.current) is not None:
            self.post_message(self.Selected(self, paper))

    def on_click(self, event) -> None:
        row = event.y + round(self.scroll_offset.y)
        if 0 <= row < len(self._rows):
            self.focus()
            if row == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = row

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows))

    # -- painting ----------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # Once per paint, not per row: `rich_style` walks every ancestor's styles (~0.1 ms).
        self._base_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        base = self._base_style
        if not self._rows:
            if y == 0:
                style = base + self.get_component_rich_style("paper-list--empty")
                return Strip([Segment(f" {self.empty_text}"[:width].ljust(width), style)], width)
            return Strip.blank(width, base)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        paper = self._papers[self._rows[row]]
        state, tags = self._row_info(paper)
        is_cursor = row == self.cursor
        key = (paper.id, state.read, state.starred, tags, width, is_cursor,
               is_cursor and self.has_focus, self._highlight)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 4000:
                self._strips.clear()
            strip = Strip(self._row_segments(paper, state, tags, width, is_cursor), width)
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        """The theme or styles changed: painted rows are stale."""
        self._strips.clear()
        super().notify_style_update()

    def _row_segments(self, paper: Paper, state: PaperState, tags: tuple[str, ...],
                      width: int, is_cursor: bool) -> list[Segment]:
        style = self.get_component_rich_style

        def overlay(name: str) -> Style:
            # Only the component's own colour: its background must not hide the cursor's.
            return style(name, partial=True)

        base = self._base_style + style(
            "paper-list--read" if state.read else "paper-list--unread")
        if is_cursor and self.has_focus:
            base = base + style("paper-list--cursor")
        elif is_cursor:
            base = base + style("paper-list--cursor") + Style(dim=True)
        mark = UNREAD_MARK if not state.read else " "
        star = STAR_MARK if state.starred else " "
        left = [Segment(f" {mark}", base), Segment(f"{star} ", base + overlay("paper-list--star"))]
        room = width - 4
        title = _cells(paper.title)
        # Upvotes, then the code badge, then tags: each only while the title keeps
        # TITLE_FIRST cells (or all of itself); tags only where the whole title fits.
        right: list[Segment] = []
        used = 0
        candidates = []
        quiet = base + Style(dim=True, bold=False)  # counts and tags: there, not loud
        if paper.upvotes is not None:
            candidates.append((f" ▲{paper.upvotes:>4}", quiet, False))
        if paper.primary_code_link is not None:
            candidates.append((CODE_BADGE, base + overlay("paper-list--badge"), False))
        topic = [t for t in tags if t != "has-code"][:2]
        if topic:
            candidates.append((f" {' '.join(topic)}", quiet, True))
        for text, look, whole_title in candidates:
            # 2: the row's last space, and a gap that keeps a badge apart from the title
            left_for_title = room - used - _cells(text) - 2
            if left_for_title >= title or (not whole_title and left_for_title >= TITLE_FIRST):
                right.append(Segment(text, look))
                used += _cells(text)
        right.append(Segment(" ", base))
        used += 1
        gap = 1 if len(right) > 1 else 0  # title, two spaces, badges: never "Title code"
        title_text = _fit(paper.title, max(room - used - gap, 1))
        padding = max(room - used - _cells(title_text), 0)
        return [*left, *self._title_segments(title_text, base), Segment(" " * padding, base),
                *right]

    def _title_segments(self, title: str, base: Style) -> list[Segment]:
        """The title with the words searched for underlined (as the detail pane marks them)."""
        if self._highlight is None:
            return [Segment(title, base)]
        marked = base + Style(underline=True, bold=True)
        segments, at = [], 0
        for found in self._highlight.finditer(title):
            if found.start() > at:
                segments.append(Segment(title[at:found.start()], base))
            segments.append(Segment(found.group(), marked))
            at = found.end()
        if at < len(title):
            segments.append(Segment(title[at:], base))
        return segments

    def _on_focus(self, event) -> None:
        super()._on_focus(event)
        self.refresh_line(self.cursor)

    def _on_blur(self, event) -> None:
        super()._on_blur(event)
        self.refresh_line(self.cursor)
