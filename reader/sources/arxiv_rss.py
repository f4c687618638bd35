"""arXiv's RSS listings (`https://rss.arxiv.org/rss/cs.LG`).

Each item's description reads "arXiv:2604.21952v1 Announce Type: new \\nAbstract: ...";
announce types are new, cross, replace and replace-cross. Authors are one comma-separated
`dc:creator`; the licence is `dc:rights`; published papers carry `arxiv:DOI` and
`arxiv:journal_reference`. An item's `pubDate` is the day of the announcement, not of the
paper: a replacement of a 2022 paper is listed in 2026 (its year comes from its id). A
weekend feed is a channel with no items.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from reader.errors import SourceError
from reader.links import extract_links, merge_links
from reader.model import Link, Paper, paper_id
from reader.sources.fields import clean_abstract, clean_text, parse_xml, split_arxiv_id

ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
_DESCRIPTION = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?(?P<abstract>.*)$",
    re.DOTALL,
)
_FEED_NAME = re.compile(r"[^A-Za-z0-9.+-]+")


def looks_like(text: str) -> bool:
    """True for an RSS document that mentions arXiv near its start."""
    head = text.lstrip()[:4096]
    return head.startswith("<") and "<rss" in head and "arxiv" in head.lower()


def parse(text: str, *, source: str = "<text>") -> list[Paper]:
    """Papers in listing order, in the collection 'arxiv-<feed>-<announce day>'."""
    root = parse_xml(text, source=source, what="arXiv RSS listing")
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise SourceError(f"{source} is XML but not an RSS listing (no <rss><channel>).")
    day = _date(channel.findtext("pubDate")) or _date(channel.findtext("lastBuildDate"))
    feed = _feed_name(channel)
    collection = f"arxiv-{feed}-{day.isoformat()}" if feed and day else f"import-{Path(source).stem}"
    return [
        _paper(item, number, source=source, day=day, collection=collection)
        for number, item in enumerate(channel.iter("item"), 1)
    ]


def _feed_name(channel: ET.Element) -> str:
    link = (channel.findtext("link") or "").strip().rstrip("/")
    name = link.rsplit("/", 1)[-1] if "/rss/" in link else ""
    if not name:
        title = clean_text(channel.findtext("title"))
        name = title.split(" updates on", 1)[0] if " updates on" in title else ""
    return _FEED_NAME.sub("-", name).strip("-")


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


def _paper(
    item: ET.Element, number: int, *, source: str, day: dt.date | None, collection: str
) -> Paper:
    title = clean_text(item.findtext("title"))
    if not title:
        raise SourceError(f"{source}: item {number} has no title.")
    description = item.findtext("description") or ""
    match = _DESCRIPTION.match(description)
    abstract = clean_abstract(match.group("abstract") if match else description)
    raw_id = match.group("id") if match else (item.findtext("guid") or item.findtext("link") or "")
    arxiv_id, version = split_arxiv_id(raw_id)
    announce = clean_text(item.findtext(f"{ARXIV}announce_type")) or (
        match.group("type") if match else ""
    )
    creators = clean_text(item.findtext(f"{DC}creator"))
    authors = tuple(name.strip() for name in re.split(r",\s*|\s+and\s+", creators) if name.strip())
    categories = " ".join(clean_text(c.text) for c in item.iter("category") if c.text)
    doi = clean_text(item.findtext(f"{ARXIV}DOI") or item.findtext(f"{ARXIV}doi"))
    extra = {
        "version": version,
        "announce_type": announce,
        "categories": categories,
        "doi": doi,
        "journal_ref": clean_text(item.findtext(f"{ARXIV}journal_reference")),
        "license": clean_text(item.findtext(f"{DC}rights")),
        "source": "arxiv",
    }
    return Paper(
        id=paper_id(title, arxiv_id),
        title=title,
        abstract=abstract,
        date=_date(item.findtext("pubDate")) or day,
        collection=collection,
        authors=authors,
        links=merge_links(extract_links(abstract), _doi_links(doi)),
        arxiv_id=arxiv_id,
        extra=tuple((key, value) for key, value in extra.items() if value),
    )


def _doi_links(doi: str) -> list[Link]:
    return [Link(f"https://doi.org/{doi}", "other")] if doi else []
