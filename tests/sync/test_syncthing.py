"""The real transport: two Syncthing instances on 127.0.0.1 carry the logs between two
machines (two XDG homes) that run `reader` as a process. Skipped without `syncthing`, failed
without it under CI (.ci/run installs Debian's)."""

from __future__ import annotations

from tests.conftest import needs_tool
from tests.sync.test_cli_sync import Home

pytestmark = needs_tool("syncthing")


def test_a_star_travels_through_real_syncthing(tmp_path):
    from tests.sync.syncthing import Pair, wait_for

    laptop, desktop = Home(tmp_path, "laptop"), Home(tmp_path, "desktop")
    pair = Pair(tmp_path)
    assert laptop.reader("sync", "init", str(pair.a.folder)).returncode == 0
    assert desktop.reader("sync", "init", str(pair.b.folder)).returncode == 0
    paper, other = list(laptop.listed())[:2]
    with pair:
        with laptop.state() as store:
            store.set_starred(paper)
        laptop.reader("sync", "now")
        sent = {p.name: p.read_bytes() for p in pair.a.folder.glob("*.log")}
        assert sent
        wait_for(lambda: all((pair.b.folder / n).exists()
                             and (pair.b.folder / n).read_bytes() == data
                             for n, data in sent.items()),
                 "the laptop's log", poke=pair.a.scan)
        assert desktop.listed()[paper]["starred"]

        with desktop.state() as store:  # and back: an unstar and a new star
            store.set_starred(paper, False)
            store.set_starred(other)
        desktop.reader("sync", "now")
        wait_for(lambda: not laptop.listed()[paper]["starred"], "the desktop's log",
                 poke=pair.b.scan)
        assert laptop.listed()[other]["starred"]
