"""Keys typed faster than the app handles them must still go where the user sent them.

A terminal delivers a burst of keys in one read (fast typing, ssh, a busy app at start-up);
Widget.focus() only takes effect after the keys already queued, so a key that moves the
focus must move it at once. Seen for real in tmux: `t` then Enter right after start-up
opened the first paper instead of toggling the first tag.
"""

from __future__ import annotations

from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.sidebar import FilterSidebar
from tests.ui.helpers import main, running, shown_titles, type_ahead


async def test_t_then_enter_toggles_the_first_tag(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await type_ahead(pilot, "t", "enter")
        assert app.screen is main(app)
        assert app.session.tags == ["llm"]
        assert shown_titles(app) == [p.title for p in seed_papers if "llm" in p.tags]


async def test_slash_then_letters_search_and_star_nothing(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await type_ahead(pilot, "slash", "s", "r", "e", "t")
        assert app.session.search == "sret"
        assert not any(s.starred or s.read for s in app.session.states.values())


async def test_shift_tab_then_enter_acts_in_the_sidebar(make_app):
    app = make_app()
    async with running(app) as pilot:
        await type_ahead(pilot, "shift+tab", "enter")
        assert isinstance(app.focused, FilterSidebar)
        assert not isinstance(app.screen, ReadingScreen)
