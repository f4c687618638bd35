"""Moving around the list: every movement key, start-up focus, the reading view."""

from __future__ import annotations

from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.paper_list import PaperList
from tests.ui.helpers import (
    current_title,
    main,
    paper_list,
    running,
    status_text,
    stored_state,
    write_settings,
)


async def test_start_focuses_the_list_on_the_first_paper(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        assert isinstance(app.focused, PaperList)
        assert paper_list(app).cursor == 0
        assert current_title(app) == seed_papers[0].title == "Sliced Recursive Transformer"
        assert len(app.session.shown) == len(seed_papers) == 95
        await pilot.pause()


async def test_down_and_up_move_one_paper(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "j", "down")
        assert paper_list(app).cursor == 3
        assert current_title(app) == seed_papers[3].title
        await pilot.press("k")
        assert current_title(app) == seed_papers[2].title
        await pilot.press("up", "k", "up")  # stops at the top
        assert paper_list(app).cursor == 0


async def test_last_and_first(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("G")
        assert paper_list(app).cursor == 94
        assert current_title(app) == seed_papers[-1].title
        await pilot.press("j", "down")  # stops at the bottom
        assert paper_list(app).cursor == 94
        await pilot.press("g")
        assert current_title(app) == seed_papers[0].title
        await pilot.press("end")
        assert paper_list(app).cursor == 94
        await pilot.press("home")
        assert paper_list(app).cursor == 0


async def test_page_down_and_up_move_by_a_screenful(make_app):
    app = make_app()
    async with running(app) as pilot:
        papers = paper_list(app)
        page = papers.scrollable_content_region.height - 1
        assert page > 10
        await pilot.press("pagedown")
        assert papers.cursor == page
        assert papers.scroll_offset.y <= page < papers.scroll_offset.y + page + 1
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert papers.cursor == 94
        await pilot.press("pageup")
        assert papers.cursor == 94 - page
        await pilot.press("pageup", "pageup", "pageup")
        assert papers.cursor == 0
        assert papers.scroll_offset.y == 0


async def test_detail_pane_follows_the_cursor(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j")
        body = main(app).query_one("#detail").content
        assert seed_papers[1].title in body.renderables[0].plain


async def test_enter_opens_the_reading_view_and_marks_read(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        first = seed_papers[0]
        await pilot.press("enter")
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.paper == first
        assert app.session.state(first).read
        on_disk = stored_state(state_path, first.id)
        assert on_disk.read and on_disk.opened_at is not None
        await pilot.press("escape")
        assert app.screen is main(app)
        assert current_title(app) == first.title
        assert "read 1 of 95" in status_text(app)


async def test_q_in_the_reading_view_returns_to_the_list(make_app):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "enter")
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("q")
        assert app.screen is main(app)
        assert app.return_code is None  # still running


async def test_opening_does_not_mark_read_when_the_setting_is_off(make_app, seed_papers,
                                                                    state_path):
    write_settings(mark_read_on_open=False)
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ReadingScreen)
        assert not app.session.state(seed_papers[0]).read
        assert not stored_state(state_path, seed_papers[0].id).read


async def test_reading_view_star_read_and_scroll(make_app, by_title, state_path):
    app = make_app()
    async with running(app, size=(80, 16)) as pilot:
        await pilot.press("G", "enter")  # a long abstract in a short terminal
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        paper = screen.paper
        await pilot.press("s")
        assert stored_state(state_path, paper.id).starred
        await pilot.press("r")
        assert not stored_state(state_path, paper.id).read
        assert not app.session.state(paper).read
        scroll = screen.query_one("#reading-scroll")
        assert scroll.max_scroll_y > 0
        await pilot.press("j", "j")
        assert scroll.scroll_y == 2
        await pilot.press("k")
        assert scroll.scroll_y == 1
        await pilot.press("space")
        assert scroll.scroll_y > 2
        await pilot.press("escape")
        # the list behind shows the change
        assert app.session.state(paper).starred
        assert "read 0 of 95" in status_text(app)


async def test_the_detail_pane_text_can_be_selected_with_the_mouse(make_app):
    from reader.ui.widgets.detail import DetailPane

    app = make_app()
    async with running(app) as pilot:
        detail = main(app).query_one(DetailPane)
        lines = [strip.text.rstrip() for strip in detail._strips]
        # The pane has a left padding of 2: x=2 is the first character of a line.
        await pilot.mouse_down(detail, offset=(2, 1))
        await pilot.hover(detail, offset=(12, 2))
        await pilot.mouse_up(detail, offset=(12, 2))
        await pilot.pause()
        assert main(app).get_selected_text() == f"{lines[1]}\n{lines[2][:10]}"
        painted = detail.render_line(1)
        selected = main(app).get_component_rich_style("screen--selection")
        assert any(s.style and s.style.bgcolor == selected.bgcolor for s in painted)
