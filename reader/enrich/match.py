"""Which arXiv entry is a paper: the one whose normalised title equals the paper's, when
exactly one arXiv id has it. Close is not enough: a wrong id is worse than none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.model import Paper, normalise_title

RESOLVED, AMBIGUOUS, NOT_FOUND = "resolved", "ambiguous", "not found"


@dataclass(frozen=True, slots=True)
class Match:
    outcome: str
    entry: Paper | None = None  # the arXiv entry when resolved
    ids: tuple[str, ...] = ()  # the ids of equal titles when ambiguous


def match(paper: Paper, entries: Iterable[Paper]) -> Match:
    wanted = normalise_title(paper.title)
    equal = [e for e in entries if e.arxiv_id and normalise_title(e.title) == wanted]
    ids = tuple(dict.fromkeys(e.arxiv_id for e in equal))
    if not ids:
        return Match(NOT_FOUND)
    if len(ids) > 1:
        return Match(AMBIGUOUS, ids=ids)
    return Match(RESOLVED, entry=equal[0])


def title_query(titles: Iterable[str]) -> str:
    """An arXiv `search_query` for these titles: `ti:"w1 w2 …" OR …` (words only, since
    quotes, colons and brackets are query syntax; equality is checked afterwards)."""
    return " OR ".join(f'ti:"{normalise_title(title)}"' for title in titles)
