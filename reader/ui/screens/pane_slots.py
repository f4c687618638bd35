"""The main screen's first frame: slots where the sidebar, search box, detail pane and footer
go, filled with the real widgets right after it.

The panes are empty in the first frame anyway (the sidebar's counts, the paper's details and
the footer's keys come a frame later), so slots of the same place, size and colour
(styles/main.tcss) stand in for them: the same picture, ~10 ms sooner.
"""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.widgets import Static

SEARCH_PLACEHOLDER = "/ search titles and abstracts"


class PaneSlots:
    """Mixed into the main screen (needs `search_typed`, `apply_layout_settings`,
    `show_detail`, `current`). It calls `_init_slots()` from its `__init__` and sets
    `_slots_mountable` at the end of its `on_mount`."""

    def _init_slots(self) -> None:
        # Set when the screen has mounted (before that, a slot cannot be filled) and when
        # the slots are filled.
        self._slots_mountable = asyncio.Event()
        self._slots_done = asyncio.Event()
        self._filling = False

    @staticmethod
    def sidebar_slot() -> ComposeResult:
        yield Static(id="sidebar-slot")

    @staticmethod
    def search_slot() -> ComposeResult:
        yield Static(SEARCH_PLACEHOLDER, id="search-slot")

    @staticmethod
    def detail_slot() -> ComposeResult:
        # Scrollable, so that it shows the detail pane's scrollbar track.
        yield ScrollableContainer(id="detail-slot", can_focus=False)

    @staticmethod
    def footer_slot() -> ComposeResult:
        yield Static(id="footer-slot")

    @property
    def slots_filled(self) -> bool:
        return self._slots_done.is_set()

    async def fill_slots(self) -> None:
        """Put the real sidebar, search box, detail pane and footer in their slots, once (a
        second caller waits for the first). The app calls this before it handles a key
        typed while the screen was starting, even before the screen has mounted."""
        if self._slots_done.is_set():
            return
        if self._filling:
            await self._slots_done.wait()
            return
        self._filling = True
        try:
            await self._slots_mountable.wait()
            await self._mount_panes()
        finally:
            self._slots_done.set()  # even after an error: no key may wait forever
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

        panes = [("#sidebar-slot", FilterSidebar(id="sidebar")),
                 ("#search-slot", SearchBox(placeholder=SEARCH_PLACEHOLDER, id="search",
                                            on_query=self.search_typed)),
                 ("#detail-slot", DetailPane(id="detail")),
                 ("#footer-slot", Footer())]
        with self.app.batch_update():  # no frame with half the slots filled
            mounts = []
            for selector, widget in panes:
                slot = self.query_one(selector)
                mounts.append(slot.parent.mount(widget, after=slot))
                mounts.append(slot.remove())
            for awaitable in mounts:
                await awaitable
