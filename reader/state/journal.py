"""The append-only journal: one checksummed JSON line per change, fsynced on append.

A line is ``<crc32 of JSON, 8 hex digits> <JSON>\\n``. The first line is a header
``{"journal": 1, "generation": TOKEN}`` naming the snapshot generation the journal
continues; a journal whose generation is not the snapshot's is stale (its records are
already in the snapshot) and is ignored. A process killed mid-append leaves at most an
incomplete last line (no newline): it was never acknowledged, readers skip it, and the
next writer cuts it off before appending. A complete line whose checksum fails is damage.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.bounded_parse import json_loads
from reader.state.storage import atomic_write

VERSION = 1


def encode_line(record: dict[str, Any]) -> bytes:
    payload = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The record on one complete line (without its newline), or None if it is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(payload):
            return None
        record = json_loads(payload)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


@dataclass(slots=True)
class Scan:
    """Records read from a stretch of journal; `end` is just past its last complete line."""

    records: list[dict[str, Any]] = field(default_factory=list)
    end: int = 0
    damaged: int = 0


def scan(data: bytes, start: int) -> Scan:
    """Complete lines of `data` (read at offset `start`); an incomplete tail is left out."""
    result = Scan(end=start)
    pos = 0
    while (newline := data.find(b"\n", pos)) >= 0:
        record = decode_line(data[pos:newline])
        if record is None:
            result.damaged += 1
        else:
            result.records.append(record)
        pos = newline + 1
        result.end = start + pos
    return result


class Journal:
    """The journal file of one store; `pos` is how far it has been read (or written)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.key: tuple[int, int] | None = None
        self.generation: str | None = None
        self.header_ok = False
        self.unreadable: str | None = None
        self.pos = 0

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
        self.fd, self.key, self.generation, self.header_ok, self.pos = None, None, None, False, 0
        self.unreadable = None

    def replaced(self) -> bool:
        """True when the file at `path` is not the one attached (or one appeared/went)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return self.key is not None
        return (st.st_dev, st.st_ino) != self.key

    def attach(self, writable: bool) -> bool:
        """Open the file now at `path` and read its header; False if there is none."""
        self.close()
        try:
            self.fd = os.open(self.path, (os.O_RDWR | os.O_APPEND) if writable else os.O_RDONLY)
        except FileNotFoundError:
            return False
        except OSError as error:
            self.unreadable = error.strerror or str(error)
            return True
        st = os.fstat(self.fd)
        self.key = (st.st_dev, st.st_ino)
        head = os.pread(self.fd, 4096, 0)
        newline = head.find(b"\n")
        header = decode_line(head[:newline]) if newline >= 0 else None
        if header and header.get("journal") == VERSION and isinstance(header.get("generation"), str):
            self.generation, self.header_ok, self.pos = header["generation"], True, newline + 1
        return True

    def size(self) -> int:
        return os.fstat(self.fd).st_size if self.fd is not None else 0

    def read_new(self) -> Scan:
        """Records appended since `pos`; `pos` moves past them (not past an incomplete tail)."""
        if self.fd is None:
            return Scan(end=self.pos)
        chunks = []
        offset = self.pos
        while chunk := os.pread(self.fd, 1 << 20, offset):
            chunks.append(chunk)
            offset += len(chunk)
        result = scan(b"".join(chunks), self.pos)
        self.pos = result.end
        return result

    def read_all(self) -> bytes:
        chunks, offset = [], 0
        while self.fd is not None and (chunk := os.pread(self.fd, 1 << 20, offset)):
            chunks.append(chunk)
            offset += len(chunk)
        return b"".join(chunks)

    def cut_tail(self) -> None:
        """Drop an incomplete last line left by a killed writer (caller holds the lock)."""
        if self.fd is not None and self.size() > self.pos:
            os.ftruncate(self.fd, self.pos)
            os.fsync(self.fd)

    def append(self, record: dict[str, Any]) -> None:
        """Write one record and fsync it; on error the journal is cut back to `pos`."""
        assert self.fd is not None and self.header_ok
        line = encode_line(record)
        view = memoryview(line)
        try:
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
            os.fsync(self.fd)
        except BaseException:
            try:
                os.ftruncate(self.fd, self.pos)
            except OSError:
                pass
            raise
        self.pos += len(line)

    def create(self, generation: str) -> None:
        """Replace the journal atomically with an empty one for `generation`, and attach it."""
        atomic_write(self.path, encode_line({"journal": VERSION, "generation": generation}))
        self.attach(writable=True)
