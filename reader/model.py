"""The paper model: immutable records with a stable id."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

from reader.safe_text import inert_fields

LINK_KINDS = ("code", "project", "other")


@dataclass(frozen=True, slots=True)
class Link:
    """A URL found in or attached to a paper, with its kind: code, project or other."""

    url: str
    kind: str = "other"

    def to_dict(self) -> dict[str, str]:
        return {"url": self.url, "kind": self.kind}


def fold(text: str) -> str:
    """Lower-case `text` and strip accents, so 'Mélange' matches 'melange'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_title(title: str) -> str:
    """A title reduced to lower-case ASCII words separated by single spaces."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(title)))


def slugify(title: str, max_length: int = 80) -> str:
    """A stable, URL-safe slug of a title; identical across runs and re-imports.

    A title with no Latin letters or digits (e.g. all CJK) gets 'title-' and a hash of
    the title, so such papers do not all share one id.
    """
    slug = normalise_title(title).replace(" ", "-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    if slug:
        return slug
    words = " ".join(unicodedata.normalize("NFKC", title).casefold().split())
    if not words:
        return "untitled"
    import hashlib  # here, not at the top: no start of the reader needs it

    return "title-" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:12]


_COLLECTION_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})$")
_ID_MONTH = re.compile(r"^(?:[a-z][a-z.-]*(?:\.[A-Z]{2})?/)?(\d{2})(\d{2})")


def collection_day(name: str) -> dt.date | None:
    """The day a collection's name ends with ('daily-2025-09-25' -> 2025-09-25), or None."""
    match = _COLLECTION_DAY.search(name or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def arxiv_id_month(arxiv_id: str | None) -> dt.date | None:
    """The month an arXiv id was first submitted in: '2203.01250' -> 2022-03-01,
    'cond-mat/0412498' -> 2004-12-01 (old ids: 91-99 are 1991-1999)."""
    match = _ID_MONTH.match(arxiv_id or "")
    if not match:
        return None
    yy, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return dt.date(1900 + yy if yy >= 91 else 2000 + yy, month, 1)


_ARXIV_NEW = re.compile(r"^\d{4}\.\d{4,5}$")
_ARXIV_OLD = re.compile(r"^[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}$")
_ARXIV_FORMS = re.compile(
    r"^(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?(?P<id>.+?)"
    r"(?:v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE,
)


def is_arxiv_id(value: str) -> bool:
    """True for an arXiv id without version: '2509.12345' or 'cond-mat/0412498'."""
    return bool(_ARXIV_NEW.match(value) or _ARXIV_OLD.match(value))


def normalise_arxiv_id(value: str | None) -> str | None:
    """The bare arXiv id in 'arXiv:2509.12345v2', 'https://arxiv.org/abs/2509.12345v2' and
    the like ('2509.12345'), or None when `value` holds no arXiv id."""
    match = _ARXIV_FORMS.match((value or "").strip())
    if match and is_arxiv_id(match.group("id")):
        return match.group("id")
    return None


def paper_id(title: str, arxiv_id: str | None = None) -> str:
    """The stable id of a paper: its arXiv id (without version) when known, else a slug
    of its title."""
    return normalise_arxiv_id(arxiv_id) or slugify(title)


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper. Immutable; derive a changed copy with `with_changes`."""

    id: str
    title: str
    abstract: str
    date: dt.date | None = None
    collection: str = ""
    authors: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    arxiv_id: str | None = None
    upvotes: int | None = None
    github_stars: int | None = None
    comments: int | None = None
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # The other collections (days, feeds) the paper was also listed in, oldest first;
    # `collection` stays the first one. A day's view shows a paper when `in_collection`.
    also_in: tuple[str, ...] = ()

    def in_collection(self, name: str) -> bool:
        """True when the paper was listed in collection `name` (its first one or a later one)."""
        return name == self.collection or name in self.also_in

    @property
    def collections(self) -> tuple[str, ...]:
        """Every collection the paper was listed in, its first one first."""
        return ((self.collection,) if self.collection else ()) + self.also_in

    @property
    def days(self) -> tuple[dt.date, ...]:
        """The days of its listings (from the collections' names), oldest first."""
        found = {day for day in map(collection_day, self.collections) if day}
        if self.date and not found:
            found.add(self.date)
        return tuple(sorted(found))

    def fact(self, key: str) -> str:
        """One of the source's facts kept in `extra` ('' when the source gave none)."""
        for name, value in self.extra:
            if name == key:
                return value
        return ""

    @property
    def version(self) -> str:
        """The arXiv version of the text shown ('v2'), or ''."""
        return self.fact("version")

    @property
    def published(self) -> dt.date | None:
        """When the paper itself first appeared, as its source said (arXiv's `published`,
        the HF API's `publishedAt`), else None."""
        given = self.fact("published")
        try:
            return dt.date.fromisoformat(given[:10]) if given else None
        except ValueError:
            return None

    @property
    def year(self) -> int | None:
        """The paper's year for citations: of its publication, else of the month its arXiv
        id was given (a 2022 paper re-listed in 2026 is 2022), else of its first listing."""
        published = self.published or arxiv_id_month(self.arxiv_id)
        if published:
            return published.year
        return self.date.year if self.date else None

    @property
    def pdf_url(self) -> str:
        """The PDF the source named, else arXiv's PDF for the id (and version), else ''."""
        given = self.fact("pdf")
        if given:
            return given
        return f"https://arxiv.org/pdf/{self.arxiv_id}{self.version}" if self.arxiv_id else ""

    @property
    def version_url(self) -> str:
        """The arXiv page of the very version shown ('…/abs/2607.09662v1'), else `page_url`."""
        if self.arxiv_id and self.version:
            return f"https://arxiv.org/abs/{self.arxiv_id}{self.version}"
        return self.page_url

    def __post_init__(self) -> None:
        # The one boundary where data enters: every source, the library file and
        # with_changes() build a Paper here, so no field keeps a character that could drive
        # the terminal, and no link is of a scheme other than http(s) (reader.safe_text).
        for name, value in inert_fields(self).items():
            object.__setattr__(self, name, value)

    @property
    def code_links(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.kind == "code")

    @property
    def primary_code_link(self) -> Link | None:
        """The paper's first `code` link, if any."""
        for link in self.links:
            if link.kind == "code":
                return link
        return None

    @property
    def page_url(self) -> str:
        """The paper's page: arXiv abstract when the id is known, else a Hugging Face search."""
        from urllib.parse import quote_plus

        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return f"https://huggingface.co/papers?q={quote_plus(self.title)}"

    def with_changes(self, **changes: object) -> Paper:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape used by `reader list --format json`."""
        return {
            "id": self.id,
            "title": self.title,
            "abstract": self.abstract,
            "authors": list(self.authors),
            "date": self.date.isoformat() if self.date else None,
            "collection": self.collection,
            "tags": list(self.tags),
            "links": [link.to_dict() for link in self.links],
            "arxiv_id": self.arxiv_id,
            "upvotes": self.upvotes,
            "github_stars": self.github_stars,
            "comments": self.comments,
            "url": self.page_url,
            "version": self.version or None,
            "version_url": self.version_url,
            "pdf_url": self.pdf_url or None,
            "published": self.published.isoformat() if self.published else None,
            "year": self.year,
            "days": [day.isoformat() for day in self.days],
            "collections": list(self.collections),
            "also_in": list(self.also_in),
            "source": self.fact("source") or None,
            # Every other fact the sources gave (doi, license, journal_ref, comment,
            # categories, updated, announce_type, ai_summary, ai_keywords, ...), as given.
            "facts": dict(self.extra),
        }
