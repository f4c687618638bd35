"""The detail pane: one paper in full, links numbered, search words highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from reader.model import Paper
from reader.state import PaperState
from reader.ui.paper_render import EMPTY, render_paper


class DetailPane(ScrollView, can_focus=True):
    """Shows the highlighted paper, painted line by line (the line API, like the list).

    The paper is wrapped once per paper, width and look into strips; the pane's height is
    theirs, so showing another paper repaints this pane instead of laying out the screen
    (a Static in a scroll container measures its new content in a layout pass, ~30 ms).
    """

    DEFAULT_CSS = """
    DetailPane { overflow-x: hidden; overflow-y: scroll; }
    """

    # Always a scrollbar (overflow-y: scroll) and a virtual size that asks for no layout:
    # a longer or shorter paper changes this pane only.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._shown: tuple | None | bool = False
        self._content: RenderableType = EMPTY
        self._strips: list[Strip] = []
        self._wrapped_at = -1
        self._base_style = Style()

    @property
    def content(self) -> RenderableType:
        """What the pane shows (a Rich renderable)."""
        return self._content

    def show(self, paper: Paper | None, state: PaperState | None = None,
             tags: Sequence[str] = (), highlight: Sequence[str] = (), why: str = "") -> None:
        key = None if paper is None else (paper.id, state, tuple(tags), tuple(highlight), why)
        if key == self._shown:
            return  # same paper, state and search words: nothing to redraw
        previous = self._shown
        same_paper = paper is not None and isinstance(previous, tuple) and \
            previous[0] == paper.id
        self._shown = key
        self._content = EMPTY if paper is None else \
            render_paper(paper, state or PaperState(), tags, highlight, why=why)
        self._wrap()
        if not same_paper:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        """Cut the content into strips at the pane's width; the height follows them."""
        if not self.size.width:  # not laid out yet: on_resize wraps it at its real width
            self._wrapped_at = -1
            return
        width = max(self.scrollable_content_region.width, 1)
        self._wrapped_at = width
        console = self.app.console
        lines = console.render_lines(self._content, console.options.update_width(width),
                                     pad=True)
        self._strips = [Strip(line, width) for line in lines]
        self.virtual_size = Size(width, len(self._strips))
        self._refresh_scrollbars()

    def on_resize(self) -> None:
        if self.is_mounted and self.scrollable_content_region.width != self._wrapped_at:
            self._wrap()
            self.refresh()

    def notify_style_update(self) -> None:
        """A new theme: paint again with its colours."""
        super().notify_style_update()
        if self._wrapped_at >= 0:
            self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once per paint, not per line: `rich_style` walks every ancestor's styles.
        self._base_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_offset.y)
        if row >= len(self._strips):
            return Strip.blank(self.scrollable_content_region.width, self._base_style)
        strip = self._strips[row]
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(row)) is not None:
            strip = self._select(strip, *span)
        # Offsets: the mouse can select the pane's text (get_selection gives it back).
        return strip.apply_style(self._base_style).apply_offsets(0, row)

    def _select(self, strip: Strip, start: int, end: int) -> Strip:
        """`strip` with cells start..end (-1: to its end) in the selection's style."""
        end = strip.cell_length if end == -1 else min(end, strip.cell_length)
        if start >= end:
            return strip
        before, chosen, after = strip.divide([start, end, strip.cell_length])
        style = self.screen.get_component_rich_style("screen--selection")
        chosen = Strip(Segment.apply_style(list(chosen), post_style=style), chosen.cell_length)
        return Strip.join([before, chosen, after])

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        text = "\n".join(strip.text.rstrip() for strip in self._strips)
        return selection.extract(text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
