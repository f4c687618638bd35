"""Make untrusted text inert before it is kept or shown: no character of a feed may drive the
terminal (OSC 52 sets the clipboard, CSI clears the screen, a device-attributes query makes
the terminal type an answer), reorder what is shown (bidi overrides) or hide text (zero-width
characters).

The rule, one for every field:

* Printable text stays as it is: every letter of every script, CJK, emoji, math symbols,
  and the joiners U+200C/U+200D that Persian, Indic scripts and emoji sequences need.
* Whitespace controls (tab, LF, VT, FF, CR, U+0085, U+2028, U+2029) become one space in a
  one-line field; in a multi-line field (an abstract, a note) line breaks become "\\n" and
  the rest a space, so paragraphs survive and a carriage return cannot overwrite a line.
* Every other C0 control and DEL becomes its Unicode control picture (ESC -> "␛",
  BEL -> "␇", backspace -> "␈", DEL -> "␡"), so the user sees that something was there.
* C1 controls (U+0080-U+009F, e.g. U+009B, the one-byte CSI), bidi embeddings, overrides,
  isolates and marks (U+061C, U+200E/F, U+202A-202E, U+2066-2069), invisible characters
  that can hide text (U+00AD, U+180E, U+200B, U+2060-2064, U+FEFF, U+FFF9-FFFB) and the
  tag characters (U+E0000-E007F) become U+FFFD "�".

Rich markup is a separate matter: text is never interpreted as markup when it is given to
Rich as `Text(...)`, which the UI does; this module does not touch "[" or "]".

`clean` is for data as it enters (reader.model.Paper does it) and `for_terminal` for
whatever text leaves for a terminal (the CLI's output), so data that was stored before this
rule existed is still shown inert.
"""

from __future__ import annotations

import re

_C0_PICTURE = {code: chr(0x2400 + code) for code in range(0x20)}
_C0_PICTURE[0x7F] = "\u2421"
_WHITESPACE = "\t\n\x0b\x0c\r\x85\u2028\u2029"
_REPLACED = (
    "\x80-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
# One search per field: almost all text has none of these, and is returned as it is.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f{_REPLACED}\u2028\u2029]")
_LINE_BREAK = re.compile("\r\n|[\n\x0b\x0c\r\x85\u2028\u2029]")
# What may leave for a terminal in the CLI's output: newlines and tabs stay (the output's
# own layout), everything else unsafe is treated as above.
# "\r\n" stays too (a CSV or a Windows file's line ends); a lone "\r" would overwrite a line.
_UNSAFE_OUTPUT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_REPLACED}\u2028\u2029]|\r(?!\n)")


def _replace(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _WHITESPACE:
        return " "
    code = ord(char)
    return _C0_PICTURE.get(code, "\ufffd")


def clean(text: str, *, multiline: bool = False) -> str:
    """`text` with every control, bidi and hiding character made visible and inert."""
    if not _UNSAFE.search(text):
        return text
    if multiline:
        return "\n".join(_UNSAFE.sub(_replace, line) for line in _LINE_BREAK.split(text))
    return _UNSAFE.sub(_replace, text)


def is_clean(text: str, *, multiline: bool = False) -> bool:
    """True when `clean` would return `text` unchanged."""
    return clean(text, multiline=multiline) == text


# In ASCII text without "\r" only C0 controls and DEL can be unsafe: one small class, which
# is searched several times faster than the whole pattern (listing 100,000 papers as JSON
# spent 2.8 s searching).
_UNSAFE_ASCII_OUTPUT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def for_terminal(text: str) -> str:
    """Output the CLI writes (many lines, tabs allowed) made inert: the second boundary."""
    if text.isascii() and "\r" not in text:
        if not _UNSAFE_ASCII_OUTPUT.search(text):
            return text
    elif not _UNSAFE_OUTPUT.search(text):
        return text
    return _UNSAFE_OUTPUT.sub(_replace, text)


_UNSAFE_IN_URL = re.compile(f"[\\s\x00-\x1f\x7f{_REPLACED}]")
LINK_SCHEMES = ("http", "https")


def safe_url(url: str) -> str | None:
    """`url` when it is an http(s) link with a host, with any control, space or hiding
    character in it percent-encoded (visible, inert, still the same address); None for any
    other scheme (javascript:, file:, data: ...) or no link at all."""
    from urllib.parse import quote, urlsplit  # not needed before the first frame

    url = url.strip()
    if _UNSAFE_IN_URL.search(url):
        url = _UNSAFE_IN_URL.sub(lambda match: quote(match.group(0), safe=""), url)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not host:
        return None
    return url


def safe_links(links: tuple) -> tuple | None:
    """`links` (reader.model.Link) with each URL made safe and those of other schemes
    dropped, or None when every link is already safe (the common case: nothing to copy)."""
    kept = []
    changed = False
    for link in links:
        url = safe_url(link.url) if isinstance(link.url, str) and len(link.url) <= MAX_LINE \
            else None
        if url is None:
            changed = True
            continue
        kind = link.kind if isinstance(link.kind, str) and is_clean(link.kind) else "other"
        if url is not link.url or kind is not link.kind:
            changed = True
            link = type(link)(url, kind)
        kept.append(link)
    return tuple(kept) if changed else None


_UNSAFE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f{_REPLACED}\u2028\u2029]")
_PLAIN_LINK = re.compile(r"https?://[^/?#@:\[\]]", re.IGNORECASE)


# Sizes no real paper reaches, so a hostile one cannot freeze the reader (a 100 MB title took
# 84 s to import and 37 s at each visit): a longer field is cut, ending in "…".
MAX_LINE = 2_000  # a title, an author, a tag, a link (arXiv titles stay under 300)
MAX_TEXT = 100_000  # an abstract (arXiv caps them at 1,920 characters)
MAX_ITEMS = 10_000  # authors (the longest real lists have ~5,000), tags, links


def cap(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and "…" when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def inert_fields(paper) -> dict[str, object]:
    """The fields of `paper` (a reader.model.Paper) that `clean`, `safe_links` or the size
    limits change, with their new values: {} for almost every paper, found with a few
    C-speed passes."""
    one_line = [paper.id, paper.title, paper.collection, paper.arxiv_id or "", *paper.authors,
                *paper.tags]
    for link in paper.links:
        one_line.append(link.url)
        one_line.append(link.kind)
    try:
        # isprintable() is False for every character the rule changes (and for a few it
        # keeps, such as U+00A0, which then take the slow path): one C loop per field.
        abstract = paper.abstract
        quick = " ".join(one_line).isprintable() and \
            (abstract.isprintable() or not _UNSAFE_BUT_NEWLINE.search(abstract)) and \
            all(_PLAIN_LINK.match(link.url) for link in paper.links) and not paper.extra and \
            max(map(len, one_line)) <= MAX_LINE and len(abstract) <= MAX_TEXT and \
            max(len(paper.authors), len(paper.tags), len(paper.links)) <= MAX_ITEMS
    except TypeError:  # a field that is not text: leave it to the slow path
        quick = False
    if quick:
        return {}
    changes: dict[str, object] = {}
    for name in ("id", "title", "collection", "arxiv_id"):
        value = getattr(paper, name)
        if isinstance(value, str) and (cleaned := clean(cap(value, MAX_LINE))) != value:
            changes[name] = cleaned
    if isinstance(paper.abstract, str):
        abstract = clean(cap(paper.abstract, MAX_TEXT), multiline=True)
        if abstract != paper.abstract:
            changes["abstract"] = abstract
    for name in ("authors", "tags"):
        values = getattr(paper, name)[:MAX_ITEMS]
        cleaned_all = tuple(clean(cap(v, MAX_LINE)) if isinstance(v, str) else v for v in values)
        if cleaned_all != getattr(paper, name):
            changes[name] = cleaned_all
    if paper.extra:
        extra = tuple((clean(k), clean(v, multiline=True)) if isinstance(v, str) else (k, v)
                      for k, v in paper.extra)
        if extra != paper.extra:
            changes["extra"] = extra
    links = safe_links(paper.links[:MAX_ITEMS])
    if links is not None or len(paper.links) > MAX_ITEMS:
        changes["links"] = paper.links[:MAX_ITEMS] if links is None else links
    return changes
