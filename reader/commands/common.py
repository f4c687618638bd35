"""Pieces the subcommands share: papers joined with their state (arguments: args.py)."""

from __future__ import annotations

import argparse
import sys

from reader.catalog import files as catalog
from reader.commands.args import state_path
from reader.entry import Entry
from reader.model import Paper
from reader.state import PaperState, StateStore


def load_papers(files) -> list[Paper]:
    """Papers of `files`, or the whole library through the catalog cache (already tagged,
    so a library of 100,000 papers is not tagged again on every command)."""
    if files:
        return catalog.load(files)
    from reader.catalog.cache import CatalogCache

    cache = CatalogCache.open()
    try:
        return list(cache.full_papers())
    finally:
        cache.close()


def load_states(args: argparse.Namespace) -> dict[str, PaperState]:
    """The reading state, synced first with the other machines when sync is on."""
    store = StateStore(state_path(args))
    try:
        from reader.sync import pull_and_push  # other machines' changes, when sync is on

        if problem := pull_and_push(store).problem:
            print(f"reader: {problem}", file=sys.stderr)
        states = store.all()
        if store.notice:
            print(f"reader: {store.notice}", file=sys.stderr)
    finally:
        store.close()
    return states


def load_entries(args: argparse.Namespace) -> list[Entry]:
    papers = load_papers(args.files)
    states = load_states(args)
    return [Entry(p, states.get(p.id, PaperState())) for p in papers]
