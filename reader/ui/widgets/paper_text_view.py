"""The paper's full text as a line-API widget: only the lines on screen are rendered (a
30-page paper is ~3,000 lines; a key scrolls in well under a frame). Lines come from
reader.fulltext.layout, styled through component classes (colours from the theme), with the
find matches and the link cursor painted over them."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.fulltext.layout import HEADER, Layout, layout
from reader.fulltext.model import Document

MAX_WIDTH = 100  # a comfortable line length; wider terminals get margins
STYLE_CLASSES = {"title", "author", "h1", "h2", "h3", "rule", "label", "caption", "table", "em",
                 "bold", "code", "math", "tex", "cite", "ref", "link", "note", "image"}


class PaperTextView(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {f"paper-text--{name}" for name in STYLE_CLASSES} | {
        "paper-text--match", "paper-text--current-match", "paper-text--link-cursor"}

    DEFAULT_CSS = """
    PaperTextView { overflow-x: hidden; overflow-y: scroll; }
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    class TopChanged(Message):
        """The top line shows another block (the reading place moved)."""

        def __init__(self, block: int) -> None:
            super().__init__()
            self.block = block

    class LaidOut(Message):
        """The whole paper is laid out (the place in it, as a share, is exact from now)."""

    @property
    def share(self) -> int:
        """How far through the paper the bottom of the screen is, in percent."""
        laid = self.laid
        if laid is None or not laid.lines:
            return 0
        if laid.complete:
            bottom = self.top_line + self.scrollable_content_region.height
            return min(100, round(100 * bottom / len(laid.lines)))
        blocks = len(laid.document.blocks) if laid.document else 0
        return min(100, round(100 * self.top_block / max(blocks, 1)))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.laid: Layout | None = None
        self.matches: list[tuple[int, int]] = []
        self.match_length = 0
        self.match_index = -1
        self.link: tuple[int, int, int, str, str] | None = None  # line, start, end, style, target
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._base = Style()
        self._top_block = 0
        self._report_timer = None

    # -- content ------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return max(20, min(self.scrollable_content_region.width - 2, MAX_WIDTH))

    def set_document(self, document: Document, top_block: int = 0) -> None:
        self.document = document
        self._relayout(top_block)

    def _relayout(self, top_block: int) -> None:
        if self.document is None:
            return
        # The first screen needs the first blocks only (or those up to the reading place):
        # the rest is laid out in steps after the first frame (_lay_out_more).
        height = max(self.scrollable_content_region.height, 24)
        self.laid = layout(self.document, self.text_width, until_lines=2 * height)
        self._strips.clear()
        self.link = None
        if self.matches and self.match_length:
            self.matches = []
        line = self.laid.line_of_block(top_block) if top_block else 0
        self.laid.extend(until_lines=line + 2 * height)
        self._size_virtually()
        self.scroll_to_line(line)
        self.refresh()
        self.call_after_refresh(self._lay_out_more, self.laid)

    def _lay_out_more(self, laid: Layout) -> None:
        """The next step of the layout (~1,000 lines, a few ms), then the next, between
        keys, until the paper is laid out whole."""
        if laid is not self.laid or laid.complete:
            return
        laid.extend(until_lines=len(laid.lines) + 1000)
        self._size_virtually()
        if not laid.complete:
            self.set_timer(0.01, lambda: self._lay_out_more(laid))
        else:
            self.post_message(self.LaidOut())

    def _size_virtually(self) -> None:
        # Room below the last line for a screenful less one, so any line (a reference near
        # the end, the last section) can be brought to the top, as `less` does.
        if self.laid is not None:
            spare = max(self.scrollable_content_region.height - 1, 0)
            self.virtual_size = Size(self.scrollable_content_region.width,
                                     len(self.laid.lines) + spare)

    @property
    def last_page_top(self) -> int:
        """The top line that shows the end of the paper at the bottom of the screen."""
        if self.laid is None:
            return 0
        return max(len(self.laid.lines) - self.scrollable_content_region.height, 0)

    def on_resize(self) -> None:
        if self.laid is not None and self.laid.width != self.text_width:
            self._relayout(self.top_block)
        else:
            self._size_virtually()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    @property
    def top_line(self) -> int:
        return round(self.scroll_offset.y)

    @property
    def top_block(self) -> int:
        """The block at the top of the screen (HEADER -> 0)."""
        if self.laid is None or not self.laid.blocks:
            return 0
        line = min(self.top_line, len(self.laid.blocks) - 1)
        return max(self.laid.blocks[line], 0)

    def scroll_to_line(self, line: int) -> None:
        self.scroll_to(y=max(line, 0), animate=False, immediate=True, force=True)

    def scroll_to_block(self, block: int) -> None:
        if self.laid is not None:
            self.scroll_to_line(self.laid.line_of_block(block))

    def scroll_to_anchor(self, anchor: str) -> bool:
        if self.document is None or anchor not in self.document.anchors:
            return False
        self.scroll_to_block(self.document.anchors[anchor])
        return True

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        block = self.top_block
        if block != self._top_block:
            self._top_block = block
            if self._report_timer is not None:
                self._report_timer.stop()
            # Reported once the reading settles, not on every line of a fast scroll.
            self._report_timer = self.set_timer(0.6, lambda: self.post_message(
                self.TopChanged(self._top_block)))

    def section_at(self, line: int | None = None) -> str:
        """The number and title of the section the top line is in."""
        if self.document is None or self.laid is None or not self.laid.blocks:
            return ""
        line = self.top_line if line is None else line
        block = self.laid.blocks[min(line, len(self.laid.blocks) - 1)]
        for index in range(block, -1, -1):
            heading = self.document.blocks[index]
            if heading.kind == "heading":
                return f"{heading.label} {heading.text}".strip()
        return ""

    # -- find -----------------------------------------------------------------------------

    def find(self, needle: str) -> int:
        """Highlight every match of `needle`; go to the first at or after the top line."""
        self._strips.clear()
        if self.laid is None or not needle.strip():
            self.matches, self.match_index = [], -1
            self.refresh()
            return 0
        self.matches = self.laid.find(needle)
        from reader.fulltext.layout import cells

        self.match_length = cells(needle)
        self.match_index = -1
        if self.matches:
            top = self.top_line
            self.match_index = next((i for i, (line, _) in enumerate(self.matches)
                                     if line >= top), 0)
            self._show_match()
        self.refresh()
        return len(self.matches)

    def next_match(self, step: int) -> bool:
        if not self.matches:
            return False
        self.match_index = (self.match_index + step) % len(self.matches)
        self._strips.clear()
        self._show_match()
        self.refresh()
        return True

    def _show_match(self) -> None:
        line = self.matches[self.match_index][0]
        height = self.scrollable_content_region.height
        if not self.top_line <= line < self.top_line + height:
            self.scroll_to_line(line - max(height // 3, 0))

    # -- links ----------------------------------------------------------------------------

    def next_link(self, step: int) -> bool:
        """Move the link cursor to the next (step 1) or previous (-1) link, starting on screen."""
        if self.laid is None:
            return False
        height = self.scrollable_content_region.height
        total = len(self.laid.lines)
        if self.link is None:
            start = self.top_line if step > 0 else min(self.top_line + height - 1, total - 1)
            candidates = self._links_from(start, step, include_start=True)
        else:
            candidates = self._links_from(self.link[0], step, include_start=True)
        for item in candidates:
            if self.link is not None and self._before_or_at(item, step):
                continue
            self.link = item
            self._strips.clear()
            if not self.top_line <= item[0] < self.top_line + height:
                self.scroll_to_line(item[0] - height // 3)
            self.refresh()
            return True
        return False

    def _before_or_at(self, item, step: int) -> bool:
        assert self.link is not None
        here = (self.link[0], self.link[1])
        there = (item[0], item[1])
        return there <= here if step > 0 else there >= here

    def _links_from(self, line: int, step: int, include_start: bool):
        assert self.laid is not None
        total = len(self.laid.lines)
        number = line
        while 0 <= number < total:
            found = self.laid.links(number)
            for start, end, style, target in (found if step > 0 else reversed(found)):
                yield (number, start, end, style, target)
            number += step

    def clear_link(self) -> None:
        if self.link is not None:
            self.link = None
            self._strips.clear()
            self.refresh()

    # -- rendering ------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            if name.startswith("h") and name[1:].isdigit() and int(name[1:]) > 3:
                name = "h3"
            style = self.get_component_rich_style(f"paper-text--{name}", partial=True) \
                if name in STYLE_CLASSES or name in ("match", "current-match", "link-cursor") \
                else Style()
            self._styles[name] = style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        base = self.rich_style
        if base != self._base:
            self._base = base
            self._strips.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        number = y + self.top_line
        laid = self.laid
        if laid is None or number >= len(laid.lines):
            return Strip.blank(width, self._base)
        strip = self._strips.get(number)
        if strip is None:
            strip = self._render_number(number, width)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[number] = strip
        return strip

    def _render_number(self, number: int, width: int) -> Strip:
        assert self.laid is not None
        base = self._base
        margin = max((width - self.laid.width) // 2, 0)
        segments = [Segment(" " * margin, base)] if margin else []
        for text, style, _ in self.laid.lines[number]:
            segments.append(Segment(text, base + self._style(style) if style else base))
        strip = Strip(segments)
        overlays: list[tuple[int, int, Style]] = []
        for index, (line, column) in enumerate(self.matches):
            if line == number:
                name = "current-match" if index == self.match_index else "match"
                overlays.append((column, column + self.match_length, self._style(name)))
        if self.link is not None and self.link[0] == number:
            overlays.append((self.link[1], self.link[2], self._style("link-cursor")))
        for start, end, style in overlays:
            strip = _overlay(strip, margin + start, margin + end, style)
        return strip.extend_cell_length(width, base).crop(0, width)


def _overlay(strip: Strip, start: int, end: int, style: Style) -> Strip:
    length = strip.cell_length
    if start >= length or end <= start:
        return strip
    end = min(end, length)
    before, middle, after = strip.divide([start, end, length])
    return Strip.join([before, middle.apply_style(style), after])


__all__ = ["HEADER", "PaperTextView"]
