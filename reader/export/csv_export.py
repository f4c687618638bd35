"""CSV: one row per paper, lists joined with '; ', for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from reader.export.entries import EntryLike, all_tags

COLUMNS = (
    "id", "title", "authors", "date", "collection", "arxiv_id", "url", "code_url", "links",
    "tags", "read", "starred", "note", "upvotes", "github_stars", "comments",
    # added by issue 16 (columns are only ever appended)
    "version", "published", "pdf_url", "doi", "license", "journal_ref", "comment",
    "categories", "days", "also_in", "ai_summary", "ai_keywords",
)


_FACTS = ("doi", "license", "journal_ref", "comment", "categories", "ai_summary", "ai_keywords")


def row(entry: EntryLike) -> dict[str, object]:
    paper, state = entry.paper, entry.state
    code = paper.primary_code_link
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": "; ".join(paper.authors),
        "date": paper.date.isoformat() if paper.date else "",
        "collection": paper.collection,
        "arxiv_id": paper.arxiv_id or "",
        "url": paper.page_url,
        "code_url": code.url if code else "",
        "links": "; ".join(link.url for link in paper.links),
        "tags": "; ".join(all_tags(entry)),
        "read": "yes" if state.read else "no",
        "starred": "yes" if state.starred else "no",
        "note": state.note,
        "upvotes": "" if paper.upvotes is None else paper.upvotes,
        "github_stars": "" if paper.github_stars is None else paper.github_stars,
        "comments": "" if paper.comments is None else paper.comments,
        "version": paper.version,
        "published": paper.published.isoformat() if paper.published else "",
        "pdf_url": paper.pdf_url,
        "days": "; ".join(day.isoformat() for day in paper.days),
        "also_in": "; ".join(paper.also_in),
        **{key: paper.fact(key) for key in _FACTS},
    }


def render(entries: Sequence[EntryLike]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(row(entry))
    return buffer.getvalue()
