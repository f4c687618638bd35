"""The arXiv API's Atom feed (`/api/query`), current and legacy (pre-2020) formats.

Entry ids are URLs with a version (`http://arxiv.org/abs/2607.09662v1`, old style
`.../abs/cond-mat/0412498v1`); titles and abstracts may be hard-wrapped; legacy entries carry
`arxiv:doi`, `arxiv:journal_ref` and `arxiv:comment`. An error is an entry whose id points at
`/api/errors`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from reader.errors import SourceError
from reader.links import extract_links, merge_links
from reader.model import Link, Paper, paper_id
from reader.sources.fields import (
    clean_abstract,
    clean_text,
    collection_slug,
    iso_date,
    parse_xml,
    split_arxiv_id,
)

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_QUERY = re.compile(r"search_query=(.*?)(?:&|$)")
_CATEGORY_QUERY = re.compile(r"^cat:([\w.-]+)$")


def looks_like(text: str) -> bool:
    """True for an Atom feed that mentions arXiv near its start."""
    head = text.lstrip()[:4096]
    return head.startswith("<") and "<feed" in head and "arxiv" in head.lower()


def query_collection(query: str, day: object) -> str:
    """The collection of a query's results: 'arxiv-cs.LG-2026-07-13' or 'arxiv-<slug>-<day>'."""
    query = query.strip()
    match = _CATEGORY_QUERY.match(query)
    name = match.group(1) if match else collection_slug(query)
    return f"arxiv-{name}-{day}"


def parse(text: str, *, source: str = "<text>", collection: str | None = None) -> list[Paper]:
    """Papers in feed order. `collection` overrides the one named from the feed's query."""
    root = parse_xml(text, source=source, what="arXiv Atom feed")
    if root.tag != f"{ATOM}feed":
        raise SourceError(f"{source} is XML but not an Atom feed (its root is <{_local(root.tag)}>).")
    if collection is None:
        collection = _feed_collection(root, source)
    papers = []
    for number, entry in enumerate(root.iter(f"{ATOM}entry"), 1):
        papers.append(_paper(entry, number, source=source, collection=collection))
    return papers


def _feed_collection(root: ET.Element, source: str) -> str:
    match = _QUERY.search(root.findtext(f"{ATOM}title") or "")
    day = iso_date(root.findtext(f"{ATOM}updated"))
    if match and match.group(1).strip() and day:
        return query_collection(match.group(1), day.isoformat())
    return f"import-{Path(source).stem}"


def _paper(entry: ET.Element, number: int, *, source: str, collection: str) -> Paper:
    raw_id = (entry.findtext(f"{ATOM}id") or "").strip()
    title = clean_text(entry.findtext(f"{ATOM}title"))
    abstract = clean_abstract(entry.findtext(f"{ATOM}summary"))
    if "/api/errors" in raw_id:
        raise SourceError(f"{source}: the arXiv API answered with an error ({abstract or title}).")
    if not title:
        raise SourceError(f"{source}: entry {number} ({raw_id or 'no id'}) has no title.")
    arxiv_id, version = split_arxiv_id(raw_id)
    authors = tuple(
        name for name in (clean_text(a.findtext(f"{ATOM}name")) for a in entry.iter(f"{ATOM}author"))
        if name
    )
    doi = clean_text(entry.findtext(f"{ARXIV}doi"))
    links = [Link(f"https://doi.org/{doi}", "other")] if doi else []
    primary = entry.find(f"{ARXIV}primary_category")
    categories = [c.get("term", "") for c in entry.iter(f"{ATOM}category") if c.get("term")]
    published = iso_date(entry.findtext(f"{ATOM}published"))
    comment = clean_text(entry.findtext(f"{ARXIV}comment"))
    pdf = next((link.get("href", "") for link in entry.iter(f"{ATOM}link")
                if link.get("title") == "pdf" or link.get("type") == "application/pdf"), "")
    extra = {
        "version": version,
        "published": published.isoformat() if published else "",
        "updated": str(iso_date(entry.findtext(f"{ATOM}updated")) or ""),
        "primary_category": primary.get("term", "") if primary is not None else "",
        "categories": " ".join(categories),
        "doi": doi,
        "journal_ref": clean_text(entry.findtext(f"{ARXIV}journal_ref")),
        "comment": comment,
        "license": clean_text(entry.findtext(f"{ARXIV}license")),
        "pdf": pdf.strip(),
        "source": "arxiv",
    }
    return Paper(
        id=paper_id(title, arxiv_id),
        title=title,
        abstract=abstract,
        date=published,
        collection=collection,
        authors=authors,
        # "Code: https://…" and "Project page: https://…" are often only in the comment.
        links=merge_links(extract_links(abstract), extract_links(comment), links),
        arxiv_id=arxiv_id,
        extra=tuple((key, value) for key, value in extra.items() if value),
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
