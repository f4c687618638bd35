"""The bytes `reader list`, `links` and `export` write to stdout hold no escape sequence, C1
control, bidi override, zero-width character or backspace from a hostile feed, whether the
feed was imported into the library or read directly; what is printable in it stays."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.hostile.feed import TITLE_WORD, forbidden_in, write_feed


def reader(*argv: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *argv], capture_output=True,
                          timeout=120, env=env)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A library holding the hostile feed; the XDG dirs of this module's commands."""
    import os

    home = tmp_path_factory.mktemp("hostile-home")
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    feed = write_feed(home / "feed.json")
    done = reader("import", str(feed), env=env)
    assert done.returncode == 0, done.stderr
    return env, feed


COMMANDS = [
    ("list",), ("list", "--format", "json"), ("links", "--kind", "all"), ("links",),
    ("export", "--format", "md"), ("export", "--format", "bib"),
    ("export", "--format", "json"), ("export", "--format", "csv"),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_library_output_is_inert(imported, argv):
    env, _ = imported
    done = reader(*argv, env=env)
    assert done.returncode == 0, done.stderr
    assert forbidden_in(done.stdout) == []
    assert forbidden_in(done.stderr) == []
    if argv[0] != "links":
        assert TITLE_WORD.encode() in done.stdout  # the papers are there, shown inert


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_file_output_is_inert(imported, argv):
    env, feed = imported
    done = reader(*argv, str(feed), env=env)
    assert done.returncode == 0, done.stderr
    assert forbidden_in(done.stdout) == []


def test_what_is_kept_and_how_it_shows(imported):
    env, _ = imported
    done = reader("list", "--format", "json", "--query", TITLE_WORD.lower(), env=env)
    papers = json.loads(done.stdout)
    assert len(papers) == 3
    paper = papers[0]
    # Visible and inert: ESC as the control picture, C1 and bidi as U+FFFD.
    assert "␛]52;c;SE9TVElMRS1DTElQ␇" in paper["title"]
    assert "\ufffdreversed\ufffd" in paper["title"]
    assert "kept␈␈␈␈gone OVER" in paper["title"]  # CR is a space: nothing is overwritten
    assert any(name.startswith("Eve ␛]52;c;") and "␛]0;PWNED-TITLE␇" in name for name in paper["authors"])
    urls = [link["url"] for link in paper["links"]]
    assert "https://github.com/evil/repo%1B]52;c;SE9TVElMRS1DTElQ%07" in urls
    assert not any(url.lower().startswith("javascript:") for url in urls)  # http(s) only


def test_a_hostile_file_name_is_inert_in_what_import_prints(tmp_path, imported):
    env, feed = imported
    named = tmp_path / "papers\x1b]0;PWNED\x07.json"
    named.write_bytes(feed.read_bytes())
    done = reader("import", str(named), env=env)
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout and b"PWNED" in done.stdout
    done = reader("export", "--format", "md", "-o", str(tmp_path / "out\x1b[2J.md"), env=env)
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout and b"Exported" in done.stdout
