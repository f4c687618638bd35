"""The Hugging Face "Daily Papers" page as a browser copies it.

The page starts with header lines ("new", "Get trending papers in your email inbox!",
"Subscribe", "Daily Papers", "byAK and the research community"), then a date line such as
"Sep 25", then alternating title and abstract lines, separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from reader.errors import SourceError
from reader.links import extract_links
from reader.model import Paper, paper_id

HEADER_LINES = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
)
_HEADER_KEYS = {h.casefold() for h in HEADER_LINES}
_DATE_LINE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{1,2})$")
_MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
_YEAR_IN_NAME = re.compile(r"(19|20)\d{2}(?=-\d{2}-\d{2})|(?<!\d)(19|20)\d{2}(?!\d)")


def looks_like(text: str) -> bool:
    """True when `text` starts like a Daily Papers page (used for format detection)."""
    lines = [line.strip() for line in text.splitlines()[:20] if line.strip()]
    return "Daily Papers" in lines[:6] and any(_DATE_LINE.match(line) for line in lines[:8])


def year_from_name(name: str) -> int | None:
    match = _YEAR_IN_NAME.search(name)
    return int(match.group(0)) if match else None


def parse(text: str, *, source: str = "<text>", year: int | None = None) -> list[Paper]:
    """Parse a Daily Papers page into papers in page order.

    `year` dates the "Sep 25" line; without it the year comes from `source`'s name, and
    failing that the page is refused. Raises `SourceError` naming `source` and the line.
    """
    return list(iter_papers(text, source=source, year=year))


def iter_papers(text: str, *, source: str = "<text>", year: int | None = None) -> Iterator[Paper]:
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    content = [(n, line) for n, line in lines if line]
    if not content:
        raise SourceError(f"{source} is empty, not a Daily Papers page.")

    index = 0
    while index < len(content) and content[index][1].casefold() in _HEADER_KEYS:
        index += 1
    if index == 0 or not any(line == "Daily Papers" for _, line in content[:index]):
        number, line = content[0]
        raise SourceError(
            f"{source} is not a Daily Papers page: line {number} ({_short(line)}) "
            "is not the page header."
        )
    if index >= len(content):
        raise SourceError(
            f"{source} has the Daily Papers header but no date line after line {content[-1][0]}."
        )
    number, line = content[index]
    match = _DATE_LINE.match(line)
    if not match:
        raise SourceError(
            f"{source} is not a Daily Papers page: line {number} ({_short(line)}) "
            "should be a date like 'Sep 25'."
        )
    if year is None:
        year = year_from_name(Path(source).name)
    if year is None:
        raise SourceError(
            f"{source}: the date on line {number} ({_short(line)}) has no year; name the file "
            "with its date (daily-papers-YYYY-MM-DD.txt) or give the year."
        )
    try:
        date = dt.date(year, _MONTHS[match.group(1)[:3]], int(match.group(2)))
    except ValueError:
        raise SourceError(
            f"{source}: line {number} ({_short(line)}) is not a valid date in {year}."
        ) from None
    index += 1
    collection = f"daily-{date.isoformat()}"

    body = content[index:]
    if not body:
        raise SourceError(f"{source} has no papers after the date line {number}.")
    if len(body) % 2:
        number, line = body[-1]
        raise SourceError(
            f"{source}: line {number} ({_short(line)}) is a title without an abstract."
        )
    for (title_no, title), (abstract_no, abstract) in zip(body[::2], body[1::2], strict=True):
        if len(title) > 400 or len(abstract) < len(title) // 2:
            raise SourceError(
                f"{source}: line {title_no} ({_short(title)}) does not look like a paper title "
                f"followed by its abstract on line {abstract_no}."
            )
        yield Paper(
            id=paper_id(title),
            title=title,
            abstract=abstract,
            date=date,
            collection=collection,
            links=extract_links(abstract),
        )


def _short(line: str, width: int = 40) -> str:
    return repr(line if len(line) <= width else line[: width - 1] + "…")
