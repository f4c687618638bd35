"""Which page to read and from where: an arXiv id or a URL, the base URLs from `fetch.toml`
and the environment, the cache first, arxiv.org's HTML then ar5iv as a fallback."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reader import paths
from reader.errors import FetchError, ReaderError
from reader.fetch import CONFIG_NAME, DEFAULT_TIMEOUT, check_base_url
from reader.fulltext import cache
from reader.fulltext.download import NotFound, Progress, fetch_page
from reader.fulltext.model import Document
from reader.fulltext.parse import NoHtml, NotLatexml, parse_document
from reader.model import is_arxiv_id

DEFAULT_HTML_URL = "https://arxiv.org"
DEFAULT_AR5IV_URL = "https://ar5iv.labs.arxiv.org"
ENV_HTML_URL = "READER_ARXIV_HTML_URL"
ENV_AR5IV_URL = "READER_AR5IV_URL"

# arXiv ids with an optional version, in a bare id or in any arxiv.org / ar5iv URL.
_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?"
_BARE = re.compile(rf"^(?:arxiv:)?{_ID}$", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?(?:arxiv\.org|ar5iv\.labs\.arxiv\.org|ar5iv\.org)/"
    rf"(?:abs|html|pdf|papers)/{_ID}(?:[./?#].*)?$", re.IGNORECASE)


class NoFullText(ReaderError):
    """Neither arXiv nor ar5iv has an HTML rendering of the paper."""


@dataclass(frozen=True, slots=True)
class FullTextSettings:
    html_url: str = DEFAULT_HTML_URL
    ar5iv_url: str = DEFAULT_AR5IV_URL
    timeout: float = DEFAULT_TIMEOUT


def load_settings(config_dir: Path | None = None,
                  environ: Mapping[str, str] | None = None) -> FullTextSettings:
    """Defaults, then `arxiv_html_url`, `ar5iv_url` and `timeout` of fetch.toml, then
    $READER_ARXIV_HTML_URL and $READER_AR5IV_URL."""
    environ = os.environ if environ is None else environ
    path = (config_dir or paths.config_dir()) / CONFIG_NAME
    values: dict[str, object] = {}
    if path.is_file():
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ReaderError(f"{path} cannot be read as TOML ({error}).") from None
        for key, field in (("arxiv_html_url", "html_url"), ("ar5iv_url", "ar5iv_url")):
            if key in document:
                if not isinstance(document[key], str):
                    raise ReaderError(f"{path}: {key} must be a URL in quotes.")
                values[field] = check_base_url(document[key])
        timeout = document.get("timeout")
        if isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0:
            values["timeout"] = float(timeout)
    if environ.get(ENV_HTML_URL):
        values["html_url"] = check_base_url(environ[ENV_HTML_URL])
    if environ.get(ENV_AR5IV_URL):
        values["ar5iv_url"] = check_base_url(environ[ENV_AR5IV_URL])
    return FullTextSettings(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Target:
    """What to read: an arXiv id (version optional) or a page's URL."""

    arxiv_id: str = ""
    version: str = ""
    url: str = ""

    @property
    def key(self) -> str:
        """The cache's name for the paper (the id without version: the newest read wins)."""
        if self.arxiv_id:
            return self.arxiv_id.replace("/", "_")
        return "url-" + hashlib.sha1(self.url.encode("utf-8")).hexdigest()[:20]

    @property
    def label(self) -> str:
        return f"arXiv:{self.arxiv_id}{self.version}" if self.arxiv_id else self.url

    def urls(self, settings: FullTextSettings) -> list[str]:
        if self.url:
            return [self.url]
        name = self.arxiv_id + self.version
        return [f"{settings.html_url}/html/{name}", f"{settings.ar5iv_url}/html/{name}"]


def target(text: str) -> Target:
    """The paper named by `text`: an arXiv id ('2508.08468', 'arXiv:2508.08468v6') or a URL
    (any arxiv.org or ar5iv page of a paper, or any http(s) page holding LaTeXML HTML)."""
    text = text.strip()
    match = _BARE.match(text) or _ARXIV_URL.match(text)
    if match and is_arxiv_id(match.group("id")):
        if _BARE.match(text) or "/html/" not in text:
            return Target(match.group("id"), (match.group("version") or "").lower())
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.hostname:
        if match and is_arxiv_id(match.group("id")):
            return Target(match.group("id"), (match.group("version") or "").lower(), url=text)
        return Target(url=text)
    raise ReaderError(f"{text!r} is neither an arXiv id (like 2508.08468) nor an http(s) URL.")


def cached(what: Target) -> Document | None:
    return cache.load(what.key)


def fetch(what: Target, settings: FullTextSettings, progress: Progress | None = None) -> Document:
    """Download and parse the paper (arXiv's HTML, then ar5iv), and cache it."""
    failure: ReaderError | None = None
    for url in what.urls(settings):
        try:
            html = fetch_page(url, timeout=settings.timeout, progress=progress)
            _check_complete(html, url)
            document = parse_document(html, url)
        except (NotFound, NoHtml) as error:
            failure = failure or error
            continue  # no HTML there: ar5iv may have one
        cache.save(what.key, document)
        return document
    if what.arxiv_id:
        name = what.arxiv_id + what.version
        raise NoFullText(
            f"arXiv has no HTML version of {name} (old, withdrawn, or its HTML failed to "
            f"build): read the PDF at https://arxiv.org/pdf/{name} or the abstract at "
            f"https://arxiv.org/abs/{name}.")
    assert failure is not None
    raise failure


def open_paper(what: Target, settings: FullTextSettings, progress: Progress | None = None,
               *, refresh: bool = False) -> tuple[Document, bool]:
    """The paper, from the cache when it is there (True), else fetched (False)."""
    if not refresh:
        document = cached(what)
        if document is not None:
            return document, True
    return fetch(what, settings, progress), False


def _check_complete(html: str, url: str) -> None:
    """A page cut off without a Content-Length to tell (a dropped chunked transfer)."""
    tail = html[-4096:].lower()
    if "ltx_document" in html and "</html>" not in tail and "</body>" not in tail:
        host = urlsplit(url).hostname or url
        raise FetchError(f"The page from {host} was cut off before its end; try again.")


__all__ = ["FetchError", "FullTextSettings", "NoFullText", "NotLatexml", "Target", "cached",
           "fetch", "load_settings", "open_paper", "target"]
