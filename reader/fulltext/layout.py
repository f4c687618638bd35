"""A `Document` laid out in lines of a given width, for the terminal (the CLI's text output
and the UI's line-by-line renderer share it).

A line is a tuple of segments (text, style, target). Styles are the span styles of
reader.fulltext.model plus the layout's own: "title", "author", "h1".."h5", "rule", "label",
"caption", "table", "image". The layout remembers which block each line comes from (to keep a
reading place across widths) and where each block starts (to jump to a section or reference).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import cell_len

from reader.fulltext.model import Block, Document, Span

Segment = tuple[str, str, str]
Line = tuple[Segment, ...]
LINK_STYLES = frozenset({"cite", "ref", "link", "note", "image"})
_WORDS = re.compile(r"\S+|\s+")
HEADER = -1  # block index of the title, authors and abstract lines


def cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


@dataclass(slots=True)
class Layout:
    """Lines laid out so far. A long paper is laid out in steps (`extend`): the first screen
    needs its first blocks only; what needs the whole (find) or a later block (a jump)
    extends it first."""

    width: int
    lines: list[Line] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # line -> block index (HEADER above)
    starts: dict[int, int] = field(default_factory=dict)  # block index -> first line
    document: Document | None = None
    next_block: int = 0
    complete: bool = False

    def extend(self, until_lines: int | None = None, until_block: int | None = None) -> None:
        """Lay out more blocks: until there are `until_lines` lines, or block `until_block`
        is laid out, or (neither given) to the end."""
        document = self.document
        if document is None or self.complete:
            return
        blocks = document.blocks
        width = self.width
        while self.next_block < len(blocks):
            if until_lines is not None and len(self.lines) >= until_lines:
                return
            if until_block is not None and self.next_block > until_block:
                return
            index = self.next_block
            block = blocks[index]
            if block.kind == "heading":
                # The space above a heading belongs to the block before it, so jumping to a
                # section puts its title on the top line.
                before = index - 1 if index else HEADER
                self.blank(before)
                if block.level == 1 and self.lines:
                    self.add((), before)
            for line in _block_lines(block, width):
                self.add(line, index)
            self.blank(index)
            self.next_block = index + 1
        while self.lines and not self.lines[-1]:
            self.lines.pop()
            self.blocks.pop()
        self.complete = True

    def add(self, line: Line, block: int) -> None:
        if block not in self.starts:
            self.starts[block] = len(self.lines)
        self.lines.append(line)
        self.blocks.append(block)

    def blank(self, block: int) -> None:
        if self.lines and self.lines[-1]:
            self.add((), block)

    def plain(self, index: int) -> str:
        return "".join(text for text, _, _ in self.lines[index])

    def line_of_block(self, block: int) -> int:
        """The first line of `block`, or of the nearest block before it that has lines."""
        self.extend(until_block=block)
        while block >= 0 and block not in self.starts:
            block -= 1
        return self.starts.get(block, 0)

    def find(self, needle: str) -> list[tuple[int, int]]:
        """(line, cell column) of every case-insensitive occurrence of `needle`."""
        self.extend()
        needle = needle.casefold()
        found: list[tuple[int, int]] = []
        if not needle:
            return found
        for number in range(len(self.lines)):
            text = self.plain(number)
            folded = text.casefold()
            if len(folded) != len(text):
                folded = text.lower()
            start = folded.find(needle)
            while start != -1:
                found.append((number, cells(text[:start])))
                start = folded.find(needle, start + 1)
        return found

    def links(self, index: int) -> list[tuple[int, int, str, str]]:
        """(start cell, end cell, style, target) of the links on line `index`."""
        result = []
        column = 0
        for text, style, target in self.lines[index]:
            width = cells(text)
            if style in LINK_STYLES and target:
                result.append((column, column + width, style, target))
            column += width
        return result


def wrap(spans: list[Segment] | tuple[Segment, ...], width: int, first_prefix: Segment | None = None,
         indent: int = 0) -> list[Line]:
    """`spans` wrapped at word boundaries into lines of at most `width` cells. The first line
    starts with `first_prefix` (a bullet, a label), the others with as many spaces."""
    width = max(width, 1)
    prefix_width = cells(first_prefix[0]) if first_prefix else 0
    pad = " " * (indent + prefix_width)
    lines: list[Line] = []
    current: list[Segment] = [(" " * indent, "", "")] if indent else []
    if first_prefix:
        current.append(first_prefix)
    used = indent + prefix_width
    start_used = used
    for text, style, target in spans:
        for word in _WORDS.findall(text):
            if word.isspace():
                if used > start_used:
                    current.append((" ", style if style in LINK_STYLES else "", target
                                    if style in LINK_STYLES else ""))
                    used += 1
                continue
            size = cells(word)
            if used + size > width and used > start_used:
                lines.append(_trim(current))
                current, used = [(pad, "", "")], len(pad)
                start_used = used
            while used + size > width:  # a word longer than the line: cut it
                room = max(width - used, 1)
                head, word = _cut(word, room)
                current.append((head, style, target))
                lines.append(_trim(current))
                current, used = [(pad, "", "")], len(pad)
                start_used = used
                size = cells(word)
            if word:
                current.append((word, style, target))
                used += size
    if used > start_used or not lines:
        lines.append(_trim(current))
    return lines


def _cut(word: str, room: int) -> tuple[str, str]:
    if word.isascii():
        return word[:room], word[room:]
    taken = 0
    for index, char in enumerate(word):
        taken += cell_len(char)
        if taken > room:
            return word[:max(index, 1)], word[max(index, 1):]
    return word, ""


def _trim(segments: list[Segment]) -> Line:
    """Merge neighbours of one style and target; drop trailing spaces."""
    merged: list[Segment] = []
    for text, style, target in segments:
        if merged and merged[-1][1] == style and merged[-1][2] == target:
            merged[-1] = (merged[-1][0] + text, style, target)
        else:
            merged.append((text, style, target))
    while merged and not merged[-1][0].strip():
        merged.pop()
    if merged:
        text, style, target = merged[-1]
        merged[-1] = (text.rstrip(), style, target)
    return tuple(merged)


def _segments(spans: tuple[Span, ...]) -> list[Segment]:
    return [(s.text, s.style, s.target if s.style != "math" else "") for s in spans]


def layout(document: Document, width: int, until_lines: int | None = None) -> Layout:
    """`document` laid out at `width`: whole, or (`until_lines`) its first lines only, the
    rest with `Layout.extend`."""
    width = max(width, 20)
    result = Layout(width, document=document)
    for line in wrap([(document.title, "title", "")], width):
        result.add(line, HEADER)
    if document.authors:
        result.blank(HEADER)
        for line in wrap([(", ".join(document.authors), "author", "")], width):
            result.add(line, HEADER)
    if document.abstract:
        result.blank(HEADER)
        result.add((("Abstract", "h2", ""),), HEADER)
        for block in document.abstract:
            for line in _block_lines(block, width):
                result.add(line, HEADER)
            result.blank(HEADER)
    result.extend(until_lines)
    return result


def _block_lines(block: Block, width: int) -> list[Line]:
    indent = 2 * block.indent
    kind = block.kind
    if kind == "heading":
        label = f"{block.label} " if block.label else ""
        style = f"h{block.level}"
        lines = wrap([(label + block.text, style, "")], width)
        if block.level == 1:
            lines.append((("─" * min(width, max(cells(label + block.text), 8)), "rule", ""),))
        return lines
    if kind in ("para", "reference", "footnote"):
        label = block.label
        if kind == "footnote":
            label = f"[{label}]"
        prefix = (f"{label} ", "label", "") if label else None
        return wrap(_segments(block.spans), width, prefix, indent)
    if kind == "math":
        return _math_lines(block, width, indent)
    if kind == "figure":
        lines: list[Line] = []
        if block.spans:
            lines.extend(wrap(_segments(block.spans), width, ("▣ ", "caption", ""), indent))
        for url in block.images:
            lines.extend(wrap([(url, "image", url)], width, ("image: ", "caption", ""),
                              indent + 2))
        return lines
    if kind == "table":
        lines = []
        if block.spans:
            lines.extend(wrap(_segments(block.spans), width, ("▦ ", "caption", ""), indent))
        lines.extend(_table_lines(block.rows, width - indent, indent))
        return lines
    return wrap(_segments(block.spans), width, None, indent)


def _math_lines(block: Block, width: int, indent: int) -> list[Line]:
    label = block.label
    room = width - indent - 4 - (cells(label) + 2 if label else 0)
    lines = wrap(_segments(block.spans), max(room, 10) + indent + 4, None, indent + 4)
    if label and lines:
        first = lines[0]
        used = sum(cells(t) for t, _, _ in first)
        gap = max(width - used - cells(label), 2)
        lines[0] = (*first, (" " * gap, "", ""), (label, "label", ""))
    return lines


def _table_lines(rows: tuple[tuple[str, ...], ...], width: int, indent: int) -> list[Line]:
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    natural = [max((cells(r[c]) if c < len(r) else 0) for r in rows) for c in range(columns)]
    natural = [max(n, 1) for n in natural]
    room = max(width - 3 * (columns - 1), columns)
    sizes = list(natural)
    while sum(sizes) > room and max(sizes) > 1:  # narrow the widest column first
        widest = sizes.index(max(sizes))
        sizes[widest] -= 1
    pad = " " * indent
    lines: list[Line] = []
    for number, row in enumerate(rows):
        wrapped = [_cell_lines(row[c] if c < len(row) else "", sizes[c]) for c in range(columns)]
        height = max(len(w) for w in wrapped)
        for part in range(height):
            cells_text = []
            for c in range(columns):
                text = wrapped[c][part] if part < len(wrapped[c]) else ""
                cells_text.append(text + " " * (sizes[c] - cells(text)))
            lines.append(((pad + " │ ".join(cells_text).rstrip(), "table", ""),))
        if number == 0 and len(rows) > 1:
            lines.append(((pad + "─┼─".join("─" * s for s in sizes), "rule", ""),))
    return lines


def _cell_lines(text: str, size: int) -> list[str]:
    if cells(text) <= size:
        return [text]
    return ["".join(t for t, _, _ in line).strip() for line in wrap([(text, "", "")], size)]
