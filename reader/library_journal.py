"""The library's journal: the papers an import changed or added since the library file was
last written whole, so an import into a library of 100,000 papers appends a few lines
instead of rewriting 200 MB.

A line is a checksummed JSON record (`reader.state.journal`'s line format):
``{"journal": 1, "generation": TOKEN}`` first, naming the library file it continues (the
file's header carries the same token), then one ``{"at": POSITION, "paper": RECORD}`` per
paper: POSITION is its place in the library (the next free one for a paper added). A
journal of another generation is left over from before the file was last written whole
(its papers are in the file) and is ignored. A process killed mid-append leaves at most an
incomplete last line: readers skip it, the next append cuts it off.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from reader.errors import ReaderError
from reader.state.journal import encode_line, scan

VERSION = 1


class LibraryJournal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def read(self, generation: str | None) -> list[tuple[int, dict]]:
        """(position, record) of each paper journalled for the library file of `generation`,
        oldest first; [] when there is no journal or it belongs to another generation."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise ReaderError(
                f"Cannot read the library journal {self.path} ({error.strerror}).") from None
        found = scan(data, 0)
        if not found.records or found.records[0] != {"journal": VERSION,
                                                     "generation": generation}:
            return []  # stale (or empty): its papers are in the library file already
        if found.damaged:
            self.quarantine()
        entries = []
        for record in found.records[1:]:
            at, paper = record.get("at"), record.get("paper")
            if not isinstance(at, int) or isinstance(at, bool) or not isinstance(paper, dict):
                self.quarantine()
            entries.append((at, paper))
        return entries

    def append(self, generation: str, entries: Sequence[tuple[int, dict]]) -> None:
        """Append `entries` (a fresh journal for `generation` if the one on disk is not
        its), fsynced before this returns."""
        lines = [encode_line({"at": at, "paper": record}) for at, record in entries]
        try:
            with open(self.path, "a+b") as handle:
                handle.seek(0)
                data = handle.read()
                found = scan(data, 0)
                if not found.records or found.records[0] != {"journal": VERSION,
                                                             "generation": generation}:
                    handle.truncate(0)
                    lines.insert(0, encode_line({"journal": VERSION, "generation": generation}))
                elif found.end != len(data):
                    handle.truncate(found.end)  # a killed append's incomplete line
                handle.write(b"".join(lines))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise ReaderError(
                f"Cannot write the library journal {self.path} ({error.strerror}).") from None

    def remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise ReaderError(
                f"Cannot remove the library journal {self.path} ({error.strerror}).") from None

    def quarantine(self):
        """Move the damaged journal aside and raise a one-sentence `ReaderError`."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.replace(moved)
        except OSError as error:
            raise ReaderError(f"The library journal {self.path} is damaged and could not be "
                              f"moved aside ({error.strerror}).") from None
        raise ReaderError(
            f"The library journal {self.path} is damaged, so it was moved to {moved}; the "
            "papers imported since the library was last written whole need importing again.")
