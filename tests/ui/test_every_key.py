"""Every main-screen key, pressed once on the built-in catalog, leaves a working reader."""

from __future__ import annotations

from reader.ui.keys import MAIN_BINDINGS
from tests.ui.helpers import main, paper_list, running

# q ends the session (test_layout.py); 2-9 do what 1 does (test_links.py).
SKIP = {"main.quit", *(f"main.copy_link_{n}" for n in range(2, 10))}


async def test_every_key_once(make_app, link_calls):
    app = make_app()
    async with running(app) as pilot:
        for binding in MAIN_BINDINGS:
            if binding.id in SKIP:
                continue
            key = binding.key.split(",")[0]
            await pilot.press(key)
            for _ in range(3):  # a dialog or the help: close it again
                if app.screen is main(app):
                    break
                await pilot.press("escape")
            assert app.screen is main(app), f"{binding.id} left {app.screen!r} open"
            main(app).query_one("#search").value = ""
            app.screen.set_focus(paper_list(app))
            assert app.return_code is None, binding.id
        assert paper_list(app).row_count > 0
