"""`reader sync` end to end: two machines (two data and config dirs), one shared folder,
`reader` run as a process for each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.state import StateStore
from tests.core.messages import assert_one_sentence


class Home:
    """One machine: its own XDG dirs."""

    def __init__(self, root: Path, name: str) -> None:
        self.root = root / name
        self.env = {**os.environ,
                    "XDG_DATA_HOME": str(self.root / "data"),
                    "XDG_CONFIG_HOME": str(self.root / "config"),
                    "XDG_CACHE_HOME": str(self.root / "cache")}

    def reader(self, *argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "reader", *argv], env=self.env,
                              cwd=self.root.parent, capture_output=True, text=True, timeout=120)

    def state(self) -> StateStore:
        """The state as the TUI on this machine changes it."""
        return StateStore(self.root / "data" / "paper-reader" / "state.json")

    def listed(self) -> dict[str, dict]:
        done = self.reader("list", "--format", "json")
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return {record["id"]: record for record in json.loads(done.stdout)}


@pytest.fixture
def two(tmp_path):
    return Home(tmp_path, "laptop"), Home(tmp_path, "desktop"), tmp_path / "Sync" / "reader"


def test_a_star_made_on_one_machine_is_listed_on_the_other(two):
    laptop, desktop, folder = two
    for home in (laptop, desktop):
        done = home.reader("sync", "init", str(folder))
        assert done.returncode == 0, done.stderr
        assert f"Syncing through {folder}." in done.stdout
    paper = next(iter(laptop.listed()))
    with laptop.state() as store:
        store.set_starred(paper)
        store.set_tags(paper, ["to-read"])
    assert laptop.listed()[paper]["starred"]  # the laptop's list sends the change...
    record = desktop.listed()[paper]  # ...and the desktop's takes it in
    assert record["starred"] and record["user_tags"] == ["to-read"]

    with desktop.state() as store:
        store.set_starred(paper, False)  # an unstar travels back the same way
    done = desktop.reader("sync", "now")
    assert done.returncode == 0 and "1 change sent" in done.stdout, done.stdout
    assert not laptop.listed()[paper]["starred"]

    status = laptop.reader("sync", "status")
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0] == f"Folder: {folder}"
    assert len([line for line in lines if "last change 20" in line]) == 2
    assert sum("(this machine)" in line for line in lines) == 1


def test_a_folder_that_went_away_is_one_sentence_and_the_list_still_prints(two):
    laptop, _, folder = two
    assert laptop.reader("sync", "init", str(folder)).returncode == 0
    folder.rename(folder.with_name("elsewhere"))
    done = laptop.reader("list", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)
    assert done.stderr.count("\n") == 1
    assert_one_sentence(done.stderr, str(folder), "is not there")
    done = laptop.reader("sync", "now")
    assert done.returncode == 1 and done.stdout == ""
    assert_one_sentence(done.stderr, str(folder))


def test_sync_status_when_sync_is_off_is_one_sentence(two):
    laptop, _, _ = two
    done = laptop.reader("sync", "status")
    assert done.returncode == 2 and done.stdout == ""
    assert_one_sentence(done.stderr, "reader sync init PATH")


def test_names_from_the_folder_reach_the_terminal_without_control_characters(two):
    laptop, _, folder = two
    assert laptop.reader("sync", "init", str(folder)).returncode == 0
    (folder / "\x1b]0;owned\x07.log").write_bytes(b"junk\n")
    done = laptop.reader("sync", "status")
    assert done.returncode == 0
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Unreadable: ?]0;owned?.log: its first line is not a reader sync header." in done.stdout
