"""Download papers: Hugging Face Daily Papers (`/api/daily_papers?date=`) and the arXiv API.

Stdlib only (urllib). Every network problem (no network, refused, timeout, HTTP error, a
broken or garbled answer) is a `FetchError` with one sentence; nothing is written here.
Base URLs and the timeout come from, in rising priority: the defaults, `fetch.toml` in the
config dir, the environment (`READER_DAILY_PAPERS_URL`, `READER_ARXIV_URL`), the caller.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from reader import http_get, paths
from reader.bounded_parse import toml_loads
from reader.errors import FetchError, ReaderError, SourceError
from reader.http_get import abort_all as abort_all  # quitting stops every request (re-exported)
from reader.http_get import allow_again as allow_again
from reader.http_get import pause as _pause  # tests record the waits by replacing it
from reader.model import Paper
from reader.sources import arxiv_atom, hf_api

DEFAULT_DAILY_PAPERS_URL = "https://huggingface.co"
DEFAULT_ARXIV_URL = "https://export.arxiv.org"
DEFAULT_TIMEOUT = 30.0
DAYS_PAUSE = 0.5  # seconds between two days' requests of `fetch_days`
DEFAULT_MAX_RESULTS = 50
CONFIG_NAME = "fetch.toml"
ENV_DAILY_PAPERS_URL = "READER_DAILY_PAPERS_URL"
ENV_ARXIV_URL = "READER_ARXIV_URL"
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
            document = toml_loads(path.read_text(encoding="utf-8"))  # bounded nesting
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


def download(url: str, *, timeout: float = DEFAULT_TIMEOUT, retries: int = RETRIES) -> str:
    """The text at `url`, or a `FetchError`; `timeout` bounds each whole request (connect,
    headers and body). A 429 or 503 is retried up to `retries` times, after the wait its
    Retry-After asks for (at most MAX_RETRY_WAIT seconds), else after a backoff."""
    for attempt in range(retries + 1):
        try:
            return _download_once(url, timeout)
        except http_get.HttpError as error:
            if error.code not in (429, 503):
                raise
            wait = http_get.retry_after(error.retry_header)
            if attempt == retries or (wait is not None and wait > MAX_RETRY_WAIT):
                raise
            _pause(wait if wait is not None else BACKOFF * 2 ** attempt)
    raise AssertionError  # pragma: no cover


def _download_once(url: str, timeout: float) -> str:
    late = f"{http_get.host(url)} did not answer within {timeout:g} seconds ({url})."
    return http_get.get(url, deadline=time.monotonic() + timeout, late=late).text(url)


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

