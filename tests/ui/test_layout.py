"""Panes, sizes, theme, help, palette, quitting and the keymap file."""

from __future__ import annotations

from rich.console import Console
from textual.command import CommandList, CommandPalette

from reader.settings import DARK_THEME, LIGHT_THEME
from reader.ui.keys import MAIN_BINDINGS
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.sidebar import FilterSidebar
from tests.ui.helpers import (
    NARROW,
    current_title,
    key_for,
    main,
    running,
    saved_settings,
    sidebar,
    stored,
    stored_state,
    write_keymap,
    write_settings,
)


async def test_tab_and_shift_tab_cycle_the_panes(make_app):
    app = make_app()
    async with running(app) as pilot:
        assert isinstance(app.focused, PaperList)
        await pilot.press("tab")
        assert isinstance(app.focused, DetailPane)
        await pilot.press("tab")
        assert isinstance(app.focused, FilterSidebar)
        await pilot.press("tab")
        assert isinstance(app.focused, PaperList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, FilterSidebar)
        await pilot.press("slash", "tab")  # from the search box back to the list
        assert isinstance(app.focused, PaperList)


async def test_brackets_resize_the_sidebar_and_persist(make_app):
    app = make_app()
    async with running(app) as pilot:
        bar = sidebar(app)
        start = bar.outer_size.width
        wider, narrower = key_for("main.sidebar_wider"), key_for("main.sidebar_narrower")
        await pilot.press(wider, wider)
        assert bar.outer_size.width == start + 4
        assert saved_settings()["sidebar_width"] == start + 4
        await pilot.press(narrower)
        assert saved_settings()["sidebar_width"] == start + 2
        await pilot.press(*[narrower] * 6)  # 24 -> 16, then clamped there
        assert saved_settings()["sidebar_width"] == 16
        assert bar.outer_size.width == 16
    app = make_app()
    async with running(app) as pilot:
        assert sidebar(app).outer_size.width == 16


async def test_list_size_keys_resize_the_list_and_persist(make_app):
    app = make_app()
    async with running(app) as pilot:
        column = main(app).query_one("#list-column")
        start = column.outer_size.width
        percent = saved_percent = app.settings.list_percent
        await pilot.press(key_for("main.list_larger"))
        saved_percent = saved_settings()["list_percent"]
        assert saved_percent == percent + 5
        assert column.outer_size.width > start
        await pilot.press(key_for("main.list_smaller"), key_for("main.list_smaller"))
        assert saved_settings()["list_percent"] == percent - 5
        assert column.outer_size.width < start
    app = make_app()
    async with running(app) as pilot:
        assert app.settings.list_percent == percent - 5
        assert main(app).query_one("#list-column").outer_size.width < start


async def test_T_toggles_the_theme_and_it_persists(make_app):
    app = make_app()
    async with running(app) as pilot:
        assert app.theme == DARK_THEME
        await pilot.press("T")
        assert app.theme == LIGHT_THEME
        assert saved_settings()["theme"] == LIGHT_THEME
    app = make_app()
    async with running(app) as pilot:
        assert app.theme == LIGHT_THEME
        await pilot.press("T")
        assert saved_settings()["theme"] == DARK_THEME


async def test_narrow_terminal_stacks_the_detail_under_the_list(make_app):
    app = make_app()
    async with running(app, size=NARROW) as pilot:
        screen = main(app)
        assert screen.has_class("narrow")
        column = screen.query_one("#list-column")
        detail = screen.query_one(DetailPane)
        assert detail.region.y >= column.region.bottom
        assert sidebar(app).outer_size.width <= 22
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("narrow")
        assert detail.region.x >= column.region.right


def help_text(app) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(app.screen.query_one("#help-table").content)
    return console.export_text()


async def test_dialog_styles_load_with_the_first_dialog(make_app):
    """dialogs.tcss is not part of the app's CSS (less to parse before the first frame):
    the help screen and the dialogs bring it when first shown, and keep their look."""
    app = make_app()
    async with running(app) as pilot:
        assert not any("dialogs.tcss" in str(path) for path, _ in app.stylesheet.source)
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert box.outer_size.width == 84  # #help-box in dialogs.tcss
        assert box.styles.border_top[0] == "round"
        await pilot.press("escape")
        await pilot.press("question_mark")  # a second time: the same look
        await pilot.pause()
        assert app.screen.query_one("#help-box").outer_size.width == 84


async def test_question_mark_shows_every_key_and_closes(make_app):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for binding in MAIN_BINDINGS:
            if binding.id.startswith("main.copy_link_"):
                continue
            assert (binding.tooltip or binding.description) in text, binding.id
        assert "Copy link [N] of the paper" in text
        for keys in ("j / ↓, k / ↑", "g / Home, G / End", "PgDn / PgUp", "ctrl+p"):
            assert keys in text
        await pilot.press("escape")
        assert app.screen is main(app)
        await pilot.press("question_mark", "question_mark")
        assert app.screen is main(app)


async def test_ctrl_p_palette_lists_every_action_and_runs_one(make_app, seed_papers,
                                                              state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        results = app.screen.query_one(CommandList)
        for _ in range(100):
            await pilot.pause(0.02)
            if results.option_count > len(MAIN_BINDINGS):
                break
        prompts = "\n".join(str(results.get_option_at_index(i).prompt)
                            for i in range(results.option_count))
        for binding in MAIN_BINDINGS:
            assert (binding.tooltip or binding.description) in prompts, binding.id
        assert "Copy code links of shown papers" in prompts
        await pilot.press(*"unstar", "enter")
        await pilot.pause()
        assert app.screen is main(app)
        assert stored_state(state_path, seed_papers[0].id).starred


async def test_q_quits_with_a_one_line_summary(make_app, state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter", "s", "escape", "j", "enter", "escape", "j", "s")
        await pilot.press("q")
    assert app.return_code == 0
    assert app.summary == "This session: read 2 papers, starred 2."
    assert "\n" not in app.summary
    assert sum(s.starred for s in stored(state_path).values()) == 2


async def test_q_with_nothing_done(make_app):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("q")
    assert app.summary == "This session: read 0 papers, starred 0."


async def test_keymap_file_remaps_a_binding(make_app, seed_papers, state_path):
    write_keymap('[keys]\n"main.star" = "f"\n')
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("s")
        assert not stored_state(state_path, seed_papers[0].id).starred
        await pilot.press("f")
        assert stored_state(state_path, seed_papers[0].id).starred
        await pilot.press("question_mark")
        lines = [line for line in help_text(app).splitlines()
                 if "Star or unstar the paper" in line]
        assert lines and lines[0].split()[0] == "f"


async def test_broken_keymap_is_one_notice_and_defaults(make_app, seed_papers, state_path):
    write_keymap('[keys\n"main.star" = ')
    app = make_app()
    async with running(app) as pilot:
        notes = [n.message for n in app._notifications]
        assert any("keymap" in m and "not valid TOML" in m for m in notes)
        await pilot.press("s")
        assert stored_state(state_path, seed_papers[0].id).starred


async def test_bad_settings_file_is_one_notice_and_defaults(make_app):
    from tests.ui.helpers import settings_file

    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text("{not json", encoding="utf-8")
    app = make_app()
    async with running(app) as pilot:
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("unreadable" in m for m in notes)
        assert app.theme == DARK_THEME
        assert current_title(app) == "Sliced Recursive Transformer"


async def test_clamped_settings_from_the_file(make_app):
    write_settings(sidebar_width=500, list_percent=5, theme=LIGHT_THEME)
    app = make_app()
    async with running(app) as pilot:
        await pilot.pause()
        assert app.theme == LIGHT_THEME
        assert sidebar(app).outer_size.width == 60
        assert app.settings.list_percent == 25


async def test_help_and_quit_show_in_the_footer_at_80_columns(make_app):
    from textual.widgets._footer import FooterKey

    app = make_app()
    async with running(app, size=NARROW) as pilot:
        await pilot.pause()
        shown = {key.key for key in main(app).query(FooterKey)
                 if key.region.width and key.region.right <= NARROW[0]}
        assert {"question_mark", "q"} <= shown, shown
