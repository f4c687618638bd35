"""Keys that change a paper's state: s, r, R, u, n, p; each change is on disk at once."""

from __future__ import annotations

from reader.state import PaperState
from tests.ui.helpers import (
    current_title,
    main,
    paper_list,
    running,
    status_text,
    stored,
    stored_state,
    type_ahead,
    write_settings,
)


async def test_s_stars_and_unstars_on_disk(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        second = seed_papers[1]
        await pilot.press("j", "s")
        assert stored_state(state_path, second.id).starred
        assert app.session.state(second).starred
        assert [i for i, s in stored(state_path).items() if s.starred] == [second.id]
        assert "session: 0 read, 1 starred" in status_text(app)
        await pilot.press("s")
        assert not stored_state(state_path, second.id).starred
        assert "session: 0 read, 0 starred" in status_text(app)


async def test_r_toggles_read_and_the_counts(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        assert "95/95 shown" in status_text(app)
        assert "read 0 of 95" in status_text(app)
        await pilot.press("r")
        assert stored_state(state_path, seed_papers[0].id).read
        assert "read 1 of 95" in status_text(app)
        assert "session: 1 read" in status_text(app)
        await pilot.press("r")
        assert not stored_state(state_path, seed_papers[0].id).read
        assert "read 0 of 95" in status_text(app)
        assert current_title(app) == seed_papers[0].title  # r does not move


async def test_n_and_p_jump_over_read_papers(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "r", "j", "r", "g")  # papers 1 and 2 read
        assert paper_list(app).cursor == 0
        await pilot.press("n")
        assert current_title(app) == seed_papers[3].title
        await pilot.press("p")
        assert current_title(app) == seed_papers[0].title
        await pilot.press("p")  # none above: stays
        assert paper_list(app).cursor == 0
        await pilot.press("G", "r", "k", "n")  # the last paper is read: none below
        assert paper_list(app).cursor == 93


async def test_R_marks_every_shown_paper_read_and_u_undoes_it(make_app, seed_papers,
                                                               state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "j", "r")  # one read before
        await pilot.press("slash", *"agents", "enter")
        agents = [app.session.papers[i].id for i in app.session.shown]
        assert 1 < len(agents) < 95
        await pilot.press("R")
        on_disk = stored(state_path)
        assert {i for i, s in on_disk.items() if s.read} == set(agents) | {seed_papers[2].id}
        assert f"read {len(agents) + 1} of 95" in status_text(app)
        await pilot.press("u")
        on_disk = stored(state_path)
        assert {i for i, s in on_disk.items() if s.read} == {seed_papers[2].id}
        assert "read 1 of 95" in status_text(app)


async def test_u_undoes_a_star_then_a_read_in_reverse_order(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        first = seed_papers[0]
        await pilot.press("s", "r")
        assert stored_state(state_path, first.id).starred
        await pilot.press("u")
        state = stored_state(state_path, first.id)
        assert state.starred and not state.read
        await pilot.press("u")
        assert stored_state(state_path, first.id) == PaperState()
        assert not app.session.state(first).starred
        assert "session: 0 read, 0 starred" in status_text(app)
        await pilot.press("u")  # nothing left: no crash, nothing changes
        assert stored_state(state_path, first.id) == PaperState()


async def test_marks_show_in_the_list_rows(make_app):
    app = make_app()
    async with running(app) as pilot:
        papers = paper_list(app)
        first_row = "".join(s.text for s in papers.render_line(0))
        assert first_row.startswith(" ● ")  # unread, not starred
        await pilot.press("s", "r")
        await pilot.pause()
        first_row = "".join(s.text for s in papers.render_line(0))
        assert first_row.startswith("  ★ ")


async def test_read_after_seconds_marks_the_highlighted_paper(make_app, seed_papers,
                                                              state_path):
    write_settings(read_after_seconds=0.5)
    app = make_app()
    async with running(app) as pilot:
        # Passes paper 1 at once (one burst: a slow machine cannot rest on it), rests on 2.
        await type_ahead(pilot, "j", "j")
        for _ in range(200):
            if app.session.state(seed_papers[2]).read:
                break
            await pilot.pause(0.05)
        assert stored_state(state_path, seed_papers[2].id).read
        assert not stored_state(state_path, seed_papers[1].id).read
        meta = main(app).query_one("#detail").content.renderables[1].plain
        assert meta.endswith("read") and "unread" not in meta


async def test_read_after_seconds_off_by_default(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j")
        assert main(app)._read_timer is None
        await pilot.pause(0.2)
        assert stored(state_path) == {}
