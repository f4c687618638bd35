"""A damaged cache file is rebuilt silently: truncated, garbage, a bad header or section,
damaged under an open cache; a damaged index part is one clear error, never a traceback."""

from __future__ import annotations

import marshal
import os
import struct
import tempfile
import zlib

import pytest

from reader import paths
from reader.catalog.cache import CatalogCache, cache_dir
from reader.catalog.section_file import MAGIC, CacheDamaged, SectionFile
from reader.errors import ReaderError
from reader.query import parse


@pytest.fixture
def expected(library, library_loaded):
    return [p.with_changes(abstract="", extra=()) for p in library_loaded]


def damage(path, offset, data):
    with open(path, "r+b") as handle:  # in place: the same inode, as a disk error would
        handle.seek(offset)
        handle.write(data)


TRAILER = struct.Struct("<QQI")  # the header's offset, length and CRC-32


def with_header(data: bytes, header: object) -> bytes:
    """The file `data` with another header, its trailer (length, CRC) made to match."""
    offset, _length, _crc = TRAILER.unpack(data[-TRAILER.size - len(MAGIC):-len(MAGIC)])
    body = marshal.dumps(header)
    return data[:offset] + body + TRAILER.pack(offset, len(body), zlib.crc32(body)) + MAGIC


def header_of(data: bytes) -> dict:
    offset, length, _crc = TRAILER.unpack(data[-TRAILER.size - len(MAGIC):-len(MAGIC)])
    return marshal.loads(data[offset:offset + length])


def section(path, name):
    file = SectionFile(path)
    try:
        return file.header["sections"][name]
    finally:
        file.close()


@pytest.mark.parametrize("how", ["empty", "short", "half", "garbage", "magic", "trailer",
                                 "header", "not a header", "bounds"])
def test_a_damaged_file_is_rebuilt_on_open(expected, how):
    path = CatalogCache.open().path
    data = path.read_bytes()
    if how == "empty":
        path.write_bytes(b"")
    elif how == "short":
        path.write_bytes(data[:10])
    elif how == "half":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "magic":
        path.write_bytes(b"X" + data[1:])
    elif how == "trailer":
        path.write_bytes(data[:-1] + b"X")
    elif how == "header":  # a byte of it flipped: its CRC no longer matches
        offset = TRAILER.unpack(data[-TRAILER.size - len(MAGIC):-len(MAGIC)])[0]
        path.write_bytes(data[:offset + 5] + bytes([data[offset + 5] ^ 0xFF])
                         + data[offset + 6:])
    elif how == "not a header":  # well formed, with a matching CRC, but a list
        path.write_bytes(with_header(data, ["sections"]))
    else:  # a section beyond the header's offset, with a matching CRC
        header = header_of(data)
        header["sections"]["rec.0"][0] = 9_999_999_999
        path.write_bytes(with_header(data, header))
    with pytest.raises(CacheDamaged):
        SectionFile(path)
    cache = CatalogCache.open()
    assert cache.path == path and cache.papers() == expected
    assert SectionFile(path).header["count"] == len(expected)


@pytest.mark.parametrize("name", ["rec.0", "rec.256"])
def test_a_damaged_section_is_rebuilt_when_read(expected, name):
    path = CatalogCache.open().path
    start, length, _crc = section(path, name)
    damage(path, start + length // 2, b"\xff\x00\xff")
    cache = CatalogCache.open()  # the header is fine: opening does not read the records
    assert cache.head(300) == expected[:300]
    assert cache.papers() == expected


def test_damage_under_an_open_cache_is_repaired(expected):
    cache = CatalogCache.open()
    assert cache.head(3) == expected[:3]
    start, length, _crc = section(cache.path, "rec.256")
    damage(cache.path, start + 100, b"\x00" * 50)
    assert cache.papers() == expected
    assert cache.search_index().filter(parse("title:café")) == [
        i for i, p in enumerate(expected) if "Café" in p.title]


def test_a_damaged_index_part_is_repaired_or_a_clear_error(expected):
    cache = CatalogCache.open()
    start, length, _crc = section(cache.path, "title.starts")
    damage(cache.path, start + 8, b"\xff\xff\xff\xff")
    index = cache.search_index()  # read whole: the CRC catches it and the file is rebuilt
    assert index.count(parse("title:model")) == sum("model" in p.title.lower() for p in expected)
    start, length, _crc = section(cache.path, "abstract.postings")
    damage(cache.path, start, b"\xff" * length)  # read a slice at a time: no CRC
    with pytest.raises(ReaderError, match="damaged"):
        for word in ("ab", "the", "model", "serving", "gpu", "kv"):
            index.match(parse(f"abstract:{word}"))


def test_leftovers_of_an_interrupted_build_are_removed(library):
    folder = cache_dir()
    folder.mkdir(parents=True)
    left = folder / ".catalog-0123.bin.abc.tmp"
    left.write_bytes(MAGIC + b"half a file")
    old = folder / "catalog-00000000000000000000.bin"
    old.write_bytes(b"an old cache")
    cache = CatalogCache.open()
    assert sorted(p.name for p in folder.iterdir()) == [".build.lock", cache.path.name]


def test_an_unusable_cache_folder_builds_in_a_temp_folder(expected, tmp_path, monkeypatch):
    cache_dir().write_text("a file where the cache folder should be")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    cache = CatalogCache.open()
    assert cache.path.parent.parent == tmp_path / "tmp"
    assert cache.papers() == expected
    assert cache_dir().is_file() and paths.default_library_path().is_file()
    assert CatalogCache.open().path == cache.path
