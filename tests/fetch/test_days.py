"""`reader fetch --days N`: one request at a time, and resumable: a day fetched today is not
fetched again unless asked, and days fetched before a failure are kept."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from reader import fetched_days, paths
from reader.cli import main
from reader.library import load_library
from tests.fetch import server
from tests.sources.sentences import one_sentence

TODAY = dt.date.today()


@pytest.fixture
def today_has_papers():
    """Today's page is the real 2026-06-12 answer (30 papers); other days are quiet."""
    server.DAYS[TODAY.isoformat()] = server.DAYS["2026-06-12"]
    yield
    del server.DAYS[TODAY.isoformat()]


def asked_days(api) -> list[str]:
    return [parse_qs(urlsplit(path).query)["date"][0] for path in api.requests]


def test_days_fetched_today_are_skipped_unless_asked(api, waits, capsys, today_has_papers):
    assert main(["fetch", "--days", "3", "--base-url", f"{api.url}/ok"]) == 0
    days = [(TODAY - dt.timedelta(days=n)).isoformat() for n in (2, 1, 0)]
    assert asked_days(api) == days
    assert waits == [0.5, 0.5]  # a pause between requests, none before the first
    assert "30 new" in capsys.readouterr().out
    assert main(["fetch", "--days", "3", "--base-url", f"{api.url}/ok"]) == 0
    assert asked_days(api) == days  # nothing asked again
    assert "Nothing to fetch" in capsys.readouterr().out
    assert main(["fetch", "--days", "4", "--base-url", f"{api.url}/ok"]) == 0
    assert asked_days(api)[3:] == [(TODAY - dt.timedelta(days=3)).isoformat()]
    assert main(["fetch", "--days", "2", "--again", "--base-url", f"{api.url}/ok"]) == 0
    assert asked_days(api)[4:] == days[1:]


def test_a_failure_keeps_the_days_before_it(api, capsys):
    server.DAYS[(TODAY - dt.timedelta(days=1)).isoformat()] = server.DAYS["2026-06-12"]
    try:
        assert main(["fetch", "--days", "3", "--base-url", f"{api.url}/okfor-2"]) == 1
        captured = capsys.readouterr()
        one_sentence(captured.err.removeprefix("reader: "), "HTTP 500", "1 of the days")
        assert len(load_library()) == 30
        assert sorted(fetched_days.load()) == [
            (TODAY - dt.timedelta(days=n)).isoformat() for n in (2, 1)]
        api.served = 0  # the server answers again: only the day left is asked
        assert main(["fetch", "--days", "3", "--base-url", f"{api.url}/okfor-5"]) == 0
        assert asked_days(api)[3:] == [TODAY.isoformat()]
    finally:
        del server.DAYS[(TODAY - dt.timedelta(days=1)).isoformat()]


def test_a_damaged_record_of_days_only_costs_requests(api, capsys):
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / fetched_days.FILE_NAME).write_text("[" * 100_000)
    assert main(["fetch", "--days", "2", "--base-url", f"{api.url}/ok"]) == 0
    assert len(api.requests) == 2
    assert len(fetched_days.load()) == 2
