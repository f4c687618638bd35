"""Fill papers that have no arXiv id: look their titles up on arXiv (batched), keep only
exact matches, then ask the Hugging Face papers API for upvotes and stars.

A paper keeps its id, title, abstract, collection and tags; it gains its arXiv id, version,
authors (when it had none), dates, PDF, DOI, comment links and counts. The user's state and
notes are not touched (they are not in the library). Ambiguous or unmatched papers are left
alone and reported. `save` is called after every batch, so an interrupted run keeps what it
found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader import fetch
from reader.enrich.match import AMBIGUOUS, RESOLVED, match, title_query
from reader.enrich.polite import PoliteClient
from reader.errors import FetchError, SourceError
from reader.links import merge_links
from reader.model import Paper
from reader.sources import arxiv_atom, hf_api

BATCH = 10  # titles per arXiv request
ENTRIES_PER_TITLE = 5  # a phrase also finds longer titles that contain it
ARXIV_FACTS = ("version", "published", "updated", "pdf", "doi", "journal_ref", "comment",
               "categories", "primary_category", "license")
HF_FACTS = ("ai_summary", "ai_keywords", "organization")


@dataclass(slots=True)
class Report:
    enriched: list[Paper] = field(default_factory=list)
    ambiguous: list[tuple[Paper, tuple[str, ...]]] = field(default_factory=list)
    not_found: list[Paper] = field(default_factory=list)


def needs_enriching(papers: Sequence[Paper]) -> list[Paper]:
    return [paper for paper in papers if not paper.arxiv_id]


def fill_from_arxiv(paper: Paper, entry: Paper) -> Paper:
    facts = dict(paper.extra)
    given = dict(entry.extra)
    facts.update((key, given[key]) for key in ARXIV_FACTS if given.get(key))
    facts["enriched_from"] = "arxiv"
    return paper.with_changes(
        arxiv_id=entry.arxiv_id,
        authors=paper.authors or entry.authors,
        links=merge_links(paper.links, entry.links),
        extra=tuple(facts.items()),
    )


def fill_from_hf(paper: Paper, hf: Paper) -> Paper:
    facts = dict(paper.extra)
    given = dict(hf.extra)
    facts.update((key, given[key]) for key in HF_FACTS if given.get(key) and key not in facts)
    return paper.with_changes(
        upvotes=hf.upvotes if hf.upvotes is not None else paper.upvotes,
        github_stars=hf.github_stars if hf.github_stars is not None else paper.github_stars,
        links=merge_links(paper.links, hf.links),
        extra=tuple(facts.items()),
    )


def enrich(
    papers: Sequence[Paper],
    client: PoliteClient,
    *,
    arxiv_base: str,
    hf_base: str | None,
    save: Callable[[list[Paper]], None],
    progress: Callable[[int, int], None] = lambda done, total: None,
    batch: int = BATCH,
) -> Report:
    """Enrich every paper of `papers` without an arXiv id; `FetchError` when the network
    fails (what was saved before stays saved)."""
    todo = needs_enriching(papers)
    report = Report()
    progress(0, len(todo))
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        entries = _search(client, arxiv_base, [paper.title for paper in chunk])
        found = []
        for paper in chunk:
            result = match(paper, entries)
            if result.outcome == RESOLVED:
                filled = fill_from_arxiv(paper, result.entry)
                if hf_base:
                    hf = _hf_paper(client, hf_base, filled.arxiv_id)
                    filled = fill_from_hf(filled, hf) if hf else filled
                found.append(filled)
            elif result.outcome == AMBIGUOUS:
                report.ambiguous.append((paper, result.ids))
            else:
                report.not_found.append(paper)
        if found:
            save(found)
            report.enriched.extend(found)
        progress(min(start + batch, len(todo)), len(todo))
    return report


def _search(client: PoliteClient, base: str, titles: list[str]) -> list[Paper]:
    url = fetch.arxiv_url(title_query(titles), base, max_results=len(titles) * ENTRIES_PER_TITLE)
    text = client.get(url)
    try:
        return arxiv_atom.parse(text, source=url, collection="enrich")
    except SourceError as error:
        raise FetchError(f"The answer was not an arXiv feed: {error}") from None


def _hf_paper(client: PoliteClient, base: str, arxiv_id: str) -> Paper | None:
    """The HF papers API's record of `arxiv_id`, or None when it has none (404)."""
    url = f"{fetch.check_base_url(base)}/api/papers/{arxiv_id}"
    text = client.get(url, missing_ok=True)
    if text is None:
        return None
    try:
        (paper,) = hf_api.parse(text, source=url)
    except (SourceError, ValueError):
        return None  # not a paper object: nothing to add, the arXiv facts stand
    return paper if paper.arxiv_id == arxiv_id else None
