"""One module per input format; each turns text into `Paper` records.

A format module provides `looks_like(text) -> bool` and
`parse(text, *, source: str) -> list[Paper]` (raising `SourceError`). `FORMATS` lists them in
the order detection tries them.
"""

from __future__ import annotations

from types import ModuleType

from reader.sources import arxiv_atom, arxiv_rss, daily_page, hf_api

FORMATS: list[ModuleType] = [daily_page, hf_api, arxiv_atom, arxiv_rss]


def detect(text: str) -> ModuleType | None:
    """The format module whose `looks_like` accepts `text`, or None."""
    for module in FORMATS:
        if module.looks_like(text):
            return module
    return None
