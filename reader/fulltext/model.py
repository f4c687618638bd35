"""The document model of a paper: blocks of styled spans, plain data that serialises to JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

# Span styles: "" plain, "em", "bold", "code", "math" (converted to Unicode; `target` keeps
# its LaTeX source), "tex" (LaTeX
# source kept because no faithful conversion exists), "cite" (target: a reference's anchor),
# "ref" (target: an anchor in the paper), "link" (target: a URL), "note" (a footnote mark).
STYLES = ("", "em", "bold", "code", "math", "tex", "cite", "ref", "link", "note")

# Block kinds, in the order a paper has them.
KINDS = ("heading", "para", "math", "figure", "table", "footnote", "reference")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: str = ""
    target: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """One block. `label` is the heading number, list bullet, equation number, reference tag
    or footnote number; `latex` the display equation's source; `rows` a table's cells;
    `images` a figure's image URLs; `anchor` the HTML id links point at."""

    kind: str
    spans: tuple[Span, ...] = ()
    level: int = 0
    label: str = ""
    anchor: str = ""
    indent: int = 0
    latex: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    images: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(slots=True)
class Document:
    title: str
    authors: tuple[str, ...] = ()
    abstract: tuple[Block, ...] = ()
    blocks: tuple[Block, ...] = ()
    url: str = ""
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> index in blocks

    def __post_init__(self) -> None:
        if not self.anchors:
            self.anchors = {b.anchor: i for i, b in enumerate(self.blocks) if b.anchor}

    @property
    def headings(self) -> list[tuple[int, Block]]:
        """(index in blocks, block) of every heading: the table of contents."""
        return [(i, b) for i, b in enumerate(self.blocks) if b.kind == "heading"]

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "authors": list(self.authors),
            "abstract": [_block_json(b) for b in self.abstract],
            "blocks": [_block_json(b) for b in self.blocks],
            "url": self.url,
        }

    @classmethod
    def from_json(cls, data: dict) -> Document:
        return cls(
            title=str(data["title"]),
            authors=tuple(str(a) for a in data["authors"]),
            abstract=tuple(_block_from(b) for b in data["abstract"]),
            blocks=tuple(_block_from(b) for b in data["blocks"]),
            url=str(data.get("url", "")),
        )


def _block_json(block: Block) -> list:
    # A compact positional form: the cache of a long paper stays small and loads fast.
    return [block.kind, [[s.text, s.style, s.target] for s in block.spans], block.level,
            block.label, block.anchor, block.indent, block.latex,
            [list(r) for r in block.rows], list(block.images)]


def _block_from(item: list) -> Block:
    kind, spans, level, label, anchor, indent, latex, rows, images = item
    return Block(kind, tuple(Span(t, s, g) for t, s, g in spans), level, label, anchor, indent,
                 latex, tuple(tuple(r) for r in rows), tuple(images))
