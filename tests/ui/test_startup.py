"""Start-up: the list paints before the state loads; state already on disk shows."""

from __future__ import annotations

import threading

import pytest
from textual import events

from reader.state import StateStore
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.search_box import SearchBox
from tests.ui.helpers import (
    NARROW,
    WIDE,
    current_title,
    main,
    paper_list,
    running,
    status_text,
    wait_for_counts,
    wait_for_state,
)


def seed_state(state_path, paper_id: str) -> None:
    store = StateStore(state_path)
    try:
        store.set_read(paper_id, True)
        store.set_starred(paper_id, True)
    finally:
        store.close()


async def test_state_on_disk_shows_at_start(make_app, seed_papers, state_path):
    seed_state(state_path, seed_papers[1].id)
    app = make_app()
    async with running(app) as pilot:
        await pilot.pause()
        assert "read 1 of 95" in status_text(app)
        row = "".join(s.text for s in paper_list(app).render_line(1))
        assert row.startswith("  ★ ")


async def test_state_that_loads_before_the_screen_composes(seed_papers, state_path,
                                                           monkeypatch):
    """Regression: _state_loaded called state_changed() on an uncomposed MainScreen
    (NoMatches('#papers')) whenever the state worker won the race."""
    seed_state(state_path, seed_papers[0].id)

    def load_now(self: ReaderApp) -> None:
        # The worker's result, delivered as early as a fast thread can deliver it.
        store = StateStore(self.state_path)
        self._state_loaded(store, store.all())

    monkeypatch.setattr(ReaderApp, "load_state", load_now)
    app = ReaderApp(list(seed_papers), state_path=state_path)
    async with running(app) as pilot:
        await pilot.pause()
        assert current_title(app) == "Sliced Recursive Transformer"
        assert "read 1 of 95" in status_text(app)


async def test_list_paints_and_keys_are_safe_before_the_state_loads(
        make_app, seed_papers, state_path, monkeypatch):
    seed_state(state_path, seed_papers[2].id)
    release = threading.Event()

    class SlowStore(StateStore):
        def all(self):
            assert release.wait(10), "test never released the store"
            return super().all()

    monkeypatch.setattr("reader.ui.app.StateStore", SlowStore)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.session.store is None
        assert paper_list(app).row_count == 95
        assert "read 0 of 95" in status_text(app)
        await pilot.press("j", "s", "r")  # politely refused while loading
        assert current_title(app) == seed_papers[1].title
        assert app.return_code is None
        release.set()
        await wait_for_state(pilot)
        assert "read 1 of 95" in status_text(app)
        assert not app.session.state(seed_papers[1]).starred
        assert current_title(app) == seed_papers[1].title  # the cursor stayed


async def test_changes_from_another_session_show_when_the_app_gets_focus(make_app, seed_papers,
                                                                         state_path):
    from textual.events import AppFocus

    app = make_app()
    async with running(app) as pilot:
        seed_state(state_path, seed_papers[4].id)  # another reader, same state file
        app.post_message(AppFocus())
        await pilot.pause()
        await app.workers.wait_for_complete()  # the state file is read off the event loop
        await pilot.pause()
        assert app.session.state(seed_papers[4]).starred
        assert "read 1 of 95" in status_text(app)
        row = "".join(s.text for s in paper_list(app).render_line(4))
        assert row.startswith("  ★ ")


async def test_the_state_file_is_reread_off_the_event_loop(make_app, seed_papers, state_path):
    import threading

    from textual.events import AppFocus

    app = make_app()
    async with running(app) as pilot:
        store = app.session.store
        threads = []
        refresh = store.refresh

        def noted_refresh():
            threads.append(threading.current_thread() is threading.main_thread())
            return refresh()

        store.refresh = noted_refresh
        seed_state(state_path, seed_papers[7].id)
        app.post_message(AppFocus())
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert threads and not any(threads)
        assert app.session.state(seed_papers[7]).starred


async def test_the_first_frame_is_the_main_screen_before_the_engine(make_app, seed_papers,
                                                                  monkeypatch):
    """The main screen is the first screen (no blank screen under it, nothing rendered twice
    for nothing), and its first frame does not wait for the query engine: the engine is
    made after it, on the UI thread, for the sidebar's counts."""
    app = make_app()
    frames: list[tuple[object, bool]] = []
    display = ReaderApp._display

    def recording(self, screen, renderable):
        if renderable is not None and not frames:
            frames.append((screen, self.session.engine_ready,
                           [type(w).__name__ for w in screen.query("#sidebar, #search, "
                                                                    "#detail, Footer")]))
        return display(self, screen, renderable)

    monkeypatch.setattr(ReaderApp, "_display", recording)
    async with running(app) as pilot:
        await pilot.pause()
        assert app.screen_stack == [app.main_screen]
        assert frames == [(app.main_screen, False,
                           ["FilterSidebar", "SearchBox", "DetailPane", "Footer"])]
        assert app.session.engine_ready
        assert "95/95 shown" in status_text(app) and "Filter" not in status_text(app)
        await pilot.press("slash", *"serving")
        assert 0 < len(app.session.shown) < len(seed_papers)


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_the_first_frame_holds_every_pane_in_its_place(make_app, size):
    """The screen is composed whole: the first frame has the status line, the sidebar, the
    search box, the list, the detail pane with the current paper, and the footer."""
    app = make_app()
    async with running(app, size=size) as pilot:
        await pilot.pause()
        screen = main(app)
        sidebar, search = screen.query_one("#sidebar"), screen.query_one("#search")
        papers, detail = screen.query_one("#papers").region, screen.query_one("#detail")
        footer = screen.query_one("Footer")
        assert sidebar.region.right == papers.x and search.region.bottom == papers.y
        assert footer.region.y == size[1] - 1
        if size == WIDE:
            assert detail.region.x == papers.right and detail.region.y == search.region.y
        else:
            assert detail.region.y == papers.bottom and detail.region.x == search.region.x
        content = screen.query_one(DetailPane).content
        assert current_title(app) in content.renderables[0].plain


@pytest.mark.parametrize("keys", [["slash", "s", "e"], ["escape", "j"], ["t"], ["question_mark"]])
async def test_keys_read_before_the_screen_mounts(make_app, seed_papers, monkeypatch, keys):
    """Type-ahead: keys the terminal sends while Python starts are read as the driver
    starts, before the main screen has mounted. They wait for the screen and its panes
    (`/` used to crash the reader with NoMatches('#search'))."""
    new_main_screen = ReaderApp._new_main_screen

    def typed_ahead(self):
        screen = new_main_screen(self)
        for key in keys:
            self.post_message(events.Key(key, {"slash": "/", "question_mark": "?"}.get(
                key, key if len(key) == 1 else None)))
        return screen

    monkeypatch.setattr(ReaderApp, "_new_main_screen", typed_ahead)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if keys[0] == "slash":
            assert app.main_screen.query_one(SearchBox).value == "se"
            assert app.session.search == "se"
        elif keys[0] == "escape":
            assert current_title(app) == seed_papers[1].title
        elif keys[0] == "question_mark":
            assert isinstance(app.screen, HelpScreen)
    assert app.return_code in (None, 0)


async def test_papers_given_without_a_cache_are_indexed_in_a_worker(make_app, seed_papers,
                                                                    monkeypatch):
    """`reader FILE`: the papers are indexed after the first frame, off the event loop (at
    10k papers that is about a second), and the sidebar's counts come with the index."""
    import reader.query.index as index_module

    threads: list[bool] = []
    built = index_module.SearchIndex.__init__

    def noting(self, *args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        built(self, *args, **kwargs)

    monkeypatch.setattr(index_module.SearchIndex, "__init__", noting)
    app = make_app()
    async with running(app) as pilot:
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if not app.index_pending:
                break
        assert threads == [False]  # one index, made in a worker
        assert app.session.engine_ready
        await wait_for_counts(pilot)


async def test_an_index_of_papers_replaced_meanwhile_is_not_used(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.session
        index = session.index
        from reader.query import SearchIndex

        stale = SearchIndex(seed_papers[:3])
        app.index_pending = True
        app.library.loaded(None, stale, indexed=list(seed_papers[:3]))
        assert session.index is index and not app.index_pending
