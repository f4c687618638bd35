"""What a key changes reaches the screen in that key's own frame, without a layout pass.

Textual paints at most 60 frames a second: whatever a key leaves for a later frame shows
17-33 ms late. These tests watch every frame the app hands its driver (`App._display`) and
note what the search box, the session and the paper list hold at that moment, and count the
screen's layout passes and the list rows painted. No clocks: they assert on what is painted.
"""

from __future__ import annotations

from reader.ui.widgets.detail import DetailPane
from tests.ui.helpers import main, paper_list, running


def watch_frames(app) -> list[tuple[str, str, int, int]]:
    """Per painted frame: (search box text, session's search, rows listed, rows shown)."""
    frames: list[tuple[str, str, int, int]] = []
    display = app._display
    box = main(app).query_one("#search")

    def noted(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append((box.value, app.session.search, paper_list(app).row_count,
                           len(app.session.shown)))

    app._display = noted
    return frames


def count_layouts(app) -> list[int]:
    screen = main(app)
    calls = [0]
    refresh_layout = screen._refresh_layout

    def counted(*args, **kwargs):
        calls[0] += 1
        return refresh_layout(*args, **kwargs)

    screen._refresh_layout = counted
    return calls


async def test_a_typed_letter_and_its_result_are_painted_together(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        frames = watch_frames(app)
        for key in ["m", "o", "d", "e", "l", "backspace", "backspace", "ctrl+u"]:
            await pilot.press(key)
        await pilot.pause()
        assert app.session.search == ""
        assert len(frames) >= 8
        for box_text, searched, listed, shown in frames:
            # Never the letter in the box with the previous letter's result in the list.
            assert box_text == searched and listed == shown, frames


async def test_moving_the_cursor_repaints_two_rows_and_lays_out_nothing(make_app):
    app = make_app()
    async with running(app) as pilot:
        papers = paper_list(app)
        painted = [0]
        render_line = papers.render_line

        def counted(y):
            painted[0] += 1
            return render_line(y)

        papers.render_line = counted
        layouts = count_layouts(app)
        for _ in range(5):
            await pilot.press("j")
            await pilot.pause()
        assert papers.cursor == 5
        assert painted[0] <= 5 * 2  # the row the cursor left and the row it reached
        assert layouts[0] == 0
        detail = main(app).query_one(DetailPane)
        await pilot.pause(0.2)  # the detail pane follows once the cursor rests
        assert papers.current.title in detail.content.renderables[0].plain


async def test_a_search_lays_out_the_screen_only_when_the_tag_rows_change(make_app):
    """The list, the status line and the counts repaint in place; only a new set of tag
    rows in the sidebar (tags no hit carries are left out) needs a layout."""
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        sidebar = main(app).query_one("#sidebar")
        rebuilt = [0]
        set_options = sidebar.set_options

        def counted(options):
            rebuilt[0] += 1
            return set_options(options)

        sidebar.set_options = counted
        layouts = count_layouts(app)
        for key in ["s", "e", "r", "v", "backspace"]:
            await pilot.press(key)
        await pilot.pause(0.2)
        assert app.session.search == "ser"
        assert layouts[0] <= rebuilt[0] < 5


async def test_star_and_read_repaint_the_row_that_changed(make_app):
    app = make_app()
    async with running(app) as pilot:
        papers = paper_list(app)
        await pilot.press("j", "j")
        await pilot.pause()
        painted: list[int] = []
        render_line = papers.render_line

        def counted(y):
            painted.append(y)
            return render_line(y)

        papers.render_line = counted
        layouts = count_layouts(app)
        for key in ["s", "r"]:
            await pilot.press(key)
            await pilot.pause()
        assert set(painted) == {2}  # the row of the paper, nothing else of the list
        assert layouts[0] == 0
        row = "".join(s.text for s in render_line(2))
        assert row.startswith("  ★ ")
