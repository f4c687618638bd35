"""Undo is per action and named, and covers deleting a saved search."""

from __future__ import annotations

from reader.query import load_saved, save_search
from tests.ui.helpers import main, option_ids, running, sidebar, stored_state


async def wait_saved(pilot, present: bool, name: str = "serving") -> None:
    app = pilot.app
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if (f"saved:{name}" in option_ids(app)) == present:
            return
    raise AssertionError(f"saved search {name!r} never {'came' if present else 'went'}")


async def test_deleting_a_saved_search_is_undone_by_u_and_only_that(make_app, seed_papers,
                                                                  state_path):
    save_search("serving", "tag:serving")
    app = make_app()
    async with running(app) as pilot:
        await wait_saved(pilot, True)
        await pilot.press("r")  # an earlier change: it must stay
        assert stored_state(state_path, seed_papers[0].id).read
        bar = sidebar(app)
        main(app).set_focus(bar)
        bar.highlighted = option_ids(app).index("saved:serving")
        await pilot.press("d")
        await wait_saved(pilot, False)
        assert [s.name for s in load_saved()] == []
        await pilot.press("tab", "u")  # the list has the focus again; undo
        await wait_saved(pilot, True)
        assert [(s.name, s.query) for s in load_saved()] == [("serving", "tag:serving")]
        assert stored_state(state_path, seed_papers[0].id).read  # the read mark stayed
        assert any("Undid deleting the saved search 'serving'" in n.message
                   for n in app._notifications)
        await pilot.press("u")  # now the read mark, named
        assert not stored_state(state_path, seed_papers[0].id).read
        assert any(n.message.startswith("Undid marking “Sliced Recursive Transformer” read")
                   for n in app._notifications)
