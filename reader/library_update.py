"""Papers into the user's library, for the CLI and the TUI alike: what was added, in words,
and a fetch of a day or a query straight into the library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reader.library import ImportResult, Library
from reader.model import Paper


def summary(verb: str, count_what: str, result: ImportResult,
            library: Library | None = None) -> str:
    """'Imported 30 papers from x.json into LIB: 28 new, 2 updated, 0 unchanged.' (without
    'into LIB' when no library is given: the TUI's message, read on a narrow screen)."""
    papers = "paper" if result.total == 1 else "papers"
    into = f" into {library.path}" if library is not None else ""
    return (
        f"{verb} {result.total} {papers} {count_what}{into}: "
        f"{result.added} new, {result.updated} updated, {result.unchanged} unchanged."
    )


def add_papers(library: Library, papers: Sequence[Paper]) -> ImportResult:
    """Merge `papers` into `library`, and the catalog cache with them when it can take them
    paper by paper (`reader.catalog.update`: about a second at 100,000 papers); else the
    library alone (`Library.add`), and the caller's `refresh_cache` builds the cache."""
    from reader.catalog.update import add_papers as add_through_cache

    papers = list(papers)
    result = add_through_cache(library, papers)
    return result if result is not None else library.add(papers)


def fetch_into_library(what: str, *, date: dt.date | None = None,
                       arxiv_query: str | None = None) -> tuple[ImportResult, str]:
    """Fetch a day of Daily Papers (or an arXiv query) and add it to the library; the
    result and a one-line summary. Raises ReaderError (FetchError) with one sentence."""
    from reader import fetch

    settings = fetch.load_settings()
    if arxiv_query:
        papers = fetch.fetch_arxiv(arxiv_query, base_url=settings.arxiv_url,
                                   timeout=settings.timeout)
    else:
        papers = fetch.fetch_daily(date, base_url=settings.daily_papers_url,
                                   timeout=settings.timeout)
    library = Library()
    result = add_papers(library, papers)
    return result, summary("Fetched", f"of {what}", result)


def stop_background_io() -> None:
    """Stop downloads and cache builds in flight at once: the TUI calls this as it quits
    (its thread workers are waited for before the process ends; a fetch could take 30 s)."""
    from reader import fetch
    from reader.catalog.cache import stop_builds

    fetch.abort_all()
    stop_builds()


def allow_background_io() -> None:
    """Undo `stop_background_io`: a TUI started again in the same process (the tests start
    many) fetches and builds as usual."""
    from reader import fetch
    from reader.catalog.cache import allow_builds

    fetch.allow_again()
    allow_builds()
