"""Helpers the API formats share: clean text, arXiv ids, dates, safe XML, keyword tags.

Not a format itself (it is not in `FORMATS`).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from reader.errors import SourceError
from reader.model import fold, is_arxiv_id, slugify

_SPACE = re.compile(r"\s+")
_ARXIV_TAIL = re.compile(
    r"(\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?/?$"
)
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_TAG_CHARS = re.compile(r"[^a-z0-9+.#]+")

MAX_KEYWORD_TAGS = 3
MAX_TAG_LENGTH = 40


def clean_text(value: object) -> str:
    """`value` as one line: hard wraps and runs of spaces become single spaces."""
    if value is None:
        return ""
    return _SPACE.sub(" ", str(value)).strip()


_PARAGRAPH = re.compile(r"\n[ \t]+(?=\S)|\n\s*\n")


def clean_abstract(value: object) -> str:
    """An abstract with its paragraphs kept: arXiv (and the APIs that copy it) marks a new
    paragraph by a line break followed by indentation ("\\n  "), or by an empty line; every
    other line break is a hard wrap. Paragraphs come out separated by one empty line."""
    if value is None:
        return ""
    paragraphs = (clean_text(part) for part in _PARAGRAPH.split(str(value).strip()))
    return "\n\n".join(part for part in paragraphs if part)


def split_arxiv_id(value: str) -> tuple[str | None, str]:
    """('2607.09662', 'v1') from 'http://arxiv.org/abs/2607.09662v1', an oai: id or a bare id.

    (None, '') when `value` holds no arXiv id.
    """
    match = _ARXIV_TAIL.search(value.strip())
    if not match or not is_arxiv_id(match.group(1)):
        return None, ""
    return match.group(1), match.group(2) or ""


def iso_date(value: object) -> dt.date | None:
    """The date of an ISO-8601 timestamp such as '2026-06-12T00:00:00.000Z', or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def keyword_tags(keywords: object, limit: int = MAX_KEYWORD_TAGS) -> tuple[str, ...]:
    """The first `limit` keywords as tags: lower-case, hyphenated, ASCII ('LLM-as-a-judge')."""
    if not isinstance(keywords, list):
        return ()
    tags: list[str] = []
    for keyword in keywords:
        if not isinstance(keyword, str):
            continue
        tag = _TAG_CHARS.sub("-", fold(keyword)).strip("-.")
        if tag and len(tag) <= MAX_TAG_LENGTH and tag not in tags:
            tags.append(tag)
        if len(tags) >= limit:
            break
    return tuple(tags)


def collection_slug(value: str, max_length: int = 40) -> str:
    """A short slug for a collection name ('cat:cs.AI OR cat:cs.LG' -> 'cat-cs-ai-or-cat-cs-lg')."""
    return slugify(value, max_length=max_length)


def parse_xml(text: str, *, source: str, what: str) -> ET.Element:
    """The root element of `text`; refuses DTDs and entity declarations; `SourceError` if broken."""
    if _DTD.search(text):  # anywhere: a DOCTYPE after a 70 KB comment is still one
        raise SourceError(f"{source} declares a DTD or entities, which the reader refuses to load.")
    try:
        return ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        ending = " (it looks truncated)" if line >= text.count("\n") else ""
        raise SourceError(
            f"{source} is not a complete {what}: broken XML at line {line}, column {column}{ending}."
        ) from None
