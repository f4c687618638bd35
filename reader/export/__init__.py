"""Export a reading list: one module per format, each `render(entries) -> str`.

Entries are objects with `.paper` (Paper) and `.state` (PaperState), such as
`reader.commands.common.Entry`. `write_export` renders and writes atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reader.atomic import write_text_atomic
from reader.export import bibtex, csv_export, json_export, markdown
from reader.export.entries import EntryLike

RENDERERS: dict[str, Callable[[Sequence[EntryLike]], str]] = {
    "md": markdown.render,
    "bib": bibtex.render,
    "json": json_export.render,
    "csv": csv_export.render,
}
SUFFIXES = {".md": "md", ".markdown": "md", ".bib": "bib", ".json": "json", ".csv": "csv"}


def render(entries: Sequence[EntryLike], fmt: str) -> str:
    """The text of `entries` in format `fmt` (one of `RENDERERS`)."""
    return RENDERERS[fmt](entries)


def format_for(path: Path) -> str | None:
    """The format a file name asks for by its suffix ('list.bib' -> 'bib'), or None."""
    return SUFFIXES.get(Path(path).suffix.lower())


def write_export(entries: Sequence[EntryLike], fmt: str, path: Path) -> None:
    """Render `entries` as `fmt` and write them to `path` atomically."""
    write_text_atomic(Path(path), render(entries, fmt))


__all__ = ["RENDERERS", "format_for", "render", "write_export", "write_text_atomic"]
