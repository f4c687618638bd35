"""A LaTeXML page as a small element tree.

What makes a 2 MB page slow to parse is its MathML, which the reader never needs (the LaTeX is
in `alttext`): the MathML, scripts, styles and SVG are cut out with plain string searches
first (linear even on hostile input). The rest goes to lxml (libxml2), ~6x faster than the
standard library's html.parser on a 1 MB page (40 ms against 235 ms here), which is what keeps
the first screen of a long paper within its 300 ms. When lxml is missing, or gives up on a
hostile page (nesting deeper than 256, a buffer over its limits: a FATAL entry in its error
log, and it drops the rest of the page), html.parser builds the tree instead, bounded by hand:
nesting deeper than MAX_DEPTH is flattened, a huge attribute value is cut.
"""

from __future__ import annotations

from html.parser import HTMLParser

from reader.fulltext.clean import strip_controls

MAX_DEPTH = 120
MAX_ATTRIBUTE = 20_000
KEPT_ATTRIBUTES = frozenset({"class", "id", "href", "src", "alttext", "display", "title"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
# Element contents cut before parsing: (opening, closing) as they appear in the source.
CUT = (("<math", "</math>"), ("<script", "</script>"), ("<style", "</style>"),
       ("<svg", "</svg>"))


class Node:
    __slots__ = ("tag", "attrs", "children", "parent", "classes")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.parent = parent
        # Split once: the reader asks every node for its classes several times.
        self.classes: tuple[str, ...] = tuple(attrs["class"].split()) if "class" in attrs \
            else ()

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def get(self, name: str) -> str:
        return self.attrs.get(name, "")

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    def iter(self):
        """Every element below this one, in document order (no recursion: depth is free)."""
        stack = list(reversed(self.elements()))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.elements()))

    def find(self, tag: str | None = None, cls: str | None = None) -> Node | None:
        for node in self.iter():
            if (tag is None or node.tag == tag) and (cls is None or node.has_class(cls)):
                return node
        return None

    def text(self) -> str:
        parts: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            else:
                stack.extend(reversed(item.children))
        return "".join(parts)


def cut_heavy_content(html: str) -> str:
    """`html` with the insides of math, script, style and svg elements removed (the opening
    tags stay: math keeps its `alttext`). Unclosed elements are left alone. LaTeXML writes
    lower-case tags; a hostile upper-case one is merely parsed, not cut."""
    pieces: list[str] = []
    position = 0
    # The next place of each opening at or after `position` (each search is done once per
    # occurrence, so the whole cut is linear in the page's size).
    upcoming = {opening: html.find(opening) for opening, _ in CUT}
    closings = dict(CUT)
    while True:
        for opening, found in upcoming.items():
            if found != -1 and found < position:
                upcoming[opening] = html.find(opening, position)
        live = [(found, opening) for opening, found in upcoming.items() if found != -1]
        if not live:
            break
        start, opening = min(live)
        after = start + len(opening)
        if after < len(html) and html[after] not in " >\t\n\r/":
            pieces.append(html[position:after])  # <mathfoo>, <scripts>: not ours
            position = after
            continue
        tag_end = html.find(">", after)
        end = html.find(closings[opening], tag_end) if tag_end != -1 else -1
        if end == -1:
            break
        pieces.append(html[position:tag_end + 1])
        position = end
    pieces.append(html[position:])
    return "".join(pieces)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = _kept(attrs)
        node = Node(tag, kept, self.current)
        self.current.children.append(node)
        if tag in VOID or self.depth >= MAX_DEPTH:
            return  # too deep: its contents join its parent's (flattened, still read)
        self.current = node
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, _kept(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node, steps = self.current, 0
        while node is not self.root and node.tag != tag and steps < 8:
            node, steps = node.parent, steps + 1  # type: ignore[assignment]
        if node is self.root or node.tag != tag:
            return  # a stray end tag
        self.current = node.parent  # type: ignore[assignment]
        self.depth -= steps + 1

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def _kept(attrs) -> dict[str, str]:
    """The attributes the reader uses, cut to MAX_ATTRIBUTE and without control characters
    (ids, URLs and LaTeX all reach the screen one way or another)."""
    kept = {}
    for name, value in attrs:
        if name in KEPT_ATTRIBUTES:
            value = (value or "")[:MAX_ATTRIBUTE]
            kept[name] = value if value.isprintable() else strip_controls(value)
    return kept


def parse_tree(html: str) -> Node:
    html = cut_heavy_content(html)
    root = _parse_with_lxml(html)
    if root is not None:
        return root
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def _parse_with_lxml(html: str) -> Node | None:
    """The tree by lxml, or None (no lxml, nothing parsed, or lxml gave up part way)."""
    try:
        import lxml.etree
        import lxml.html
    except ImportError:
        return None
    parser = lxml.html.HTMLParser(recover=True, remove_comments=True, remove_pis=True)
    try:
        element = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    if any(entry.level_name == "FATAL" for entry in parser.error_log):
        return None
    root = Node("#root", {}, None)
    top = Node(element.tag, _kept(element.items()), root)
    root.children.append(top)
    stack = [(element, top)]
    while stack:  # no recursion: each node's children are made in order, then visited
        source, node = stack.pop()
        if source.text:
            node.children.append(source.text)
        for child in source:
            tag = child.tag
            if isinstance(tag, str):
                made = Node(tag, _kept(child.items()), node)
                node.children.append(made)
                stack.append((child, made))
            if child.tail:
                node.children.append(child.tail)
    return root
