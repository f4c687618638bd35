"""Download papers: Hugging Face Daily Papers (`/api/daily_papers?date=`) and the arXiv API.

Stdlib only (urllib). Every network problem (no network, refused, timeout, HTTP error, a
broken or garbled answer) is a `FetchError` with one sentence; nothing is written here.
Base URLs and the timeout come from, in rising priority: the defaults, `fetch.toml` in the
config dir, the environment (`READER_DAILY_PAPERS_URL`, `READER_ARXIV_URL`), the caller.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import http.client
import os
import socket
import threading
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from reader import __version__, paths
from reader.errors import FetchError, ReaderError, SourceError
from reader.model import Paper
from reader.sources import arxiv_atom, hf_api

DEFAULT_DAILY_PAPERS_URL = "https://huggingface.co"
DEFAULT_ARXIV_URL = "https://export.arxiv.org"
DEFAULT_TIMEOUT = 30.0
DAYS_PAUSE = 0.5  # seconds between two days' requests of `fetch_days`
DEFAULT_MAX_RESULTS = 50
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
CONFIG_NAME = "fetch.toml"
ENV_DAILY_PAPERS_URL = "READER_DAILY_PAPERS_URL"
ENV_ARXIV_URL = "READER_ARXIV_URL"
_CHUNK = 64 * 1024
RETRIES = 3  # a 429 or 503 answer is asked again this many times
BACKOFF = 2.0  # seconds before the first retry when the server names no wait; doubles
MAX_RETRY_WAIT = 120.0  # a server asking for a longer wait is an error, not a hang


@dataclass(frozen=True, slots=True)
class FetchSettings:
    daily_papers_url: str = DEFAULT_DAILY_PAPERS_URL
    arxiv_url: str = DEFAULT_ARXIV_URL
    timeout: float = DEFAULT_TIMEOUT


def load_settings(
    config_dir: Path | None = None, environ: Mapping[str, str] | None = None
) -> FetchSettings:
    """Defaults, overridden by `fetch.toml` in the config dir, then by the environment."""
    environ = os.environ if environ is None else environ
    path = (config_dir or paths.config_dir()) / CONFIG_NAME
    settings = FetchSettings()
    if path.is_file():
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ReaderError(f"{path} cannot be read as TOML ({error}).") from None
        for key in ("daily_papers_url", "arxiv_url"):
            if key in document:
                if not isinstance(document[key], str):
                    raise ReaderError(f"{path}: {key} must be a URL in quotes.")
                settings = replace(settings, **{key: check_base_url(document[key])})
        if "timeout" in document:
            timeout = document["timeout"]
            if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
                raise ReaderError(f"{path}: timeout must be a positive number of seconds.")
            settings = replace(settings, timeout=float(timeout))
    if environ.get(ENV_DAILY_PAPERS_URL):
        settings = replace(settings, daily_papers_url=check_base_url(environ[ENV_DAILY_PAPERS_URL]))
    if environ.get(ENV_ARXIV_URL):
        settings = replace(settings, arxiv_url=check_base_url(environ[ENV_ARXIV_URL]))
    return settings


def check_base_url(url: str) -> str:
    """`url` without a trailing slash; `ReaderError` unless it is an http(s) URL with a host."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ReaderError(f"{url!r} is not a base URL like https://huggingface.co.")
    return url.rstrip("/")


class _Watch:
    """The sockets of requests in flight, each with its deadline: a watchdog thread shuts a
    socket down when its deadline passes (a server that trickles its headers a byte at a
    time never lets a socket timeout fire), and `abort_all` shuts every one down at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live: dict[socket.socket, float] = {}
        self.aborted = threading.Event()
        self.changed = threading.Condition(self.lock)
        self.thread: threading.Thread | None = None

    def add(self, sock: socket.socket, deadline: float) -> None:
        with self.lock:
            self.live[sock] = deadline
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="fetch-deadlines",
                                               daemon=True)
                self.thread.start()
            self.changed.notify()
        if self.aborted.is_set():
            _shut(sock)

    def remove(self, sock: socket.socket) -> None:
        with self.lock:
            self.live.pop(sock, None)

    def abort(self) -> None:
        self.aborted.set()
        with self.lock:
            socks = list(self.live)
        for sock in socks:
            _shut(sock)

    def _run(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for sock, deadline in list(self.live.items()):
                    if deadline <= now:
                        del self.live[sock]
                        _shut(sock)
                if not self.live:  # no thread left behind (a build forks only when alone)
                    self.thread = None
                    return
                self.changed.wait(max(0.01, min(self.live.values()) - now))


def _shut(sock: socket.socket) -> None:
    """Wake a thread blocked reading `sock`: it reads the end of the stream or an error."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


_WATCH = _Watch()


def abort_all() -> None:
    """Stop every download in flight now, and refuse new ones and retry waits (for a
    program that is quitting: it never waits for the network)."""
    _WATCH.abort()


class _Deadline:
    """Mixed into the connection classes: the socket is watched from connect until the
    request is done (not until the connection's close: http.client hands the socket to the
    response and closes the connection as soon as the headers are in)."""

    deadline = float("inf")
    socks: list[socket.socket]

    def connect(self) -> None:
        super().connect()
        self.socks.append(self.sock)
        _WATCH.add(self.sock, self.deadline)


class _HTTP(_Deadline, http.client.HTTPConnection):
    pass


class _HTTPS(_Deadline, http.client.HTTPSConnection):
    pass


def _opener(deadline: float, socks: list[socket.socket]) -> urllib.request.OpenerDirector:
    """An opener whose connections are watched until `deadline` (and listed in `socks`)."""

    def connection(kind: type) -> type:
        return type(kind.__name__, (kind,), {"deadline": deadline, "socks": socks})

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):  # noqa: ANN001, ANN202 - urllib's interface
            return self.do_open(connection(_HTTP), req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):  # noqa: ANN001, ANN202
            return self.do_open(connection(_HTTPS), req, context=self._context)

    return urllib.request.build_opener(HTTPHandler, HTTPSHandler)


def _pause(seconds: float) -> None:
    """Wait, unless `abort_all` is called meanwhile."""
    if _WATCH.aborted.wait(seconds):
        raise FetchError("The download was stopped.")


def _retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds, or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def download(url: str, *, timeout: float = DEFAULT_TIMEOUT, retries: int = RETRIES) -> str:
    """The text at `url`, or a `FetchError`; `timeout` bounds each whole request (connect,
    headers and body). A 429 or 503 is retried up to `retries` times, after the wait its
    Retry-After asks for (at most MAX_RETRY_WAIT seconds), else after a backoff."""
    for attempt in range(retries + 1):
        try:
            return _download_once(url, timeout)
        except _Busy as busy:
            if attempt == retries or (busy.wait is not None and busy.wait > MAX_RETRY_WAIT):
                raise busy.error from None
            _pause(busy.wait if busy.wait is not None else BACKOFF * 2 ** attempt)
    raise AssertionError  # pragma: no cover


class _Busy(Exception):
    """A 429 or 503 answer: try again later."""

    def __init__(self, error: FetchError, wait: float | None) -> None:
        super().__init__(str(error))
        self.error, self.wait = error, wait


def _download_once(url: str, timeout: float) -> str:
    if _WATCH.aborted.is_set():
        raise FetchError("The download was stopped.")
    host = urlsplit(url).hostname or url
    request = urllib.request.Request(url, headers={"User-Agent": f"paper-reader/{__version__}"})
    deadline = time.monotonic() + timeout
    late = FetchError(f"{host} did not answer within {timeout:g} seconds ({url}).")
    socks: list[socket.socket] = []
    try:
        return _decode(_fetch_bytes(request, url, deadline, timeout, socks), url)
    except (urllib.error.URLError, TimeoutError, http.client.HTTPException, OSError) as error:
        if _WATCH.aborted.is_set():
            raise FetchError("The download was stopped.") from None
        if time.monotonic() >= deadline or isinstance(error, TimeoutError) or (
                isinstance(error, urllib.error.URLError)
                and isinstance(error.reason, TimeoutError | socket.timeout)):
            raise late from None
        if isinstance(error, urllib.error.URLError):
            raise FetchError(f"Cannot reach {host} ({_reason(error.reason)}).") from None
        if isinstance(error, http.client.HTTPException):
            name = type(error).__name__
            raise FetchError(f"The connection to {host} broke off ({name}).") from None
        raise FetchError(f"Cannot download from {host} ({_reason(error)}).") from None
    finally:
        for sock in socks:
            _WATCH.remove(sock)


def _fetch_bytes(request: urllib.request.Request, url: str, deadline: float, timeout: float,
                 socks: list[socket.socket]) -> tuple[bytes, str]:
    host = urlsplit(url).hostname or url
    try:
        with _opener(deadline, socks).open(request, timeout=timeout) as response:
            data = _read_body(response, deadline, url)
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as error:
        failed = FetchError(f"{host} answered HTTP {error.code} ({error.reason}) for {url}.")
        if error.code in (429, 503):
            raise _Busy(failed, _retry_after(error.headers.get("Retry-After"))) from None
        raise failed from None
    return data, charset


def _decode(body: tuple[bytes, str], url: str) -> str:
    data, charset = body
    host = urlsplit(url).hostname or url
    try:
        return data.decode(charset if charset.lower() != "utf-8" else "utf-8-sig")
    except (LookupError, UnicodeDecodeError):
        raise FetchError(f"{host} sent text that is not {charset} for {url}.") from None


def _read_body(response: http.client.HTTPResponse, deadline: float, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise FetchError(f"The answer from {url} is larger than {MAX_RESPONSE_BYTES >> 20} MB.")
        if time.monotonic() > deadline:
            raise TimeoutError
    if time.monotonic() > deadline or _WATCH.aborted.is_set():  # the watchdog ended it
        raise TimeoutError
    expected = response.headers.get("Content-Length", "")
    if expected.isdigit() and size < int(expected):
        host = urlsplit(url).hostname or url
        raise FetchError(f"The connection to {host} broke off after {size} of {expected} bytes.")
    return b"".join(chunks)


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


def pause_between_requests(seconds: float = DAYS_PAUSE) -> None:
    """The pause between two requests of one command: one at a time, never a burst."""
    if seconds > 0:
        _pause(seconds)


def daily_url(date: dt.date, base_url: str = DEFAULT_DAILY_PAPERS_URL) -> str:
    return f"{check_base_url(base_url)}/api/daily_papers?{urlencode({'date': date.isoformat()})}"


def fetch_daily(
    date: dt.date, *, base_url: str = DEFAULT_DAILY_PAPERS_URL, timeout: float = DEFAULT_TIMEOUT
) -> list[Paper]:
    """The Daily Papers of `date`, in the collection 'daily-YYYY-MM-DD' (empty on a quiet day)."""
    url = daily_url(date, base_url)
    text = download(url, timeout=timeout)
    try:
        return hf_api.parse(text, source=url, day=date)
    except SourceError as error:
        raise FetchError(f"The answer was not Daily Papers: {error}") from None


def fetch_days(
    days: int,
    *,
    today: dt.date | None = None,
    base_url: str = DEFAULT_DAILY_PAPERS_URL,
    timeout: float = DEFAULT_TIMEOUT,
    pause: float = DAYS_PAUSE,
) -> list[Paper]:
    """The Daily Papers of the `days` days ending `today`, oldest day first; all or nothing.
    Waits `pause` seconds between two requests, not to hammer the API."""
    today = today or dt.date.today()
    papers: list[Paper] = []
    for back in range(days - 1, -1, -1):
        if back != days - 1:
            pause_between_requests(pause)
        papers.extend(fetch_daily(today - dt.timedelta(days=back), base_url=base_url, timeout=timeout))
    return papers


def arxiv_url(query: str, base_url: str = DEFAULT_ARXIV_URL, max_results: int = DEFAULT_MAX_RESULTS) -> str:
    params = {
        "search_query": query,
        "start": 0,
        "max_results": max_results,
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }
    return f"{check_base_url(base_url)}/api/query?{urlencode(params)}"


def fetch_arxiv(
    query: str,
    *,
    base_url: str = DEFAULT_ARXIV_URL,
    max_results: int = DEFAULT_MAX_RESULTS,
    timeout: float = DEFAULT_TIMEOUT,
    today: dt.date | None = None,
) -> list[Paper]:
    """The newest `max_results` arXiv papers for `query` (arXiv search syntax, e.g. 'cat:cs.LG'),
    in the collection 'arxiv-<query>-<today>'."""
    if not query.strip():
        raise ReaderError("Give an arXiv query, such as 'cat:cs.LG' or 'all:diffusion'.")
    if not 1 <= max_results <= 2000:
        raise ReaderError("max_results must be between 1 and 2000 (the arXiv API's limit).")
    url = arxiv_url(query.strip(), base_url, max_results)
    text = download(url, timeout=timeout)
    collection = arxiv_atom.query_collection(query, (today or dt.date.today()).isoformat())
    try:
        return arxiv_atom.parse(text, source=url, collection=collection)
    except SourceError as error:
        raise FetchError(f"The answer was not an arXiv feed: {error}") from None


def allow_again() -> None:
    """Undo `abort_all` (a new program run in the same process may fetch again)."""
    _WATCH.aborted.clear()
