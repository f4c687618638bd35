"""A Markdown reading list: each paper's title (linked), authors, arXiv id and version, dates,
links (the PDF and DOI too), tags and note."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.export.entries import EntryLike, all_tags

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")
_KIND_LABELS = {"code": "Code", "project": "Project", "other": "Link"}
MAX_AUTHORS = 8


def escape(text: str) -> str:
    """`text` with Markdown's special characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def _url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def render_entry(entry: EntryLike) -> str:
    paper, state = entry.paper, entry.state
    lines = [f"## [{escape(paper.title)}]({_url(paper.page_url)})", ""]
    facts = []
    if paper.authors:
        names = list(paper.authors[:MAX_AUTHORS])
        if len(paper.authors) > MAX_AUTHORS:
            names.append("et al.")
        facts.append(escape(", ".join(names)))
    if paper.arxiv_id:
        facts.append(f"arXiv:{escape(paper.arxiv_id + paper.version)}")
    if paper.published:
        facts.append(f"published {paper.published.isoformat()}")
    if paper.days:
        facts.append("listed " + ", ".join(day.isoformat() for day in paper.days))
    elif paper.date:
        facts.append(paper.date.isoformat())
    journal = paper.fact("journal_ref")
    if journal:
        facts.append(escape(journal))
    if state.starred:
        facts.append("★ starred")
    if state.read:
        facts.append("read")
    if facts:
        lines += [" · ".join(facts), ""]
    for link in paper.links:
        lines.append(f"- {_KIND_LABELS.get(link.kind, 'Link')}: <{_url(link.url)}>")
    if paper.pdf_url:
        lines.append(f"- PDF: <{_url(paper.pdf_url)}>")
    tags = all_tags(entry)
    if tags:
        lines.append("- Tags: " + ", ".join(f"`{tag.replace('`', '')}`" for tag in tags))
    if paper.links or tags or paper.pdf_url:
        lines.append("")
    if state.note.strip():
        lines += [f"> {escape(line)}".rstrip() for line in state.note.strip().splitlines()]
        lines.append("")
    return "\n".join(lines)


def render(entries: Sequence[EntryLike]) -> str:
    """The whole reading list as one Markdown document."""
    count = len(entries)
    header = f"# Reading list\n\n{count} paper{'s' if count != 1 else ''}.\n"
    return "\n".join([header, *(render_entry(entry) for entry in entries)]).rstrip() + "\n"
