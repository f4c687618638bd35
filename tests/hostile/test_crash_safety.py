"""Crash safety, the adversarial sweep in CI's time: state writers (one, or two at once) and
library writers are killed with SIGKILL at random moments, round after round; after each
kill the files must open without damage, and every change a writer acknowledged (its call
had returned) must be there. Compaction is forced often, so kills land in it too.

The seed is fixed, so a failing round can be replayed; ROUNDS keeps the whole file at a few
seconds per test on a 2-core machine.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time

import pytest

from reader.state import StateStore

ROUNDS = 12
KEYS = 7

STATE_WRITER = """
import sys
from reader.state import StateStore
store = StateStore(sys.argv[1], compact_min_bytes=600)  # compacts every few writes
name = sys.argv[2]
i = 0
while True:
    key = f"p{i % %(keys)d}"
    store.set_note(key, f"{name}:{i}")
    if i %% 3 == 0:
        store.set_starred(key, i %% 2 == 0)
    print(i, flush=True)  # acknowledged: the calls above have returned
    i += 1
""".replace("%(keys)d", str(KEYS)).replace("%%", "%")

LIBRARY_WRITER = """
import sys, datetime as dt
from reader.library import Library
from reader.model import Paper
library = Library(__import__("pathlib").Path(sys.argv[1]))
i = 0
while True:
    # Big enough that a kill often lands inside the atomic write.
    papers = [Paper(id=f"p{i}-{n}", title=f"Paper {i} {n}", abstract="x" * 2000,
                    date=dt.date(2025, 9, 25)) for n in range(40)]
    library.add(papers)
    print(i, flush=True)
    i += 1
"""


def start(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, bufsize=1)


def run_then_kill(process: subprocess.Popen, rng: random.Random) -> list[int]:
    """Let `process` run for a random moment after its first acknowledgement, SIGKILL it,
    and return every number it acknowledged."""
    acks: list[int] = []
    first = process.stdout.readline()
    assert first, process.stderr.read()
    acks.append(int(first))
    deadline = time.monotonic() + rng.uniform(0.0, 0.25)
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.005)
        if ready:
            line = process.stdout.readline()
            if line:
                acks.append(int(line))
    os.kill(process.pid, signal.SIGKILL)
    rest, _ = process.communicate(timeout=30)
    acks.extend(int(line) for line in rest.split())  # printed before the kill
    return acks


def check_state(path, acks: list[int]) -> None:
    """Opens clean; per paper, the note is from the writer's last acknowledged change to
    that paper or a later one (a change can be durable before its acknowledgement)."""
    with StateStore(path) as store:
        assert store.notice is None, store.notice
        assert not store.readonly
        for key_number in range(KEYS):
            mine = [i for i in acks if i % KEYS == key_number]
            if mine:
                note = store.get(f"p{key_number}").note
                assert int(note.split(":")[1]) >= max(mine), (key_number, note, max(mine))


@pytest.mark.parametrize("seed", [1, 2])
def test_one_state_writer_killed_at_random_moments(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "state.json"
    for _ in range(ROUNDS):
        # Each round's writer counts from 0 again, overwriting the last round's notes.
        check_state(path, run_then_kill(start(STATE_WRITER, str(path), "a"), rng))


def test_two_state_writers_killed_together(tmp_path):
    """Two terminals writing at once, both killed: the files stay sound, and each paper's
    note is one a writer really wrote."""
    rng = random.Random(3)
    path = tmp_path / "state.json"
    for _ in range(ROUNDS // 2):
        a, b = start(STATE_WRITER, str(path), "a"), start(STATE_WRITER, str(path), "b")
        acks_a = run_then_kill(a, rng)
        acks_b = run_then_kill(b, rng)
        with StateStore(path) as store:
            assert store.notice is None, store.notice
            for key_number in range(KEYS):
                note = store.get(f"p{key_number}").note
                name, _, number = note.partition(":")
                assert name in ("a", "b") and int(number) % KEYS == key_number
        assert acks_a and acks_b


def test_library_writer_killed_at_random_moments(tmp_path):
    from reader.library import Library

    rng = random.Random(4)
    path = tmp_path / "library.json"
    for _ in range(ROUNDS):
        acks = run_then_kill(start(LIBRARY_WRITER, str(path)), rng)
        papers = {paper.id for paper in Library(path).papers()}  # readable: no quarantine
        assert f"p{max(acks)}-39" in papers  # the last acknowledged import is there
        assert not list(tmp_path.glob("library.json.corrupt-*"))
    # A killed write leaves its temp file; the next write under the lock sweeps it.
    Library(path).add([])
    from reader.model import Paper

    Library(path).add([Paper(id="last", title="Last one", abstract="")])
    assert not list(tmp_path.glob(".library.json.*.tmp"))
