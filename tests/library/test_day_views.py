"""Each day's view shows every paper of its page, also papers first listed on another day
(issue 16): the session's day filter and counts use `also_in`."""

from __future__ import annotations

import datetime as dt

from reader.library import merge_papers
from reader.session import ReadingSession
from reader.sources import hf_api
from tests.conftest import FIXTURES

HF = FIXTURES / "hf_daily_papers_2026.json"


def hf_on(day):
    return hf_api.parse(HF.read_text(encoding="utf-8"), source=str(HF), day=day)


def test_the_later_days_view_shows_every_paper_of_its_page():
    papers, _ = merge_papers(hf_on(dt.date(2026, 6, 12)), hf_on(dt.date(2026, 6, 13))[:7])
    session = ReadingSession(papers)
    assert session.collections() == ["daily-2026-06-13", "daily-2026-06-12"]
    session.set_collection("daily-2026-06-13")
    session.recompute()
    assert len(session.shown) == 7
    session.set_collection("daily-2026-06-12")
    session.recompute()
    assert len(session.shown) == 30
    counts = session.counts()["collections"]
    assert counts["daily-2026-06-13"] == 7 and counts["daily-2026-06-12"] == 30
