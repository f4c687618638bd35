"""Fetch one arXiv HTML page politely: one request at a time in this process, a clear
User-Agent, `Retry-After` honoured (within the time left), and a deadline that bounds the whole
request, retries and slow trickles included. Every failure is a `FetchError`, one sentence.
The request itself, its deadline and its stop on quit are `reader.http_get`'s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from reader import http_get
from reader.errors import FetchError

USER_AGENT = (f"{http_get.USER_AGENT} (terminal paper reader; reads arXiv HTML one page at a "
              "time)")
MAX_BYTES = 32 * 1024 * 1024
RETRIES = 2  # extra attempts after a 429/503 that says when to come back
_ONE_AT_A_TIME = threading.Lock()

Progress = http_get.Progress  # (bytes so far, total bytes if known)


class NotFound(FetchError):
    """HTTP 404 or 410: the server has no such page."""


def fetch_page(url: str, *, timeout: float, progress: Progress | None = None,
               sleep: Callable[[float], None] = http_get.pause) -> str:
    """The HTML at `url`, decoded, or a `FetchError` within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    host = http_get.host(url)
    with _ONE_AT_A_TIME:
        for attempt in range(RETRIES + 1):
            try:
                return _attempt(url, deadline, timeout, progress)
            except http_get.HttpError as error:
                if error.code in (404, 410):
                    raise NotFound(f"{host} has no page at {url} (HTTP {error.code}).") from None
                wait = http_get.retry_after(error.retry_header)
                if error.code not in (429, 503) or wait is None:
                    raise
                if attempt == RETRIES or wait >= deadline - time.monotonic():
                    raise FetchError(f"{host} is busy (HTTP {error.code}) and asked to come "
                                     f"back in {wait:g} seconds; try again later.") from None
                sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _attempt(url: str, deadline: float, timeout: float, progress: Progress | None) -> str:
    answer = http_get.get(
        url, deadline=deadline, headers={"User-Agent": USER_AGENT, "Accept": "text/html"},
        late=f"{http_get.host(url)} did not answer within {timeout:g} seconds.",
        max_bytes=MAX_BYTES, too_large=f"The page at {url} is larger than {MAX_BYTES >> 20} MB.",
        progress=progress)
    try:  # a page in a wrong charset is still worth reading
        return answer.data.decode(answer.charset, errors="strict")
    except (LookupError, UnicodeDecodeError):
        return answer.data.decode("utf-8", errors="replace")
