"""A LaTeXML page (arXiv HTML or ar5iv) to a `Document`: title, authors, abstract, numbered
sections, paragraphs, lists, math, tables, figures, footnotes and references.

`NotLatexml` when the page is not a LaTeXML paper (a portal, an error page, arXiv's "no HTML
for this paper"), with one sentence saying which.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from reader.errors import ReaderError
from reader.fulltext.clean import clean
from reader.fulltext.latex import to_unicode
from reader.fulltext.model import Block, Document, Span
from reader.fulltext.tree import Node, parse_tree
from reader.gc_pause import gc_paused

SECTION_LEVELS = {"ltx_part": 1, "ltx_chapter": 1, "ltx_section": 1, "ltx_appendix": 1,
                  "ltx_bibliography": 1, "ltx_acknowledgements": 1, "ltx_index": 1,
                  "ltx_subsection": 2, "ltx_subsubsection": 3, "ltx_paragraph": 4,
                  "ltx_subparagraph": 5}
SKIPPED_TAGS = frozenset({"head", "script", "style", "svg", "nav", "header", "footer", "button",
                          "dialog", "form", "noscript", "template", "iframe", "object"})
SKIPPED_CLASSES = frozenset({"ltx_page_navbar", "ltx_page_logo", "ltx_page_footer", "ltx_TOC",
                             "ltx_role_affiliation", "ltx_contact", "ltx_role_email",
                             "ltx_role_address", "ltx_author_notes", "ltx_bib_cited",
                             "ltx_note_mark", "html-header-nav", "ltx_dates"})
INLINE_STYLES = {"em": "em", "i": "em", "b": "bold", "strong": "bold", "code": "code",
                 "tt": "code", "kbd": "code"}
CLASS_STYLES = {"ltx_font_bold": "bold", "ltx_font_italic": "em", "ltx_emph": "em",
                "ltx_font_typewriter": "code", "ltx_verbatim": "code"}
NO_HTML = re.compile(r"No HTML for|HTML is not available|No content available|"
                     r"Conversion to HTML had a Fatal error|conversion failed", re.IGNORECASE)
MAX_CELLS = 200  # columns of one table row that are read; more are a hostile page


class NotLatexml(ReaderError):
    """The page is not a paper that LaTeXML rendered."""


class NoHtml(NotLatexml):
    """arXiv (or ar5iv) has no HTML rendering of this paper."""


def parse_document(html: str, url: str = "") -> Document:
    # No collector passes while the tree and the blocks are made: they would walk the new
    # objects again and again for nothing (~20% of a 2 MB page's parse).
    with gc_paused():
        return _parse_document(html, url)


def _parse_document(html: str, url: str) -> Document:
    root = parse_tree(html)
    article = root.find(cls="ltx_document")
    if article is None:
        where = f" at {url}" if url else ""
        if NO_HTML.search(html[:200_000]):
            raise NoHtml(f"arXiv has no HTML version of this paper{where}.")
        raise NotLatexml(f"The page{where} is not an arXiv HTML (LaTeXML) paper.")
    return _Reader(url).read(article)


class _Reader:
    def __init__(self, url: str) -> None:
        self.url = url
        self.blocks: list[Block] = []
        self.footnotes: list[Block] = []
        self.note_numbers: dict[str, str] = {}

    def read(self, article: Node) -> Document:
        title_node = article.find(cls="ltx_title_document")
        title = clean(_text(title_node)).strip() if title_node else ""
        authors = _authors(article)
        abstract_node = article.find(cls="ltx_abstract")
        abstract: list[Block] = []
        if abstract_node is not None:
            self._walk(abstract_node, 0, skip_titles=True)
            abstract, self.blocks = self.blocks, []
        skip = {id(n) for n in (title_node, abstract_node, article.find(cls="ltx_authors")) if n}
        self._walk(article, 0, skip=skip)
        blocks = self.blocks
        if self.footnotes:
            blocks.append(Block("heading", (Span("Notes"),), level=1, anchor="#notes"))
            blocks.extend(self.footnotes)
        return Document(title=title or "(untitled)", authors=tuple(authors),
                        abstract=tuple(abstract), blocks=tuple(blocks), url=self.url)

    # -- blocks ---------------------------------------------------------------------------

    def _walk(self, node: Node, indent: int, skip_titles: bool = False,
              skip: set[int] | None = None) -> None:
        """Blocks of `node`'s children; `node` itself is a container."""
        pending: list[Span] = []  # inline content directly inside a container
        for child in node.children:
            if isinstance(child, str):
                pending.extend(self._inline_text(child))
                continue
            if _skipped(child) or (skip_titles and child.has_class("ltx_title")) or \
                    (skip and id(child) in skip):
                continue
            if _is_block(child):
                self._flush(pending, indent)
                pending = []
                self._block(child, indent)
            else:
                pending.extend(self._inlines(child))
        self._flush(pending, indent)

    def _flush(self, spans: list[Span], indent: int, label: str = "", anchor: str = "") -> None:
        spans = _tidy(spans)
        if spans:
            self.blocks.append(Block("para", tuple(spans), indent=indent, label=label,
                                     anchor=anchor))

    def _block(self, node: Node, indent: int) -> None:
        classes = node.classes
        level = next((SECTION_LEVELS[c] for c in classes if c in SECTION_LEVELS), 0)
        if level or node.tag == "section":
            self._section(node, level or 1, indent)
        elif node.tag == "p" or node.has_class("ltx_p"):
            self._flush(self._children_inlines(node), indent, anchor=node.get("id"))
        elif node.tag in ("ul", "ol", "dl"):
            self._list(node, indent)
        elif node.tag == "table" and ("ltx_equation" in classes or
                                      "ltx_equationgroup" in classes):
            self._equations(node, indent)
        elif node.tag == "figure" or node.has_class("ltx_figure") or node.has_class("ltx_table"):
            self._figure(node, indent)
        elif node.tag == "table":
            self._table(node, indent, caption=())
        elif node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading(node, int(node.tag[1]) - 1 or 1, node.get("id"))
        elif node.tag == "blockquote" or node.has_class("ltx_quote"):
            self._walk(node, indent + 1)
        elif node.tag == "pre":
            text = _text(node).strip("\n")
            for line in text.splitlines() or [""]:
                self.blocks.append(Block("para", (Span(clean(line), "code"),), indent=indent + 1))
        elif node.tag == "math":
            self._display_math(node, "", node.get("id"), indent)
        else:
            self._walk(node, indent)

    def _section(self, node: Node, level: int, indent: int) -> None:
        for child in node.children:
            if isinstance(child, Node) and child.has_class("ltx_title"):
                self._heading(child, level, node.get("id"))
                break
        for child in node.children:
            if isinstance(child, Node) and child.has_class("ltx_title"):
                continue
            if isinstance(child, Node) and (_skipped(child)):
                continue
            if isinstance(child, Node) and _is_block(child):
                self._block(child, indent)
            elif isinstance(child, Node):
                self._flush(self._inlines(child), indent)
            else:
                self._flush(self._inline_text(child), indent)

    def _heading(self, node: Node, level: int, anchor: str) -> None:
        tag = node.find(cls="ltx_tag")
        number = clean(_text(tag)).strip() if tag else ""
        spans = [s for s in self._children_inlines(node, skip=tag)]
        spans = _tidy(spans)
        if spans or number:
            self.blocks.append(Block("heading", tuple(spans), level=min(level, 5),
                                     label=number, anchor=anchor))

    def _list(self, node: Node, indent: int) -> None:
        for item in node.elements():
            if item.tag not in ("li", "dt", "dd"):
                continue
            tag = next((c for c in item.elements() if c.has_class("ltx_tag")), None)
            bullet = clean(_text(tag)).strip() if tag else ("•" if node.tag == "ul" else "")
            start = len(self.blocks)
            pending: list[Span] = []
            for child in item.children:
                if child is tag:
                    continue
                if isinstance(child, str):
                    pending.extend(self._inline_text(child))
                elif _skipped(child):
                    continue
                elif _is_block(child):
                    self._flush(pending, indent + 1)
                    pending = []
                    self._block(child, indent + 1)
                else:
                    pending.extend(self._inlines(child))
            self._flush(pending, indent + 1)
            if len(self.blocks) > start:
                first = self.blocks[start]
                kind = "reference" if item.has_class("ltx_bibitem") else first.kind
                self.blocks[start] = Block(kind, first.spans, first.level, bullet,
                                           item.get("id") or first.anchor, first.indent,
                                           first.latex, first.rows, first.images)
            elif bullet:
                self.blocks.append(Block("para", (), indent=indent + 1, label=bullet))

    def _equations(self, node: Node, indent: int) -> None:
        rows = [r for r in node.iter() if r.tag == "tr"] or [node]
        for row in rows:
            tag = row.find(cls="ltx_tag_equation")
            number = clean(_text(tag)).strip() if tag else ""
            sources = [m.get("alttext") for m in row.iter() if m.tag == "math"]
            if not sources:
                text = clean(_text(row)).strip()
                if text and text != number:
                    self.blocks.append(Block("math", (Span(text, "math"),), label=number,
                                             indent=indent, anchor=row.get("id")))
                continue
            latex = " ".join(clean(s).strip() for s in sources)
            self._display_math_source(latex, number, row.get("id") or node.get("id"), indent)

    def _display_math(self, node: Node, number: str, anchor: str, indent: int) -> None:
        self._display_math_source(clean(node.get("alttext")).strip(), number, anchor, indent)

    def _display_math_source(self, latex: str, number: str, anchor: str, indent: int) -> None:
        text = to_unicode(latex)
        span = Span(text, "math", latex) if text is not None else Span(latex, "tex")
        self.blocks.append(Block("math", (span,), label=number, anchor=anchor, indent=indent,
                                 latex=latex))

    def _figure(self, node: Node, indent: int) -> None:
        caption_node = next((c for c in node.elements() if c.tag == "figcaption"
                             or c.has_class("ltx_caption")), None)
        caption = _tidy(self._children_inlines(caption_node)) if caption_node else []
        images = tuple(urljoin(self.url, img.get("src")) for img in node.iter()
                       if img.tag == "img" and img.get("src"))
        panels = [c for c in node.iter() if c.tag == "figcaption" and c is not caption_node]
        tables = [t for t in node.iter() if t.tag == "table" and t.has_class("ltx_tabular")
                  and not _inside(t, "table", node)]
        if tables:
            for number, table in enumerate(tables):
                self._table(table, indent, caption=tuple(caption) if number == 0 else (),
                            anchor=node.get("id") if number == 0 else "")
            if images:
                self.blocks.append(Block("figure", (), indent=indent, images=images))
            return
        spans = list(caption)
        for panel in panels:
            spans.append(Span(" "))
            spans.extend(_tidy(self._children_inlines(panel)))
        self.blocks.append(Block("figure", tuple(_tidy(spans)), indent=indent, images=images,
                                 anchor=node.get("id")))

    def _table(self, node: Node, indent: int, caption: tuple[Span, ...], anchor: str = "") -> None:
        rows: list[tuple[str, ...]] = []
        for row in node.iter():
            if row.tag != "tr" or _inside(row, "table", node):
                continue
            cells = [c for c in row.elements() if c.tag in ("td", "th")][:MAX_CELLS]
            rows.append(tuple(_plain(self._children_inlines(c)) for c in cells))
        width = max((len(r) for r in rows), default=0)
        rows = [r + ("",) * (width - len(r)) for r in rows if any(r)]
        self.blocks.append(Block("table", caption, indent=indent, rows=tuple(rows),
                                 anchor=anchor or node.get("id")))

    # -- inlines --------------------------------------------------------------------------

    def _inline_text(self, text: str) -> list[Span]:
        text = clean(text)
        return [Span(text)] if text else []

    def _children_inlines(self, node: Node, skip: Node | None = None) -> list[Span]:
        spans: list[Span] = []
        for child in node.children:
            if child is skip:
                continue
            if isinstance(child, str):
                spans.extend(self._inline_text(child))
            elif not _skipped(child):
                spans.extend(self._inlines(child))
        return spans

    def _inlines(self, node: Node, style: str = "") -> list[Span]:
        tag = node.tag
        if tag == "math":
            latex = clean(node.get("alttext")).strip()
            text = to_unicode(latex)
            # A converted span keeps its LaTeX source in `target` (Markdown export uses it).
            return [Span(text, "math", latex) if text is not None else Span(latex, "tex")
                    ] if latex else []
        if tag == "br":
            return [Span(" ")]
        if tag == "img":
            return []
        if node.has_class("ltx_note") and (node.has_class("ltx_role_footnote")
                                           or node.has_class("ltx_role_endnote")):
            return self._footnote(node)
        if tag == "a":
            href = node.get("href")
            inner = self._children_inlines(node)
            if href.startswith("#"):
                kind = "cite" if href.startswith("#bib") else "ref"
                return [Span(s.text, kind, href[1:]) for s in inner]
            if href.startswith(("http://", "https://")):
                return [Span(s.text, "link", clean(href)) for s in inner]
            return inner
        style = INLINE_STYLES.get(tag, "") or next(
            (CLASS_STYLES[c] for c in node.classes if c in CLASS_STYLES), "")
        inner = self._children_inlines(node)
        if style:
            return [Span(s.text, style) if s.style == "" else s for s in inner]
        return inner

    def _footnote(self, node: Node) -> list[Span]:
        number = str(len(self.footnotes) + 1)
        mark = node.find(cls="ltx_note_mark")
        if mark is not None and clean(_text(mark)).strip():
            number = clean(_text(mark)).strip()
        anchor = node.get("id") or f"fn{len(self.footnotes) + 1}"
        content = node.find(cls="ltx_note_content")
        spans = _tidy(self._children_inlines(content)) if content else []
        if spans and spans[0].text.startswith(number):
            spans[0] = Span(spans[0].text[len(number):].lstrip(), spans[0].style, spans[0].target)
        self.footnotes.append(Block("footnote", tuple(s for s in spans if s.text), label=number,
                                    anchor=anchor))
        return [Span(number, "note", anchor)]


def _skipped(node: Node) -> bool:
    return node.tag in SKIPPED_TAGS or any(c in SKIPPED_CLASSES for c in node.classes)


BLOCK_TAGS = frozenset({"p", "div", "section", "article", "ul", "ol", "dl", "table", "figure",
                        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "main"})


def _is_block(node: Node) -> bool:
    if node.tag == "math":
        return node.get("display") == "block" and node.parent is not None and \
            node.parent.tag not in ("p", "span", "td", "a")
    if node.tag in BLOCK_TAGS:
        return True
    return node.has_class("ltx_para") or node.has_class("ltx_bibitem") or \
        node.has_class("ltx_figure") or node.has_class("ltx_table")


def _inside(node: Node, tag: str, stop: Node) -> bool:
    """True when `node` sits inside another `tag` element below `stop`."""
    parent = node.parent
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _text(node: Node) -> str:
    return node.text()


def _tidy(spans: list[Span]) -> list[Span]:
    """Spans with neighbours of one style and target merged, the ends trimmed, and runs of
    spaces between spans made one."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].style == span.style and merged[-1].target == span.target:
            text = merged[-1].text + span.text
            merged[-1] = Span(text.replace("  ", " "), span.style, span.target)
        else:
            if merged and merged[-1].text.endswith(" ") and span.text.startswith(" "):
                span = Span(span.text.lstrip(" "), span.style, span.target)
                if not span.text:
                    continue
            merged.append(span)
    while merged and not merged[0].text.strip():
        merged.pop(0)
    while merged and not merged[-1].text.strip():
        merged.pop()
    if merged:
        merged[0] = Span(merged[0].text.lstrip(), merged[0].style, merged[0].target)
        merged[-1] = Span(merged[-1].text.rstrip(), merged[-1].style, merged[-1].target)
    return merged


def _plain(spans: list[Span]) -> str:
    return " ".join("".join(s.text for s in spans).split())


def _authors(article: Node) -> list[str]:
    names: list[str] = []
    block = article.find(cls="ltx_authors")
    if block is None:
        return names
    for person in block.iter():
        if not person.has_class("ltx_personname"):
            continue
        parts: list[str] = []
        for child in person.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br":
                parts.append("\n")
            elif not _skipped(child) and child.tag != "sup":
                parts.append(child.text())
        text = "".join(parts)
        for line in text.splitlines()[:1] if "," not in text and " and " not in text else [text]:
            for name in re.split(r",|\band\b|\n", line):
                name = clean(name).strip(" ,;∗*†‡")
                if name and len(name) < 120:
                    names.append(name)
    return names
