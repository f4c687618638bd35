"""One GET at a time, paced, honouring `Retry-After` (the arXiv API asks for no more than
one request every three seconds; the Hugging Face API rate-limits with 429 and 503).

The request itself (its deadline, its stop on quit, its one-sentence failures) is
`reader.http_get`'s, as for `reader.fetch.download`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from reader import http_get
from reader.errors import FetchError

WAIT_STATUSES = (429, 503)
MAX_WAIT = 60.0  # never wait longer than this for one Retry-After
MAX_TRIES = 3


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a `Retry-After` header in seconds, at most MAX_WAIT; anything
    else (nothing, an HTTP date): `default`."""
    seconds = http_get.retry_after(value) if (value or "").strip().isdigit() else None
    return default if seconds is None else min(seconds, MAX_WAIT)


class PoliteClient:
    """GETs spaced at least `pause` seconds apart (`sleep` is injectable for tests)."""

    def __init__(self, *, timeout: float, pause: float,
                 sleep: Callable[[float], None] = http_get.pause) -> None:
        self.timeout, self.pause, self.sleep = timeout, pause, sleep
        self._last: float | None = None
        self.waited: list[float] = []  # each Retry-After honoured, in seconds

    def get(self, url: str, *, missing_ok: bool = False) -> str | None:
        """The text at `url`; None for a 404 when `missing_ok`."""
        host = http_get.host(url)
        for _ in range(MAX_TRIES):
            self._wait_turn()
            try:
                return self._get_once(url, host)
            except http_get.HttpError as error:
                if error.code == 404 and missing_ok:
                    return None
                if error.code not in WAIT_STATUSES:
                    raise
                wait = retry_after(error.retry_header, max(self.pause, 3.0))
                self.waited.append(wait)
                self.sleep(wait)
        raise FetchError(f"{host} kept asking to wait (HTTP 429 or 503); try again later.")

    def _wait_turn(self) -> None:
        if self._last is not None and self.pause > 0:
            left = self.pause - (time.monotonic() - self._last)
            if left > 0:
                self.sleep(left)
        self._last = time.monotonic()

    def _get_once(self, url: str, host: str) -> str:
        late = f"{host} did not answer within {self.timeout:g} seconds."
        answer = http_get.get(url, deadline=time.monotonic() + self.timeout, late=late)
        return answer.text(url)
