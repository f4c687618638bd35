"""A file of named sections, written once (temp file, fsync, rename) and read in slices.

Layout: MAGIC, the sections back to back, a header ({"sections": {name: [offset, length,
crc32]}, ...}, marshal'd), then the header's offset, length and CRC-32 (little-endian uint64,
uint64, uint32) and MAGIC again. A reader checks both magics, the header's CRC before it
decodes it (marshal is not meant for damaged data) and that every section lies inside the
file; a section read whole is checked against its CRC. Anything wrong raises `CacheDamaged`.
(The header was JSON until it was read at every start: `json` alone took ~1.5 ms to import.)

Reads use `os.pread` on one descriptor, so several threads may read at once, and a file
replaced by a newer build stays readable (the old inode) until closed.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import tempfile
import threading
import zlib
from pathlib import Path

from reader.query.store import StoreDamaged

MAGIC = b"PRCACHE\x02"
_TRAILER = struct.Struct("<QQI")
MARSHAL_VERSION = 4  # for the header and the sections that hold marshal'd data
_TAIL = _TRAILER.size + len(MAGIC)


class CacheDamaged(StoreDamaged):
    """The catalog cache file is unreadable or inconsistent (it is rebuilt, never trusted)."""


class SectionWriter:
    """Write sections to a temp file beside `path`; `commit` moves it into place atomically."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                         dir=self.path.parent)
        self.handle = os.fdopen(fd, "wb")
        self.handle.write(MAGIC)
        self.offset = len(MAGIC)
        self.sections: dict[str, list[int]] = {}

    def add(self, name: str, data: bytes) -> None:
        if name in self.sections:
            raise ValueError(f"section {name!r} written twice")
        self.sections[name] = [self.offset, len(data), zlib.crc32(data)]
        self.handle.write(data)
        self.offset += len(data)

    def commit(self, header: dict) -> None:
        body = marshal.dumps({**header, "sections": self.sections}, MARSHAL_VERSION)
        self.handle.write(body + _TRAILER.pack(self.offset, len(body), zlib.crc32(body))
                          + MAGIC)
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.path)
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


class SectionFile:
    """An open section file: `header`, and the `Store` protocol (`whole`, `read`)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            self.header = self._read_header()
        except BaseException:
            os.close(self._fd)
            raise

    def _read_header(self) -> dict:
        size = os.fstat(self._fd).st_size
        if size < len(MAGIC) + _TAIL or self._pread(len(MAGIC), 0) != MAGIC:
            raise self.damaged()
        tail = self._pread(_TAIL, size - _TAIL)
        if tail[_TRAILER.size:] != MAGIC:
            raise self.damaged()
        offset, length, crc = _TRAILER.unpack(tail[: _TRAILER.size])
        if offset + length != size - _TAIL:
            raise self.damaged()
        body = self._pread(length, offset)
        if zlib.crc32(body) != crc:
            raise self.damaged()
        try:
            header = marshal.loads(body)
            if not isinstance(header, dict):
                raise ValueError
            sections = header["sections"]
            for start, count, _crc in sections.values():
                if not (len(MAGIC) <= start and start + count <= offset):
                    raise ValueError
        except (ValueError, TypeError, KeyError, AttributeError, EOFError):
            raise self.damaged() from None
        return header

    def damaged(self) -> CacheDamaged:
        return CacheDamaged(f"The catalog cache {self.path} is damaged; it will be rebuilt.")

    def _pread(self, length: int, offset: int) -> bytes:
        if hasattr(os, "pread"):
            data = os.pread(self._fd, length, offset)
        else:  # pragma: no cover - Windows
            with self._lock:
                os.lseek(self._fd, offset, os.SEEK_SET)
                data = os.read(self._fd, length)
        if len(data) != length:
            raise self.damaged()
        return data

    def has(self, name: str) -> bool:
        return name in self.header["sections"]

    def whole(self, name: str) -> bytes:
        try:
            start, length, crc = self.header["sections"][name]
        except (KeyError, TypeError, ValueError):
            raise self.damaged() from None
        data = self._pread(length, start)
        if zlib.crc32(data) != crc:
            raise self.damaged()
        return data

    def read(self, name: str, offset: int, length: int) -> bytes:
        try:
            start, size, _crc = self.header["sections"][name]
        except (KeyError, TypeError, ValueError):
            raise self.damaged() from None
        if offset < 0 or length < 0 or offset + length > size:
            raise self.damaged()
        return self._pread(length, start + offset) if length else b""

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)
