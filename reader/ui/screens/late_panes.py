"""The main screen's first frame: the status line and the paper list, in their final places.
The sidebar, search box, detail pane and footer are mounted right after it, in one batch.

Until then their places are kept free, in the panes' background colours (the screen's
`-panes-pending` class in styles/main.tcss, and the body's left padding as wide as the
sidebar will be), so the list does not move when they come; the panes' borders and the detail
pane's scrollbar come with them. They would be empty in the first frame anyway (the sidebar's
counts, the paper's details and the footer's keys come a frame later), and leaving them out of
it shows the papers ~10 ms sooner: even empty stand-ins of the same look cost that much to
style, lay out and render.
"""

from __future__ import annotations

import asyncio

from textual.widget import Widget

PENDING = "-panes-pending"  # the screen's class until the panes are mounted
SEARCH_PLACEHOLDER = "/ search titles and abstracts"


class LatePanes:
    """Mixed into the main screen (needs `search_typed`, `apply_layout_settings`,
    `show_detail`, `current`, `paper_list`). The screen starts with the `PENDING` class,
    calls `_init_panes()` from its `__init__` and sets `_panes_mountable` at the end of its
    `on_mount`."""

    def _init_panes(self) -> None:
        # Set when the screen has mounted (the panes cannot be mounted before) and when the
        # panes are mounted.
        self._panes_mountable = asyncio.Event()
        self._panes_done = asyncio.Event()
        self._mounting = False

    @property
    def panes_mounted(self) -> bool:
        return self._panes_done.is_set()

    def keep_sidebar_place(self, width: int) -> None:
        """Until the sidebar comes, the body's left padding keeps its place. (Asked by the
        class, which goes with the padding: `panes_mounted` turns true only after the
        mounts are awaited, and a resize handled meanwhile must not put the padding back.)"""
        if self.has_class(PENDING):
            self.query_one("#body").styles.padding = (0, 0, 0, width)

    async def mount_panes(self) -> None:
        """Mount the sidebar, search box, detail pane and footer, once (a second caller
        waits for the first). The app calls this before it handles a key typed while the
        screen was starting, even before the screen has mounted."""
        if self._panes_done.is_set():
            return
        if self._mounting:
            await self._panes_done.wait()
            return
        self._mounting = True
        try:
            await self._panes_mountable.wait()
            await self._mount_panes()
        finally:
            self._panes_done.set()  # even after an error: no key may wait forever
        self.apply_layout_settings()
        self.show_detail(self.current)
        # The Footer shows keys when the screen says its bindings changed: said once more
        # for a Footer that came after the screen first said so.
        self.refresh_bindings()

    async def _mount_panes(self) -> None:
        from textual.widgets import Footer

        from reader.ui.widgets.detail import DetailPane
        from reader.ui.widgets.search_box import SearchBox
        from reader.ui.widgets.sidebar import FilterSidebar

        body: Widget = self.query_one("#body")
        with self.app.batch_update():  # one frame: all the panes, the places given back
            mounts = [
                body.mount(FilterSidebar(id="sidebar"), before=0),
                self.query_one("#list-column").mount(
                    SearchBox(placeholder=SEARCH_PLACEHOLDER, id="search",
                              on_query=self.search_typed), before=self.paper_list),
                self.query_one("#main").mount(DetailPane(id="detail")),
                self.mount(Footer()),
            ]
            body.styles.clear_rule("padding")
            self.remove_class(PENDING)
            for awaitable in mounts:
                await awaitable
