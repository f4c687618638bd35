"""The full-text download and the enrich look-ups share `reader.http_get` with `reader.fetch`:
the same deadline on the whole request and the same stop when the reader quits."""

from __future__ import annotations

import threading

import pytest

from reader.enrich.polite import PoliteClient
from reader.errors import FetchError
from reader.fulltext.download import fetch_page
from reader.library_update import allow_background_io, stop_background_io
from tests.sources.sentences import one_sentence


def full_text(url: str, timeout: float) -> str | None:
    return fetch_page(f"{url}/html/2508.08468", timeout=timeout)


def enrich_lookup(url: str, timeout: float) -> str | None:
    return PoliteClient(timeout=timeout, pause=0).get(f"{url}/api/query?search_query=ti:x")


CALLERS = pytest.mark.parametrize("get", [full_text, enrich_lookup], ids=["fulltext", "enrich"])


@CALLERS
def test_headers_trickled_a_byte_at_a_time_are_bounded_by_the_timeout(api, get):
    # A byte every 50 ms never lets the socket timeout of 0.5 s fire: only the watchdog's
    # deadline on the whole request ends it.
    with pytest.raises(FetchError) as caught:
        get(f"{api.url}/trickle-headers", 0.5)
    one_sentence(str(caught.value), "127.0.0.1 did not answer within 0.5 seconds")


def in_thread(work) -> tuple[threading.Thread, list[str]]:
    failed: list[str] = []

    def run() -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - any failure is reported to the test
            failed.append(str(error))

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failed


@CALLERS
def test_quitting_stops_a_request_in_flight_and_refuses_new_ones(api, get):
    thread, failed = in_thread(lambda: get(f"{api.url}/stall", 60))
    while not api.requests and thread.is_alive():  # the server has it: it is in flight
        thread.join(0.01)
    try:
        stop_background_io()
        thread.join(10)
        assert not thread.is_alive()
        assert failed == ["The download was stopped."]
        with pytest.raises(FetchError, match="stopped"):
            get(f"{api.url}/ok", 5)
    finally:
        allow_background_io()
    assert len(api.requests) == 1  # the refused one never reached the server


def test_quitting_ends_the_pause_between_enrich_requests(api):
    client = PoliteClient(timeout=5, pause=60)
    client.get(f"{api.url}/ok/api/query?search_query=ti:x")
    thread, failed = in_thread(lambda: client.get(f"{api.url}/ok/api/query?search_query=ti:y"))
    try:
        stop_background_io()
        thread.join(10)
        assert not thread.is_alive()
    finally:
        allow_background_io()
    assert failed == ["The download was stopped."]
    assert len(api.requests) == 1
