"""The one polite HTTP GET of the reader, for the Daily Papers and arXiv APIs (`reader.fetch`),
arXiv HTML pages (`reader.fulltext.download`) and the enrich look-ups (`reader.enrich.polite`).

What must be the same for all of them lives here: a deadline that bounds the whole request (a
watchdog thread shuts the socket when it passes: a server that trickles its headers a byte at
a time never lets a socket timeout fire), `abort_all` (the TUI quitting stops every request
and every wait at once), the pause between requests, Retry-After parsing, the body read with
its size and Content-Length checks, and one-sentence `FetchError`s. Each caller keeps its own
retry policy and the words that differ (which sentence says "too late", what a 404 means).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from reader import __version__
from reader.errors import FetchError

USER_AGENT = f"paper-reader/{__version__}"
MAX_BYTES = 64 * 1024 * 1024  # a larger answer is an error, not a memory hog
STOPPED = "The download was stopped."
_CHUNK = 64 * 1024

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes if known)


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
    """Stop every download in flight now, and refuse new ones and waits (for a program that
    is quitting: it never waits for the network)."""
    _WATCH.abort()


def allow_again() -> None:
    """Undo `abort_all` (a new program run in the same process may fetch again)."""
    _WATCH.aborted.clear()


def pause(seconds: float) -> None:
    """Wait between two requests or before a retry, unless `abort_all` is called meanwhile."""
    if _WATCH.aborted.wait(seconds):
        raise FetchError(STOPPED)


def retry_after(value: str | None, now: float | None = None) -> float | None:
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


def host(url: str) -> str:
    """The host a sentence about `url` names."""
    return urlsplit(url).hostname or url


class HttpError(FetchError):
    """The server answered an HTTP error status; the caller decides what 404 or 429 means."""

    def __init__(self, url: str, error: urllib.error.HTTPError) -> None:
        if 300 <= error.code < 400:  # urllib's redirect loop: its reason is three lines
            message = f"{host(url)} redirected in a loop (HTTP {error.code}) for {url}."
        else:
            reason = " ".join(str(error.reason).split())
            message = f"{host(url)} answered HTTP {error.code} ({reason}) for {url}."
        super().__init__(message)
        self.code = error.code
        self.retry_header = error.headers.get("Retry-After") if error.headers else None


@dataclass(frozen=True, slots=True)
class Answer:
    data: bytes
    charset: str  # from Content-Type, utf-8 when it names none

    def text(self, url: str) -> str:
        """The body decoded (a UTF-8 byte-order mark dropped), or a `FetchError`."""
        charset = self.charset
        try:
            return self.data.decode(charset if charset.lower() != "utf-8" else "utf-8-sig")
        except (LookupError, UnicodeDecodeError):
            raise FetchError(f"{host(url)} sent text that is not {charset} for {url}.") from None


def get(url: str, *, deadline: float, late: str, headers: Mapping[str, str] | None = None,
        max_bytes: int = MAX_BYTES, too_large: str | None = None,
        progress: Progress | None = None) -> Answer:
    """The answer at `url`, or a `FetchError` of one sentence by `deadline` (a time.monotonic()
    value; `late` is the sentence then). An HTTP error status is an `HttpError`; an answer over
    `max_bytes` is `too_large` (a sentence naming the URL by default)."""
    if _WATCH.aborted.is_set():
        raise FetchError(STOPPED)
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(late)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    too_large = too_large or f"The answer from {url} is larger than {max_bytes >> 20} MB."
    socks: list[socket.socket] = []
    try:
        with _opener(deadline, socks).open(request, timeout=left) as response:
            data = _read_body(response, deadline, url, max_bytes, too_large, progress)
            return Answer(data, response.headers.get_content_charset() or "utf-8")
    except urllib.error.HTTPError as error:
        raise HttpError(url, error) from None
    except (urllib.error.URLError, TimeoutError, http.client.HTTPException, OSError) as error:
        raise _failure(error, url, deadline, late) from None
    finally:
        for sock in socks:
            _WATCH.remove(sock)


def _failure(error: Exception, url: str, deadline: float, late: str) -> FetchError:
    """The one sentence for a request that failed on the way (not with an HTTP status)."""
    if _WATCH.aborted.is_set():
        return FetchError(STOPPED)
    if time.monotonic() >= deadline or isinstance(error, TimeoutError) or (
            isinstance(error, urllib.error.URLError)
            and isinstance(error.reason, TimeoutError | socket.timeout)):
        return FetchError(late)
    if isinstance(error, urllib.error.URLError):
        return FetchError(f"Cannot reach {host(url)} ({_reason(error.reason)}).")
    if isinstance(error, http.client.HTTPException):
        return FetchError(f"The connection to {host(url)} broke off ({type(error).__name__}).")
    return FetchError(f"Cannot download from {host(url)} ({_reason(error)}).")


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


def _read_body(response: http.client.HTTPResponse, deadline: float, url: str, max_bytes: int,
               too_large: str, progress: Progress | None) -> bytes:
    expected = response.headers.get("Content-Length", "")
    total = int(expected) if expected.isdigit() else None
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_large)
        if progress is not None:
            progress(size, total)
        if time.monotonic() > deadline:
            raise TimeoutError
    if time.monotonic() > deadline or _WATCH.aborted.is_set():  # the watchdog ended it
        raise TimeoutError
    if total is not None and size < total:
        raise FetchError(f"The connection to {host(url)} broke off after {size} of "
                         f"{total} bytes.")
    return b"".join(chunks)


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
