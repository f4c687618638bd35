"""One GET at a time, paced, honouring `Retry-After` (the arXiv API asks for no more than
one request every three seconds; the Hugging Face API rate-limits with 429 and 503).

Every failure is a `FetchError` of one sentence, worded as `reader.fetch.download` words
them (its body reader and reasons are reused).
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

from reader import __version__
from reader.errors import FetchError
from reader.fetch import _read_body, _reason

WAIT_STATUSES = (429, 503)
MAX_WAIT = 60.0  # never wait longer than this for one Retry-After
MAX_TRIES = 3


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a `Retry-After` header (seconds; anything else: `default`)."""
    try:
        seconds = float((value or "").strip())
    except ValueError:
        return default
    return max(0.0, min(seconds, MAX_WAIT))


class PoliteClient:
    """GETs spaced at least `pause` seconds apart (`sleep` is injectable for tests)."""

    def __init__(self, *, timeout: float, pause: float,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout, self.pause, self.sleep = timeout, pause, sleep
        self._last: float | None = None
        self.waited: list[float] = []  # each Retry-After honoured, in seconds

    def get(self, url: str, *, missing_ok: bool = False) -> str | None:
        """The text at `url`; None for a 404 when `missing_ok`."""
        host = urlsplit(url).hostname or url
        for _ in range(MAX_TRIES):
            self._wait_turn()
            try:
                return self._get_once(url, host, missing_ok)
            except _Wait as wait:
                self.waited.append(wait.seconds)
                self.sleep(wait.seconds)
        raise FetchError(f"{host} kept asking to wait (HTTP 429 or 503); try again later.")

    def _wait_turn(self) -> None:
        if self._last is not None and self.pause > 0:
            left = self.pause - (time.monotonic() - self._last)
            if left > 0:
                self.sleep(left)
        self._last = time.monotonic()

    def _get_once(self, url: str, host: str, missing_ok: bool) -> str | None:
        request = urllib.request.Request(url, headers={"User-Agent": f"paper-reader/{__version__}"})
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = _read_body(response, deadline, url)
                charset = response.headers.get_content_charset() or "utf-8"
        except urllib.error.HTTPError as error:
            if error.code in WAIT_STATUSES:
                wait = retry_after(error.headers.get("Retry-After"), max(self.pause, 3.0))
                raise _Wait(wait) from None
            if error.code == 404 and missing_ok:
                return None
            raise FetchError(f"{host} answered HTTP {error.code} ({error.reason}) for {url}.") from None
        except urllib.error.URLError as error:
            raise FetchError(f"Cannot reach {host} ({_reason(error.reason)}).") from None
        except TimeoutError:
            raise FetchError(f"{host} did not answer within {self.timeout:g} seconds.") from None
        except http.client.HTTPException as error:
            raise FetchError(f"The connection to {host} broke off ({type(error).__name__}).") from None
        except OSError as error:
            raise FetchError(f"Cannot download from {host} ({_reason(error)}).") from None
        try:
            return data.decode(charset if charset.lower() != "utf-8" else "utf-8-sig")
        except (LookupError, UnicodeDecodeError):
            raise FetchError(f"{host} sent text that is not {charset} for {url}.") from None


class _Wait(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds
