"""Find the URLs in an abstract, clean them, and tell code from project pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from reader.model import Link

# A URL runs until whitespace or a character that never belongs to one in prose.
# "{" ends it too: LaTeX leftovers such as `url{url}` then give the same URL twice.
_URL = re.compile(r"https?://[^\s<>\"'{}\[\]|\\^`]+", re.IGNORECASE)
# Sentence punctuation, ASCII and typographic/full-width ("”", "…", "。"), never ends a URL.
_TRAILING = ".,;:!?'\"*\u201d\u2019\u00bb\u203a\u2026\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u3001"
_PAIRS = {")": "(", "]": "[", "\uff09": "\uff08"}

CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "huggingface.co",
    "bitbucket.org",
    "codeberg.org",
    "sourceforge.net",
    "gitee.com",
    "pypi.org",
    "colab.research.google.com",
    "kaggle.com",
    "paperswithcode.com",
)
PROJECT_SUFFIXES = (".github.io", ".gitlab.io", ".pages.dev", ".netlify.app", ".vercel.app")


def clean_url(url: str) -> str:
    """Strip sentence punctuation from the end of `url`, keeping balanced brackets."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _PAIRS and url.count(last) > url.count(_PAIRS[last]):
            url = url[:-1]
        else:
            break
    return url


def link_kind(url: str) -> str:
    """'code' for repositories and model hubs, 'project' for project pages, else 'other'."""
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if any(host == h or host.endswith("." + h) for h in CODE_HOSTS):
        return "code"
    if host.endswith(PROJECT_SUFFIXES):
        return "project"
    return "other"


def _key(url: str) -> str:
    return url.rstrip("/").lower()


def extract_urls(text: str) -> list[str]:
    """Every URL in `text`, cleaned, without duplicates, in order of appearance."""
    seen: set[str] = set()
    urls: list[str] = []
    for match in _URL.finditer(text):
        url = clean_url(match.group(0))
        if len(url) <= len("https://") or "." not in url.split("://", 1)[1]:
            continue
        key = _key(url)
        if key not in seen:
            seen.add(key)
            urls.append(url)
    return urls


def extract_links(text: str) -> tuple[Link, ...]:
    """The links of an abstract, each with its kind."""
    return tuple(Link(url, link_kind(url)) for url in extract_urls(text))


def merge_links(*groups: Iterable[Link]) -> tuple[Link, ...]:
    """Concatenate link groups, dropping later duplicates of the same URL."""
    seen: set[str] = set()
    merged: list[Link] = []
    for group in groups:
        for link in group:
            key = _key(link.url)
            if key not in seen:
                seen.add(key)
                merged.append(link)
    return tuple(merged)
