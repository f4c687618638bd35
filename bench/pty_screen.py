"""What the reader's screen shows, read from a terminal frame's text: the one place that knows it.

bench/pty_bench.py decides "the result is on screen" only through these functions. They look
for text (the status line's "N/M shown", a list row's marks before a known title, the detail
pane's full title, the dialog's hints, the footer's keys), never at fixed cells, so the screen
can be rearranged without breaking them; when its wording changes, change it here.

A list row is a known title's first characters after the row's two mark cells (unread ●,
star ★, each a space when off) and a space; the row under the cursor is the one whose
background differs from the other rows' (the only thing a cursor changes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bench.pty_term import Frame

UNREAD, STAR = "●", "★"
PREFIX = 12  # characters of a title that identify it in a row
_ROW = re.compile(r"(?=([● ])([★ ]) (\S.{" + str(PREFIX - 1) + "}))")
_SHOWN = re.compile(r"([\d,…]+)/([\d,]+) shown")
_ALL_COUNT = re.compile(r"\bAll\s+([\d,]+)\b")
_HAS_CODE = re.compile(r"\bHas code\s+([\d,]+)")
FOOTER_KEYS = ("q Quit", "s Star", "/ Search")
DIALOG_TEXT = ("Your tags", "esc cancels")  # the tags/note dialog (`e`)
FETCH_DIALOG_TEXT = ("Fetch papers", "enter fetches")  # the fetch dialog (`F`)
FILTER_LINE = "Filter: "  # the status line's second line describes the search
FLOOR_READY = "bench floor app ready"


@dataclass(frozen=True, slots=True)
class Row:
    """One list row as shown: its line, where its title starts, its marks and title text."""

    y: int
    x: int
    unread: bool
    star: bool
    shown: str  # the title as the row shows it, without a trailing ellipsis
    title: str  # the full title it belongs to ("" when the prefix is ambiguous)
    background: str


class Titles:
    """The library's titles, to tell a list row from other text and to find full titles."""

    def __init__(self, titles: Sequence[str]) -> None:
        self.by_prefix: dict[str, list[str]] = {}
        for title in titles:
            self.by_prefix.setdefault(title[:PREFIX], []).append(title)

    def full(self, shown: str) -> str:
        matches = [t for t in self.by_prefix.get(shown[:PREFIX], ()) if t.startswith(shown)]
        return matches[0] if len(matches) == 1 or len(set(matches)) == 1 else ""


def rows(frame: Frame, titles: Titles) -> list[Row]:
    """The list rows on screen, top to bottom (the leftmost row-like text of each line)."""
    found: list[Row] = []
    for y, line in enumerate(frame.lines):
        for match in _ROW.finditer(line):
            if match.group(3) in titles.by_prefix:
                x = match.start() + 3
                shown = re.split(r"…| {2}", line[x:], maxsplit=1)[0].rstrip()
                found.append(Row(y, x, match.group(1) == UNREAD, match.group(2) == STAR, shown,
                                 titles.full(shown), frame.backgrounds[y][x]))
                break
    return found


def cursor_row(frame: Frame, titles: Titles) -> Row | None:
    """The row under the cursor: the one row whose background is not the rows' usual one."""
    listed = rows(frame, titles)
    if len(listed) == 1:
        return listed[0]
    usual = Counter(row.background for row in listed).most_common(1)
    odd = [row for row in listed if usual and row.background != usual[0][0]]
    return odd[0] if len(odd) == 1 else None


def shown_count(frame: Frame) -> tuple[int | None, int] | None:
    """(shown, total) from the status line; shown is None while it says "…"."""
    for line in frame.lines:
        if found := _SHOWN.search(line):
            shown = found.group(1).replace(",", "")
            return (int(shown) if shown.isdigit() else None, int(found.group(2).replace(",", "")))
    return None


def _count(pattern: re.Pattern, frame: Frame) -> int | None:
    for line in frame.lines:
        if found := pattern.search(line):
            return int(found.group(1).replace(",", ""))
    return None


def shows_text(frame: Frame, text: str) -> bool:
    return any(text in line for line in frame.lines)


def detail_shows(frame: Frame, title: str, list_x: int | None) -> bool:
    """True when the whole `title` is shown word-wrapped in one column that is not the list's
    (the detail pane's heading), however wide that column is."""
    words = title.split()
    if not words:
        return False
    for y, line in enumerate(frame.lines):
        x = line.find(words[0])
        while x >= 0:
            if x != list_x and _wrapped_at(frame.lines, y, x, words):
                return True
            x = line.find(words[0], x + 1)
    return False


def _wrapped_at(lines: Sequence[str], y: int, x: int, words: list[str]) -> bool:
    left = list(words)
    while left and y < len(lines):
        text = lines[y][x:].split()
        if not text or text[0] != left[0]:
            return False
        for word in text:
            if not left or word != left[0]:
                break
            left.pop(0)
        y += 1
    return not left


# -- the results the benchmark waits for -------------------------------------------------
def list_painted(frame: Frame, titles: Titles, size: int) -> bool:
    """The list shows papers: a screenful of rows (or every paper of a small library)."""
    return len(rows(frame, titles)) >= min(size, 20)


def screen_complete(frame: Frame, titles: Titles, size: int) -> bool:
    """Everything of the first screen is there: the status line counts the whole library,
    the sidebar counts it too (with its has-code count), the list has its cursor, the detail
    pane shows the paper under it, and the footer shows its keys."""
    if shown_count(frame) != (size, size) or _count(_ALL_COUNT, frame) != size:
        return False
    if _count(_HAS_CODE, frame) is None or not all(shows_text(frame, k) for k in FOOTER_KEYS):
        return False
    if not list_painted(frame, titles, size):
        return False
    row = cursor_row(frame, titles)
    return row is not None and bool(row.title) and detail_shows(frame, row.title, row.x)


def search_state(frame: Frame, titles: Titles, query: str) -> tuple | None:
    """What a search shows: the count, the rows (title and marks) and the status line's
    filter description. None until the search box shows `query`."""
    if not any(re.search(re.escape(query) + r" {10}", line) for line in frame.lines):
        return None  # the search box (left-aligned in a wide box) does not show it yet
    described = next((line.strip() for line in frame.lines if FILTER_LINE in line), "")
    return (shown_count(frame), described,
            tuple((r.shown, r.unread, r.star) for r in rows(frame, titles)))


def dialog_open(frame: Frame) -> bool:
    return all(shows_text(frame, text) for text in DIALOG_TEXT)


def fetch_dialog_open(frame: Frame) -> bool:
    return all(shows_text(frame, text) for text in FETCH_DIALOG_TEXT)


def floor_presses(frame: Frame) -> int | None:
    """How many key presses the floor app's line counts (0 before the first)."""
    for line in frame.lines:
        if FLOOR_READY in line:
            found = re.search(r"\((\d+) keys\)", line)
            return int(found.group(1)) if found else 0
    return None
