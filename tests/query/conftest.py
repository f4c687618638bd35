"""Seed papers made richer (authors, dates, counts) and a reading state, for query tests."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from reader.state import PaperState

NAMES = ("José García", "Tri Dao", "Ion Stoica", "Zoë Müller", "Wei Chen", "Ana  Souza")


@pytest.fixture(scope="session")
def rich_papers(seed_papers):
    """The seed with authors, varied dates and upvotes/stars/comments where 'known'."""
    rng = random.Random(7)
    papers = []
    for paper in seed_papers:
        papers.append(paper.with_changes(
            authors=tuple(rng.sample(NAMES, rng.randint(0, 3))),
            date=None if rng.random() < 0.1 else dt.date(2025, 9, 1) + dt.timedelta(
                days=rng.randrange(60)),
            upvotes=rng.randrange(120) if rng.random() < 0.7 else None,
            github_stars=rng.randrange(900) if rng.random() < 0.4 else None,
            comments=rng.randrange(6) if rng.random() < 0.5 else None,
        ))
    return papers


@pytest.fixture(scope="session")
def rich_states(rich_papers):
    """Read, starred, user tags and notes on some papers."""
    rng = random.Random(11)
    states = {}
    for paper in rich_papers:
        if rng.random() < 0.5:
            states[paper.id] = PaperState(
                read=rng.random() < 0.6,
                starred=rng.random() < 0.3,
                tags=tuple(rng.sample(("to-read", "Serving", "favourite"), rng.randint(0, 2))),
                note=rng.choice(("", "", "good", "  ")),
            )
    return states
