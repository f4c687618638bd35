"""Pieces the subcommands share: file and --db arguments, papers joined with their state."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from reader import catalog, paths
from reader.model import Paper
from reader.state import PaperState, StateStore


def add_files_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE",
        help="files of papers (default: your library: the built-in catalog plus what you imported)",
    )


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, metavar="PATH",
        help=f"state file to use (default: {paths.default_state_path()})",
    )


def state_path(args: argparse.Namespace) -> Path:
    return args.db if getattr(args, "db", None) else paths.default_state_path()


@dataclass(frozen=True, slots=True)
class Entry:
    """A paper with its reading state, for printing."""

    paper: Paper
    state: PaperState

    def to_dict(self) -> dict[str, object]:
        record = self.paper.to_dict()
        record["read"] = self.state.read
        record["starred"] = self.state.starred
        record["user_tags"] = list(self.state.tags)
        record["note"] = self.state.note
        return record


def load_papers(files) -> list[Paper]:
    """Papers of `files`, or the whole library through the catalog cache (already tagged,
    so a library of 100,000 papers is not tagged again on every command)."""
    if files:
        return catalog.load(files)
    from reader.catalog_cache import CatalogCache

    cache = CatalogCache.open()
    try:
        return list(cache.full_papers())
    finally:
        cache.close()


def load_entries(args: argparse.Namespace) -> list[Entry]:
    papers = load_papers(args.files)
    store = StateStore(state_path(args))
    try:
        states = store.all()
        if store.notice:
            print(f"reader: {store.notice}", file=sys.stderr)
    finally:
        store.close()
    return [Entry(p, states.get(p.id, PaperState())) for p in papers]
