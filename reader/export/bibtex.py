"""BibTeX: one @misc per paper, with eprint and archivePrefix = {arXiv} when the id is known.

Keys are author + year + first title word ('takahashi2026phinn'); a corporate author ('The
Soofi-Team', 'H1 Collaboration') is braced whole and gives its whole name to the key
('soofiteam2026sovereign'). The year is the paper's (its publication, or its arXiv id's month),
not the day it was listed. papers that would share a
key all get a letter ('...a', '...b') in the order of their ids, so the same papers give the
same keys on every run. LaTeX specials are escaped; non-ASCII text is kept as UTF-8.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from string import ascii_lowercase

from reader.export.entries import EntryLike, all_tags
from reader.model import Paper, fold

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_STOPWORDS = frozenset(
    "a an the on of for in to and with from by at is are via towards toward as do does".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def escape(text: str) -> str:
    """`text` with LaTeX's special characters escaped (UTF-8 letters kept as they are)."""
    return "".join(_LATEX.get(char, char) for char in text)


def escape_url(url: str) -> str:
    """A URL safe inside a braced BibTeX field: characters BibTeX would misread percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


_CORPORATE = frozenset(
    "team collaboration consortium group lab labs laboratory project committee initiative "
    "organization organisation society foundation institute inc ltd corporation corp "
    "community authors contributors".split()
)


def is_corporate(name: str) -> bool:
    """True for a group's name rather than a person's ('The Soofi-Team', 'H1 Collaboration',
    'Research and Development Team'): BibTeX must take it whole, not as first and last name."""
    words = _WORD.findall(fold(name))
    if not words:
        return False
    return words[0] == "the" or " and " in f" {name.lower()} " or bool(_CORPORATE & set(words))


def _named(authors: Sequence[str]) -> list[str]:
    """The authors that have a name (a feed's stray ' :' is none)."""
    return [name for name in authors if _WORD.search(fold(name))]


def base_key(paper: Paper) -> str:
    """The key before de-duplication: surname, year and first significant title word."""
    surname = ""
    authors = _named(paper.authors)
    if authors:
        words = _WORD.findall(fold(authors[0]))
        if is_corporate(authors[0]):
            surname = "".join(w for w in words if w not in _STOPWORDS)
        else:
            surname = words[-1]
    year = str(paper.year or "")
    title_words = [w for w in _WORD.findall(fold(paper.title)) if w not in _STOPWORDS]
    word = title_words[0] if title_words else "untitled"
    return f"{surname or 'anon'}{year}{word}"


def keys(papers: Sequence[Paper]) -> list[str]:
    """A unique, stable key for each paper, in the order given."""
    groups: dict[str, list[int]] = defaultdict(list)
    for position, paper in enumerate(papers):
        groups[base_key(paper)].append(position)
    result = [""] * len(papers)
    used: set[str] = set()
    for base, positions in groups.items():
        if len(positions) == 1:
            result[positions[0]] = base
            used.add(base)
    for base, positions in groups.items():
        if len(positions) == 1:
            continue
        ordered = sorted(positions, key=lambda pos: papers[pos].id)
        for number, position in enumerate(ordered):
            key = base + _suffix(number)
            while key in used:
                key += "x"
            result[position] = key
            used.add(key)
    return result


def _suffix(number: int) -> str:
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters


def _author(name: str) -> str:
    escaped = escape(name)
    return f"{{{escaped}}}" if is_corporate(name) else escaped


def render_entry(entry: EntryLike, key: str) -> str:
    paper = entry.paper
    extra = dict(paper.extra)
    fields: list[tuple[str, str]] = [("title", f"{{{escape(paper.title)}}}")]
    authors = _named(paper.authors)
    if authors:
        fields.append(("author", " and ".join(_author(name) for name in authors)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.arxiv_id:
        fields += [("eprint", escape(paper.arxiv_id)), ("archivePrefix", "arXiv")]
        if extra.get("primary_category"):
            fields.append(("primaryClass", escape(extra["primary_category"])))
    if extra.get("doi"):
        fields.append(("doi", escape(extra["doi"])))
    if extra.get("journal_ref"):
        fields.append(("note", escape(extra["journal_ref"])))
    fields.append(("url", escape_url(paper.page_url)))
    tags = all_tags(entry)
    if tags:
        fields.append(("keywords", escape(", ".join(tags))))
    if entry.state.note.strip():
        fields.append(("annote", escape(" ".join(entry.state.note.split()))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def render(entries: Sequence[EntryLike]) -> str:
    """Every entry as BibTeX, in the order given."""
    entry_keys = keys([entry.paper for entry in entries])
    return "\n".join(render_entry(entry, key) for entry, key in zip(entries, entry_keys, strict=True))
