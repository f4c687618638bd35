"""Fetch the full text of many papers for reading offline (a train ride): one request at a
time, a pause between two, papers already cached skipped. For `reader prefetch --starred`
and the TUI's P; a quitting TUI stops it at once (the pause is `http_get.pause`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.errors import FetchError, ReaderError
from reader.fulltext import cache, source
from reader.http_get import STOPPED, pause

DEFAULT_PAUSE = 1.0  # seconds between two requests to arXiv


@dataclass(slots=True)
class Prefetched:
    total: int
    fetched: int = 0
    cached: int = 0
    failures: list[str] = field(default_factory=list)  # "ID: one sentence"

    def summary(self) -> str:
        return (f"Full text of {self.total} starred papers: {self.fetched} fetched, "
                f"{self.cached} already cached, {len(self.failures)} failed.")


def prefetch(arxiv_ids: Sequence[str], settings: source.FullTextSettings, *,
             refresh: bool = False, wait: float = DEFAULT_PAUSE,
             progress: Callable[[int, str], None] | None = None) -> Prefetched:
    """Fetch each paper's full text into the cache; `progress(done, arxiv_id)` before each."""
    result = Prefetched(len(arxiv_ids))
    asked = False
    for done, arxiv_id in enumerate(arxiv_ids):
        if progress is not None:
            progress(done, arxiv_id)
        what = source.target(arxiv_id)
        if not refresh and cache.has(what.key):
            result.cached += 1
            continue
        try:
            if asked and wait > 0:
                pause(wait)  # polite to arXiv: never back to back
            asked = True
            source.fetch(what, settings)
            result.fetched += 1
        except (FetchError, ReaderError) as error:
            if str(error) == STOPPED:
                result.failures.append(f"{arxiv_id}: {error}")
                break
            result.failures.append(f"{arxiv_id}: {error}")
    if progress is not None:
        progress(len(arxiv_ids), "done")
    return result
