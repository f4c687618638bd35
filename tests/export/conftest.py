from __future__ import annotations

import datetime as dt

import pytest

from reader.catalog.files import parse_file
from reader.commands.common import Entry
from reader.model import Link, Paper
from reader.state import PaperState
from tests.conftest import FIXTURES

TRICKY_TITLE = "Ünïcode & 100% of $x_1$ #1 ~ fast: a back\\slash study"


@pytest.fixture(scope="session")
def entries():
    """Real papers (API JSON, legacy Atom, the seed page) plus a tricky hand-made one."""
    papers = (
        parse_file(FIXTURES / "hf_daily_papers_2026.json")[:6]
        + parse_file(FIXTURES / "arxiv_atom_legacy_del_maestro.xml")[:4]
        + parse_file(FIXTURES / "daily-papers-2026-06-12.txt")
    )
    tricky = Paper(
        id="tricky", title=TRICKY_TITLE, abstract="", date=dt.date(2025, 9, 25),
        authors=("José Núñez", "Research and Development Team"),
        links=(Link("https://github.com/x/{weird}", "code"),), tags=("a_b",),
    )
    states = [PaperState()] * len(papers)
    states[0] = PaperState(starred=True, read=True, tags=("to-cite",),
                           note='Great "baseline", 50% faster\nsecond line; {braces}')
    return [Entry(p, s) for p, s in zip(papers, states, strict=True)] + [Entry(tricky, PaperState())]
