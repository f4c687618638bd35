"""Compact paper records for the catalog cache: a chunk of papers as one marshal'd list of
tuples, decoded without per-field lookups into `Paper`s that have no abstract.

Repeated values (dates, collections, tag lists, author names, link kinds) are the same object
when written, so marshal stores them once and the decoded papers share them, which saves
memory at 100,000 papers. marshal is fast (4x json) but not meant for untrusted data: the
cache is the user's own derived file, and `SectionFile` checks each section's CRC first.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Sequence
from dataclasses import fields

from reader.catalog.section_file import MARSHAL_VERSION
from reader.model import Link, Paper

_EXPECTED = ("id", "title", "abstract", "date", "collection", "authors", "links", "tags",
             "arxiv_id", "upvotes", "github_stars", "comments", "extra", "also_in")


def encode_chunk(papers: Sequence[Paper]) -> bytes:
    """The papers' records (no abstract, no extra)."""
    shared: dict = {}
    one = shared.setdefault
    rows = []
    for paper in papers:
        arxiv = paper.arxiv_id
        rows.append((
            paper.id, paper.title, one(paper.date.isoformat(), paper.date.isoformat())
            if paper.date else None, one(paper.collection, paper.collection),
            one(paper.tags, tuple(one(tag, tag) for tag in paper.tags)),
            tuple(one(name, name) for name in paper.authors),
            tuple(part for link in paper.links for part in (link.url, one(link.kind, link.kind))),
            0 if arxiv is None else 1 if arxiv == paper.id else arxiv,
            paper.upvotes, paper.github_stars, paper.comments,
            tuple(one(name, name) for name in paper.also_in)))
    return marshal.dumps(rows, MARSHAL_VERSION)


def _fast_maker() -> Callable[..., Paper]:
    """A Paper constructor that sets the slots directly (about twice as fast as __init__ for
    a frozen dataclass); falls back to __init__ if Paper's fields are not the expected ones."""
    if tuple(f.name for f in fields(Paper)) != _EXPECTED:  # pragma: no cover - model changed
        return lambda *values: Paper(*values[:12], (), *values[12:])
    (s_id, s_title, s_abstract, s_date, s_collection, s_authors, s_links, s_tags, s_arxiv,
     s_upvotes, s_stars, s_comments, s_extra, s_also) = (Paper.__dict__[n].__set__ for n in _EXPECTED)
    new = object.__new__

    def make(paper_id, title, abstract, date, collection, authors, links, tags, arxiv_id,
             upvotes, github_stars, comments, also_in):  # noqa: ANN001, ANN202
        paper = new(Paper)
        s_id(paper, paper_id)
        s_title(paper, title)
        s_abstract(paper, abstract)
        s_date(paper, date)
        s_collection(paper, collection)
        s_authors(paper, authors)
        s_links(paper, links)
        s_tags(paper, tags)
        s_arxiv(paper, arxiv_id)
        s_upvotes(paper, upvotes)
        s_stars(paper, github_stars)
        s_comments(paper, comments)
        s_extra(paper, ())
        s_also(paper, also_in)
        return paper

    return make


def _link_maker() -> Callable[[str, str], Link]:
    if tuple(f.name for f in fields(Link)) != ("url", "kind"):  # pragma: no cover
        return Link
    set_url, set_kind = Link.__dict__["url"].__set__, Link.__dict__["kind"].__set__
    new = object.__new__

    def make(url: str, kind: str) -> Link:
        link = new(Link)
        set_url(link, url)
        set_kind(link, kind)
        return link

    return make


_make_paper = _fast_maker()
_make_link = _link_maker()
_set_extra = Paper.__dict__["extra"].__set__ if "extra" in Paper.__dict__ else None


def with_text(paper: Paper, abstract: str, extra: tuple[tuple[str, str], ...]) -> Paper:
    """A decoded `paper` with its abstract and extra fields, made as `decode_chunk` makes
    papers: the cached values were made inert when the paper was first made, so
    `Paper.__post_init__` is not run again (~20 us a paper: 2 s of listing 100,000)."""
    made = _make_paper(paper.id, paper.title, abstract, paper.date, paper.collection,
                       paper.authors, paper.links, paper.tags, paper.arxiv_id, paper.upvotes,
                       paper.github_stars, paper.comments, paper.also_in)
    if extra:
        if _set_extra is None:  # pragma: no cover - model changed
            return made.with_changes(extra=extra)
        _set_extra(made, extra)
    return made


def decode_chunk(data: bytes, shared: dict | None = None) -> list[Paper]:
    """The papers of `encode_chunk` (abstract ""); ValueError/TypeError/... when damaged.
    Chunks decoded with the same `shared` dict share equal dates, collections and tags."""
    rows = marshal.loads(data)
    shared = {} if shared is None else shared
    days: dict[str, dt.date] = shared.setdefault("days", {})
    one = shared.setdefault("values", {}).setdefault
    make, make_link = _make_paper, _make_link
    papers = []
    for paper_id, title, day, collection, tags, authors, links, arxiv, up, stars, comments, \
            also in rows:
        if day is not None:
            date = days.get(day)
            if date is None:
                date = days[day] = dt.date.fromisoformat(day)
        else:
            date = None
        if links:
            links = tuple([make_link(links[n], links[n + 1]) for n in range(0, len(links), 2)])
        papers.append(make(
            paper_id, title, "", date, one(collection, collection), authors, links,
            one(tags, tags),
            None if arxiv == 0 else paper_id if arxiv == 1 else arxiv, up, stars, comments,
            also))
    return papers


def encode_extras(papers: Sequence[Paper]) -> bytes:
    """The papers' `extra` pairs, by position in the chunk (only papers that have some)."""
    return marshal.dumps({n: tuple(p.extra) for n, p in enumerate(papers) if p.extra},
                         MARSHAL_VERSION)


def decode_extras(data: bytes) -> dict[int, tuple[tuple[str, str], ...]]:
    """{position in the chunk: extra pairs} of `encode_extras` (decode once per chunk, not
    once per paper: a chunk's block is 4,096 papers' worth)."""
    return {offset: tuple((str(key), str(value)) for key, value in pairs)
            for offset, pairs in marshal.loads(data).items()}
