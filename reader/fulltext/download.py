"""Fetch one arXiv HTML page politely: one request at a time in this process, a clear
User-Agent, `Retry-After` honoured (within the time left), and a deadline that bounds the whole
request, retries and slow trickles included. Every failure is a `FetchError`, one sentence.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from reader import __version__
from reader.errors import FetchError

USER_AGENT = f"paper-reader/{__version__} (terminal paper reader; reads arXiv HTML one page at a time)"
MAX_BYTES = 32 * 1024 * 1024
RETRIES = 2  # extra attempts after a 429/503 that says when to come back
_CHUNK = 64 * 1024
_ONE_AT_A_TIME = threading.Lock()

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes if known)


class NotFound(FetchError):
    """HTTP 404 or 410: the server has no such page."""


def fetch_page(url: str, *, timeout: float, progress: Progress | None = None,
               sleep: Callable[[float], None] = time.sleep) -> str:
    """The HTML at `url`, decoded, or a `FetchError` within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with _ONE_AT_A_TIME:
        for attempt in range(RETRIES + 1):
            try:
                return _attempt(url, deadline, timeout, progress)
            except _RetryLater as later:
                left = deadline - time.monotonic()
                if attempt == RETRIES or later.seconds >= left:
                    raise FetchError(f"{_host(url)} is busy (HTTP {later.status}) and asked to "
                                     f"come back in {later.seconds:g} seconds; try again later."
                                     ) from None
                sleep(later.seconds)
    raise AssertionError("unreachable")  # pragma: no cover


class _RetryLater(Exception):
    def __init__(self, status: int, seconds: float) -> None:
        self.status = status
        self.seconds = seconds


def _attempt(url: str, deadline: float, timeout: float, progress: Progress | None) -> str:
    host = _host(url)
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{host} did not answer within {timeout:g} seconds.")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=left) as response:
            data = _read(response, deadline, url, progress)
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as error:
        retry = _retry_after(error.headers.get("Retry-After") if error.headers else None)
        if error.code in (429, 503) and retry is not None:
            raise _RetryLater(error.code, retry) from None
        if error.code in (404, 410):
            raise NotFound(f"{host} has no page at {url} (HTTP {error.code}).") from None
        raise FetchError(f"{host} answered HTTP {error.code} ({error.reason}) for {url}.") from None
    except urllib.error.URLError as error:
        raise FetchError(f"Cannot reach {host} ({_reason(error.reason)}).") from None
    except TimeoutError:
        raise FetchError(f"{host} did not answer within {timeout:g} seconds.") from None
    except http.client.HTTPException as error:
        raise FetchError(f"The connection to {host} broke off ({type(error).__name__})."
                         ) from None
    except OSError as error:
        raise FetchError(f"Cannot download from {host} ({_reason(error)}).") from None
    try:
        return data.decode(charset, errors="strict")
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def _read(response, deadline: float, url: str, progress: Progress | None) -> bytes:
    expected = response.headers.get("Content-Length", "")
    total = int(expected) if expected.isdigit() else None
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"The page at {url} is larger than {MAX_BYTES >> 20} MB.")
        if progress is not None:
            progress(size, total)
    if total is not None and size < total:
        raise FetchError(f"The connection to {_host(url)} broke off after {size} of "
                         f"{total} bytes.")
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "unknown host or no network"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError):
        return reason.strerror or type(reason).__name__
    return str(reason)
