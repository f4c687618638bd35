"""The Hugging Face Daily Papers API: `GET /api/daily_papers?date=...` and `GET /api/papers/{id}`.

A daily response is a JSON array of entries; each has a `paper` object (arXiv `id`, `title`,
`summary`, `authors[].name`, `publishedAt`, `upvotes`, optional `githubRepo`, `githubStars`,
`projectPage`, `ai_keywords`, `ai_summary`, `submittedOnDailyAt`) and top-level `title`,
`publishedAt`, `numComments`, optional `submittedBy` and `organization`. Responses from 2024
lack the `submittedOnDailyAt` and `ai_*` fields and hard-wrap titles and abstracts. A single
`/api/papers/{id}` object is the `paper` object alone. Any optional field may be missing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

from reader.bounded_parse import json_loads
from reader.errors import SourceError
from reader.links import extract_links, merge_links
from reader.model import Link, Paper, paper_id
from reader.sources.fields import (
    clean_abstract,
    clean_text,
    iso_date,
    keyword_tags,
    split_arxiv_id,
)

_SNIFF_KEYS = ('"paper"', '"summary"', '"upvotes"', '"publishedAt"')


def looks_like(text: str) -> bool:
    """True for JSON that starts like a Daily Papers response or a paper object."""
    head = text.lstrip()[:65536]
    if not head.startswith(("[", "{")):
        return False
    return "".join(head.split()) == "[]" or any(key in head for key in _SNIFF_KEYS)


def parse(text: str, *, source: str = "<text>", day: dt.date | None = None) -> list[Paper]:
    """Papers in response order. `day` (the `date=` asked for) sets the collection's day."""
    try:
        document = json_loads(text)  # a reply nested 200,000 deep is an error, not a crash
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) - 1 or error.msg.startswith("Unterminated string"):
            raise SourceError(f"{source} is truncated JSON (it ends mid-document).") from None
        raise SourceError(
            f"{source} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if isinstance(document, dict) and "paper" in document:
        entries = [document]
    elif isinstance(document, dict) and "title" in document:
        entries = [{"paper": document}]
    elif isinstance(document, dict) and isinstance(document.get("error"), str):
        raise SourceError(f"{source} holds an error message, not papers ({document['error']}).")
    elif isinstance(document, list):
        entries = document
    else:
        raise SourceError(f"{source} is JSON but not a Daily Papers response.")
    papers = []
    for number, entry in enumerate(entries, 1):
        papers.append(_paper(entry, number, source=source, day=day))
    return papers


def _paper(entry: object, number: int, *, source: str, day: dt.date | None) -> Paper:
    paper = entry.get("paper") if isinstance(entry, Mapping) else None
    if not isinstance(paper, Mapping):
        raise SourceError(f"{source}: entry {number} has no paper object, so it is not Daily Papers JSON.")
    title = clean_text(paper.get("title") or entry.get("title"))
    if not title:
        raise SourceError(f"{source}: entry {number} has a paper without a title.")
    abstract = clean_abstract(paper.get("summary") or entry.get("summary"))
    arxiv_id, _ = split_arxiv_id(str(paper.get("id") or ""))
    daily = (
        day
        or iso_date(paper.get("submittedOnDailyAt"))
        or iso_date(entry.get("publishedAt"))
        or iso_date(paper.get("publishedAt"))
    )
    collection = f"daily-{daily.isoformat()}" if daily else f"import-{Path(source).stem}"
    return Paper(
        id=paper_id(title, arxiv_id),
        title=title,
        abstract=abstract,
        date=daily,
        collection=collection,
        authors=_authors(paper.get("authors")),
        links=_links(paper, abstract),
        tags=keyword_tags(paper.get("ai_keywords")),
        arxiv_id=arxiv_id,
        upvotes=_count(paper.get("upvotes")),
        github_stars=_count(paper.get("githubStars")),
        comments=_count(entry.get("numComments")),
        extra=_extra(entry, paper),
    )


def _authors(authors: object) -> tuple[str, ...]:
    if not isinstance(authors, list):
        return ()
    names = (clean_text(a.get("name")) for a in authors if isinstance(a, Mapping))
    return tuple(name for name in names if name)


def _links(paper: Mapping, abstract: str) -> tuple[Link, ...]:
    given: list[Link] = []
    for key, kind in (("githubRepo", "code"), ("projectPage", "project")):
        url = paper.get(key)
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            given.append(Link(url.strip(), kind))
    return merge_links(given, extract_links(abstract))


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _name(value: object) -> str:
    if isinstance(value, Mapping):
        return clean_text(value.get("fullname") or value.get("name"))
    return ""


def _keywords(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    words = (clean_text(word).replace(";", ",") for word in value if isinstance(word, str))
    return [word for word in words if word]


def _extra(entry: Mapping, paper: Mapping) -> tuple[tuple[str, str], ...]:
    extra = {
        "published": (iso_date(paper.get("publishedAt")) or ""),
        "ai_summary": clean_text(paper.get("ai_summary")),
        # Every keyword (the first three also become tags), "; "-separated as the keywords
        # themselves may hold commas.
        "ai_keywords": "; ".join(_keywords(paper.get("ai_keywords"))),
        "organization": _name(entry.get("organization") or paper.get("organization")),
        "submitted_by": _name(entry.get("submittedBy") or paper.get("submittedOnDailyBy")),
        "source": "huggingface",
    }
    return tuple((key, str(value)) for key, value in extra.items() if value)
