"""Property: whatever the order, timing and damage with which logs travel between 2-4
machines with skewed clocks, once everything is delivered every machine holds the same
state, and a change made after that (by a machine whose clock may be hours behind) wins
everywhere."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.sim import Machine, World, clobber, deliver, deliver_all

PAPERS = ["2509.00001", "2509.00002", "2509.00003"]
HOUR = 3_600_000
VALUES = {
    "read": st.booleans(),
    "starred": st.booleans(),
    "tags": st.lists(st.sampled_from(["rl", "nlp", "cv"]), max_size=2, unique=True),
    "note": st.sampled_from(["", "good", "skim §3", "ok"]),
}
CONFLICT_NAMES = ["{stem}.sync-conflict-20260101-120000-ABCDEFG.log",
                  "{stem} (conflicted copy 2026-01-01).log"]


@st.composite
def changes(draw, machines: int):
    field = draw(st.sampled_from(sorted(VALUES)))
    return ("change", draw(st.integers(0, machines - 1)), draw(st.sampled_from(PAPERS)),
            field, draw(VALUES[field]))


@st.composite
def scenario(draw):
    count = draw(st.integers(2, 4))
    skews = draw(st.lists(st.integers(-2 * HOUR, 2 * HOUR), min_size=count, max_size=count))
    machine = st.integers(0, count - 1)
    tool = st.one_of(  # what the file-sync tool does next
        st.tuples(st.just("copy"), machine, machine, st.none() | st.integers(0, 99),
                  st.none() | st.sampled_from(CONFLICT_NAMES)),
        st.tuples(st.just("clobber"), machine, st.integers(0, 99),
                  st.sampled_from(CONFLICT_NAMES)),
        st.tuples(st.just("drop"), machine, machine),
        st.tuples(st.just("wait"), st.integers(0, 5000)),
    )
    # a round: a machine changes a field (or not), one syncs (as the TUI or as a fresh
    # command), then the tool acts
    search = st.tuples(st.just("search"), machine, st.sampled_from(["serving", "rl papers"]),
                       st.sampled_from([None, "is:starred", "tag:rl has:code"]))
    rounds = draw(st.lists(st.tuples(st.none() | changes(count) | search,
                                     st.tuples(st.just("sync"), machine, st.booleans()),
                                     tool), max_size=15))
    steps = [step for round_ in rounds for step in round_ if step is not None]
    # after everything is delivered: changes, each made with every other change in view,
    # by machines in turn (their clocks hours apart) to the same few fields
    final = draw(st.lists(st.tuples(machine, st.sampled_from(["starred", "note"])),
                          min_size=2, max_size=6))
    return skews, steps, final


def run(skews: list[int], steps: list[tuple], final: list[tuple], root: Path) -> None:
    world = World()
    machines = [Machine(world, root, f"m{i}", skew) for i, skew in enumerate(skews)]
    written: dict[tuple[str, str], list] = {}
    try:
        for n, step in enumerate(steps):
            kind = step[0]
            if kind == "change":
                _, i, paper, field, value = step
                machines[i].change(paper, field, value)
                written.setdefault((paper, field), []).append(value)
            elif kind == "search":
                machines[step[1]].save_search(step[2], step[3])
            elif kind == "sync":
                assert machines[step[1]].sync(fresh=step[2]).problem is None
            elif kind == "copy":
                _, src, dst, cut, conflict = step
                deliver(machines[src], machines[dst], cut=cut, conflict=conflict)
            elif kind == "drop":  # the sync tool removes a log it had brought
                src, dst = machines[step[1]], machines[step[2]]
                if src.syncer is not None and src is not dst:
                    (dst.folder / src.log.name).unlink(missing_ok=True)
            elif kind == "clobber":
                clobber(machines[step[1]], step[2], step[3].replace("2026", f"2026-{n}"))
            else:
                world.advance(step[1])
            world.advance(1)
        deliver_all(machines)
        views = [m.view() for m in machines]
        assert all(v == views[0] for v in views), "machines differ after full delivery"
        searches = [m.searches() for m in machines]
        assert all(s == searches[0] for s in searches), "saved searches differ"
        for paper, row in views[0].items():  # nothing invented
            for (value, _), field in zip(row, ("read", "starred", "tags", "note"), strict=True):
                assert value in [*written.get((paper, field), []), _default(field)] or (
                    field == "tags" and tuple(value) in [tuple(v) for v in written[(paper, field)]])

        latest: dict[tuple[str, str], tuple[int, object]] = {}
        paper = PAPERS[0]
        for number, (i, field) in enumerate(final):
            world.advance(1000)
            value = (not machines[i].value(paper, field)) if field == "starred" else f"#{number}"
            machines[i].change(paper, field, value)
            assert machines[i].sync().problem is None  # sent before another machine changes
            for other in machines:
                deliver(machines[i], other)
            for other in machines:
                assert other.sync().problem is None
            latest[(paper, field)] = (i, value)
        deliver_all(machines)
        views = [m.view() for m in machines]
        assert all(v == views[0] for v in views)
        for (paper, field), (_, value) in latest.items():
            expected = tuple(value) if field == "tags" else value
            assert all(m.value(paper, field) == expected for m in machines), (paper, field)
    finally:
        for machine in machines:
            machine.close()


def _default(field: str):
    return {"read": False, "starred": False, "tags": (), "note": ""}[field]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_machines_converge_and_the_latest_change_wins(case):
    skews, steps, final = case
    with tempfile.TemporaryDirectory() as folder:
        run(skews, steps, final, Path(folder))
