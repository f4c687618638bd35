"""Every file the reader reads, damaged the ways the adversarial sweep damaged them, is one
sentence (or a notice and defaults), never a traceback: nested 200,000 deep, not UTF-8, the
wrong type, a read-only file system under an existing lock file, a folder as the lock file."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import ReaderError

NESTED_JSON = "[" * 200_000
NESTED_TOML = "a = " + "[" * 200_000


def test_nested_state_file_is_moved_aside_and_a_new_one_started(tmp_path):
    from reader.state import StateStore

    path = tmp_path / "state.json"
    path.write_text(NESTED_JSON)
    with StateStore(path) as store:
        assert store.all() == {}
        assert "damaged" in store.notice and "moved to" in store.notice
        store.set_starred("x", True)
    assert list(tmp_path.glob("state.json.corrupt-*"))
    with StateStore(path) as store:
        assert store.get("x").starred and store.notice is None


def test_nested_journal_record_is_a_damaged_record(tmp_path):
    from reader.state import StateStore
    from reader.state.journal import decode_line

    payload = NESTED_JSON.encode()
    import zlib

    assert decode_line(b"%08x %s" % (zlib.crc32(payload), payload)) is None
    with StateStore(tmp_path / "state.json") as store:
        store.set_starred("x", True)


@pytest.mark.parametrize("text", [NESTED_JSON, '{"meta": ' + NESTED_JSON], ids=["array", "meta"])
def test_state_import_of_a_nested_file_is_one_sentence(tmp_path, text):
    from reader.state import read_state_file

    path = tmp_path / "other.json"
    path.write_text(text)
    with pytest.raises(ReaderError, match="not a reader state file"):
        read_state_file(path)


def test_nested_library_is_moved_aside(tmp_path):
    from reader.library import Library

    path = tmp_path / "library.json"
    path.write_text(NESTED_JSON)
    with pytest.raises(ReaderError, match="is not valid JSON, so it was moved"):
        Library(path).papers()


def test_nested_settings_are_defaults_and_a_notice(tmp_path):
    from reader.settings import Settings, load_settings

    path = tmp_path / "settings.json"
    path.write_text(NESTED_JSON)
    settings, notice = load_settings(path)
    assert settings == Settings() and "unreadable" in notice


@pytest.mark.parametrize(("content", "words"), [
    (NESTED_TOML.encode(), "not valid TOML"),
    ("[keys]\n\"main.star\" = \"f\"\n# é".encode("latin-1"), "not UTF-8"),
    (b"keys = 5\n", "must be a table"),
    (b"[keys]\n\"main.star\" = 5\n", "needs a key string"),
], ids=["nested", "latin-1", "keys-is-5", "key-is-5"])
def test_bad_keymap_is_one_sentence(tmp_path, content, words):
    from reader.keymap import load_keymap

    path = tmp_path / "keymap.toml"
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=words) as caught:
        load_keymap(path)
    assert "\n" not in str(caught.value)


def test_nested_saved_searches_are_one_sentence(tmp_path):
    from reader.query.saved import _read

    path = tmp_path / "searches.toml"
    path.write_text(NESTED_TOML)
    with pytest.raises(ReaderError, match="not valid TOML"):
        _read(path)


@pytest.mark.parametrize("argv", [("state", "import", "{file}"), ("import", "{file}"),
                                  ("list", "{file}")])
def test_the_cli_on_a_nested_file_is_one_sentence(tmp_path, argv):
    path = tmp_path / "nested.json"
    path.write_text(NESTED_JSON)
    done = subprocess.run([sys.executable, "-m", "reader", *(a.format(file=path) for a in argv)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("reader: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


def _read_only_file_system(monkeypatch, folder):
    """os.open of anything in `folder` for writing fails with EROFS, as on a read-only mount
    (the tests run as root, whom file modes do not stop)."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(folder)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    real_access = os.access

    def fake_access(path, mode, *args, **kwargs):  # access(2) says EROFS for W_OK there
        if str(path).startswith(str(folder)) and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "access", fake_access)


def test_a_read_only_file_system_with_a_lock_file_still_reads(tmp_path, monkeypatch):
    from reader.state import StateStore

    path = tmp_path / "state.json"
    with StateStore(path) as store:
        store.set_starred("x", True)
    assert path.with_name("state.json.lock").exists()
    _read_only_file_system(monkeypatch, tmp_path)
    with StateStore(path) as store:  # raised OSError 30 before
        assert store.get("x").starred
        assert "read-only" in store.notice
        store.refresh()


def test_a_folder_in_place_of_the_lock_file(tmp_path):
    from reader.state import StateStore

    path = tmp_path / "state.json"
    path.with_name("state.json.lock").mkdir()
    with StateStore(path) as store:
        store.set_starred("x", True)
    with StateStore(path) as store:
        assert store.get("x").starred


def test_nested_tags_file_is_one_sentence(tmp_path):
    from reader.tags import parse_rules

    with pytest.raises(ReaderError, match="not valid TOML"):
        parse_rules(NESTED_TOML, origin="tags.toml")


def test_an_endless_file_is_refused_at_the_size_cap(monkeypatch):
    """/dev/zero has no size (st_size 0): the reader reads no more than the cap."""
    from reader.catalog import files as catalog
    from reader.errors import SourceError

    monkeypatch.setattr(catalog, "MAX_FILE_BYTES", 1 << 16)
    with pytest.raises(SourceError, match="too large"):
        catalog.read_text(Path("/dev/zero"))


def test_a_utf16_file_is_read_as_text(tmp_path):
    from reader.catalog import files as catalog

    seed = (Path(__file__).resolve().parents[2] / "data" / "daily-papers-2025-09-25.txt")
    copy = tmp_path / "page-utf16.txt"
    copy.write_text(seed.read_text(encoding="utf-8"), encoding="utf-16")
    assert catalog.read_text(copy) == seed.read_text(encoding="utf-8")


def test_a_dtd_after_a_long_comment_is_refused():
    """The DTD check read only the first 64 KiB: a DOCTYPE after a 70 KB comment was parsed
    (an arXiv answer goes straight to the Atom parser)."""
    from reader.errors import SourceError
    from reader.sources import arxiv_atom

    text = ('<?xml version="1.0"?>\n<!--' + "x" * 70_000 + '-->\n'
            '<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&a;</title>'
            '</entry></feed>\n')
    with pytest.raises(SourceError, match="DTD"):
        arxiv_atom.parse(text, source="an arXiv answer")


def test_a_fetched_reply_nested_deep_is_one_sentence():
    from reader.errors import SourceError
    from reader.sources import hf_api

    with pytest.raises(SourceError):
        hf_api.parse("[" * 200_000, source="the Daily Papers answer")


def test_a_fetch_config_nested_deep_is_one_sentence(tmp_path):
    from reader import fetch

    (tmp_path / "fetch.toml").write_text("x = " + "[" * 200_000, encoding="utf-8")
    with pytest.raises(ReaderError):
        fetch.load_settings(config_dir=tmp_path, environ={})
