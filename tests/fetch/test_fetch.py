"""Fetching over real HTTP from a local server: answers, errors, slowness and garbage."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from reader import fetch
from reader.errors import FetchError, ReaderError
from tests.sources.sentences import one_sentence

DAY = dt.date(2026, 6, 12)
REAL_PAUSE = fetch._pause  # before the `waits` fixture replaces it


def test_fetch_daily_asks_for_the_day_and_parses_the_answer(api):
    papers = fetch.fetch_daily(DAY, base_url=f"{api.url}/ok", timeout=5)
    assert len(papers) == 30
    assert {p.collection for p in papers} == {"daily-2026-06-12"}
    assert api.requests == ["/ok/api/daily_papers?date=2026-06-12"]


def test_the_day_asked_names_the_collection_even_if_the_answer_dates_differ(api):
    # The fixture says submittedOnDailyAt 2026-06-12; asking for it as another day wins.
    from tests.fetch import server

    server.DAYS["2026-06-13"] = server.DAYS["2026-06-12"]
    try:
        papers = fetch.fetch_daily(dt.date(2026, 6, 13), base_url=f"{api.url}/ok", timeout=5)
    finally:
        del server.DAYS["2026-06-13"]
    assert {p.collection for p in papers} == {"daily-2026-06-13"}


def test_a_quiet_day_is_no_papers(api):
    assert fetch.fetch_daily(dt.date(2026, 6, 13), base_url=f"{api.url}/ok/", timeout=5) == []


def test_fetch_days_asks_each_day_oldest_first(api):
    papers = fetch.fetch_days(3, today=dt.date(2026, 6, 14), base_url=f"{api.url}/ok", timeout=5)
    assert len(papers) == 30
    days = [parse_qs(urlsplit(path).query)["date"][0] for path in api.requests]
    assert days == ["2026-06-12", "2026-06-13", "2026-06-14"]


def test_fetch_arxiv_sends_the_query_and_names_the_collection(api):
    papers = fetch.fetch_arxiv("cat:cs.LG", base_url=f"{api.url}/ok", max_results=50, timeout=5,
                               today=dt.date(2026, 7, 14))
    assert len(papers) == 50
    assert {p.collection for p in papers} == {"arxiv-cs.LG-2026-07-14"}
    (path,) = api.requests
    assert urlsplit(path).path == "/ok/api/query"
    params = parse_qs(urlsplit(path).query)
    assert params["search_query"] == ["cat:cs.LG"]
    assert params["max_results"] == ["50"]
    assert params["sortBy"] == ["submittedDate"]


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("status-503", "HTTP 503"),
        ("status-404", "HTTP 404"),
        ("status-429", "HTTP 429"),
        ("garbage", "not Daily Papers"),
        ("truncated", "broke off"),
        ("latin1", "not utf-8"),
    ],
)
def test_server_problems_are_one_sentence_fetch_errors(api, mode, words):
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=f"{api.url}/{mode}", timeout=5)
    one_sentence(str(caught.value), words)


def test_garbage_for_arxiv(api):
    with pytest.raises(FetchError) as caught:
        fetch.fetch_arxiv("cat:cs.LG", base_url=f"{api.url}/garbage", timeout=5)
    one_sentence(str(caught.value), "not an arXiv feed")


def test_slow_answer_times_out(api):
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=f"{api.url}/slow", timeout=0.3)
    one_sentence(str(caught.value), "127.0.0.1", "0.3 seconds")


def test_stalled_body_times_out(api):
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=f"{api.url}/stall", timeout=0.3)
    one_sentence(str(caught.value), "0.3 seconds")


def test_a_trickle_cannot_outlast_the_timeout(api):
    # Every byte comes well within the socket timeout; the whole download may not.
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=f"{api.url}/trickle", timeout=0.3)
    one_sentence(str(caught.value), "0.3 seconds")


def test_nobody_listening(dead_url):
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=dead_url, timeout=2)
    one_sentence(str(caught.value), "Cannot reach 127.0.0.1", "connection refused")


def test_one_failing_day_fails_the_whole_fetch(api):
    with pytest.raises(FetchError):
        fetch.fetch_days(2, today=DAY, base_url=f"{api.url}/status-500", timeout=5)


@pytest.mark.parametrize("url", ["ftp://example.org", "file:///etc/passwd", "huggingface.co", "http://"])
def test_bad_base_urls_are_refused_before_any_request(url):
    with pytest.raises(ReaderError) as caught:
        fetch.fetch_daily(DAY, base_url=url, timeout=1)
    assert not isinstance(caught.value, FetchError)
    one_sentence(str(caught.value), "base URL")


def test_arxiv_arguments_are_checked():
    with pytest.raises(ReaderError, match="query"):
        fetch.fetch_arxiv("  ", timeout=1)
    with pytest.raises(ReaderError, match="between 1 and 2000"):
        fetch.fetch_arxiv("cat:cs.LG", max_results=0, timeout=1)


def test_fetch_days_pauses_between_requests(api, monkeypatch):
    pauses = []
    monkeypatch.setattr(fetch, "_pause", pauses.append)
    fetch.fetch_days(3, today=dt.date(2026, 6, 14), base_url=f"{api.url}/ok", timeout=5)
    assert pauses == [fetch.DAYS_PAUSE] * 2  # between the three requests, not before the first
    assert len(api.requests) == 3


def test_a_429_with_retry_after_is_waited_out(api, waits):
    papers = fetch.fetch_daily(DAY, base_url=f"{api.url}/busy-2-7", timeout=5)
    assert len(papers) == 30
    assert waits == [7.0, 7.0]
    assert len(api.requests) == 3


def test_retry_after_as_a_date_and_backoff_without_one(api, waits):
    fetch.fetch_daily(DAY, base_url=f"{api.url}/busy-1-date", timeout=5)
    assert len(waits) == 1 and 0 <= waits[0] <= 2
    waits.clear()
    fetch.fetch_daily(DAY, base_url=f"{api.url}/busy-3-none", timeout=5)
    assert waits == [fetch.BACKOFF, fetch.BACKOFF * 2, fetch.BACKOFF * 4]


def test_busy_for_too_long_is_one_sentence(api, waits):
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=f"{api.url}/busy-9-1", timeout=5)
    one_sentence(str(caught.value), "HTTP 429")
    assert len(waits) == fetch.RETRIES
    with pytest.raises(FetchError) as caught:  # asks for an hour: not waited for
        fetch.fetch_daily(DAY, base_url=f"{api.url}/busy-1-3600", timeout=5)
    one_sentence(str(caught.value), "HTTP 429")
    assert len(waits) == fetch.RETRIES


def test_real_retry_wait_is_slept(api, monkeypatch):
    monkeypatch.setattr(fetch, "_pause", REAL_PAUSE)  # a real second
    papers = fetch.download(f"{api.url}/busy-1-1/api/daily_papers?date=2026-06-12", timeout=5)
    assert papers.startswith("[")


def test_headers_trickled_a_byte_at_a_time_are_bounded_by_the_timeout(api):
    # Each byte comes every 50 ms, well within a socket timeout of 0.5 s: only a deadline
    # on the whole request ends it.
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=f"{api.url}/trickle-headers", timeout=0.5)
    one_sentence(str(caught.value), "0.5 seconds", "trickle-headers")


def test_abort_all_ends_a_download_in_flight_and_refuses_new_ones(api, monkeypatch):
    import threading

    from reader import http_get

    watch = http_get._Watch()
    monkeypatch.setattr(http_get, "_WATCH", watch)
    failed: list[str] = []

    def run() -> None:
        try:
            fetch.fetch_daily(DAY, base_url=f"{api.url}/stall", timeout=60)
        except Exception as error:  # noqa: BLE001 - any failure is reported below
            failed.append(str(error))

    thread = threading.Thread(target=run)
    thread.start()
    while not watch.live and thread.is_alive():
        thread.join(0.01)
    assert not failed
    fetch.abort_all()
    thread.join(10)
    assert not thread.is_alive()
    assert failed == ["The download was stopped."]
    with pytest.raises(FetchError, match="stopped"):
        fetch.fetch_daily(DAY, base_url=f"{api.url}/ok", timeout=5)


def test_a_quitting_reader_stops_fetches_and_a_new_run_fetches_again(api):
    """stop_background_io (the TUI quitting) refuses fetches at once; allow_background_io (a
    new run in the same process) lets them go again."""
    from reader.library_update import allow_background_io, stop_background_io

    stop_background_io()
    try:
        with pytest.raises(ReaderError):
            fetch.fetch_daily(DAY, base_url=f"{api.url}/ok", timeout=5)
    finally:
        allow_background_io()
    assert fetch.fetch_daily(DAY, base_url=f"{api.url}/ok", timeout=5)


def test_a_redirect_loop_is_one_sentence(api):
    with pytest.raises(FetchError) as caught:
        fetch.fetch_daily(DAY, base_url=f"{api.url}/loop", timeout=5)
    message = str(caught.value)
    assert "redirected in a loop" in message and "\n" not in message
    one_sentence(message)
