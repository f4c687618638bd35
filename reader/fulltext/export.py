"""A `Document` as plain text (wrapped, for pipes and `less`) or Markdown (math as LaTeX)."""

from __future__ import annotations

from reader.fulltext.clean import strip_controls
from reader.fulltext.layout import layout
from reader.fulltext.model import Block, Document, Span


def to_text(document: Document, width: int = 80) -> str:
    laid = layout(document, width)
    return strip_controls("\n".join(laid.plain(i).rstrip() for i in range(len(laid.lines)))) + "\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_") \
        .replace("[", "\\[").replace("]", "\\]").replace("`", "\\`").replace("<", "&lt;")


def _inline(spans: tuple[Span, ...]) -> str:
    out: list[str] = []
    for span in spans:
        text = span.text
        if span.style == "math":
            out.append(f"${span.target or text}$")
        elif span.style == "tex":
            out.append(f"${text}$")
        elif span.style == "em":
            out.append(f"*{_escape(text.strip())}*" if text.strip() else text)
        elif span.style == "bold":
            out.append(f"**{_escape(text.strip())}**" if text.strip() else text)
        elif span.style == "code":
            out.append(f"`{text.replace('`', '')}`")
        elif span.style in ("cite", "note") and span.target:
            out.append(f"[{_escape(text)}](#{span.target})")
        elif span.style == "link" and span.target:
            out.append(f"[{_escape(text)}](<{span.target}>)")
        else:
            out.append(_escape(text))
    return "".join(out)


def _block(block: Block) -> str:
    anchor = f'<a id="{block.anchor}"></a>' if block.anchor and block.kind in (
        "reference", "footnote") else ""
    if block.kind == "heading":
        label = f"{block.label} " if block.label else ""
        return f"{'#' * min(block.level + 1, 6)} {label}{_inline(block.spans)}"
    if block.kind == "math":
        number = f" {block.label}" if block.label else ""
        return f"$${block.latex or block.text}$${number}"
    if block.kind == "figure":
        caption = _inline(block.spans)
        lines = [f"![{caption or 'figure'}]({url})" for url in block.images]
        return "\n\n".join(lines + ([f"*{caption}*"] if caption and not lines else []))
    if block.kind == "table":
        parts = [f"*{_inline(block.spans)}*"] if block.spans else []
        if block.rows:
            rows = [[_escape(c).replace("|", "\\|") for c in r] for r in block.rows]
            parts.append("| " + " | ".join(rows[0]) + " |")
            parts.append("|" + "---|" * len(rows[0]))
            parts.extend("| " + " | ".join(r) + " |" for r in rows[1:])
        return "\n".join(parts)
    if block.kind == "footnote":
        return f"{anchor}[{block.label}] {_inline(block.spans)}"
    indent = "  " * max(block.indent - 1, 0)
    if block.label and block.kind == "reference":
        return f"{anchor}{_escape(block.label)} {_inline(block.spans)}"
    if block.label:
        bullet = "-" if not block.label[:1].isalnum() else _escape(block.label)
        return f"{indent}{bullet} {_inline(block.spans)}"
    return f"{indent}{_inline(block.spans)}"


def to_markdown(document: Document) -> str:
    parts = [f"# {_escape(document.title)}"]
    if document.authors:
        parts.append(_escape(", ".join(document.authors)))
    if document.abstract:
        parts.append("## Abstract")
        parts.extend(_block(b) for b in document.abstract)
    parts.extend(_block(b) for b in document.blocks)
    if document.url:
        parts.append(f"*Source: <{document.url}>*")
    return strip_controls("\n\n".join(p for p in parts if p)) + "\n"
