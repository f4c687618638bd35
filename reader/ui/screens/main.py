"""The main screen: filter sidebar, paper list and detail pane, with a status line."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from reader.errors import ReaderError
from reader.filters import VIEWS
from reader.gc_pause import first_frame_painted
from reader.model import Paper
from reader.session import ReadingSession
from reader.ui.background import BackgroundCounts
from reader.ui.keys import MAIN_BINDINGS
from reader.ui.library_actions import LibraryActions
from reader.ui.link_actions import LinkActions
from reader.ui.saved_actions import SavedSearchActions
from reader.ui.screens.late_panes import PENDING, LatePanes
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.ui.widgets.sidebar import FilterSidebar

NARROW_BELOW = 110
DETAIL_REST = 0.08  # seconds between cursor moves below which the detail pane waits
AFTER_TYPING = 0.012  # the detail and the counts follow a search's frame after this long
COUNTS_REST = 0.3  # in a large session, the counts wait until typing pauses this long


class MainScreen(LatePanes, BackgroundCounts, LinkActions, LibraryActions, SavedSearchActions,
                 Screen):
    """Where reading sessions happen."""

    BINDINGS = MAIN_BINDINGS
    AUTO_FOCUS = "#papers"

    def __init__(self, session: ReadingSession) -> None:
        super().__init__(classes=PENDING)
        self.session = session
        self._read_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self._typing_timer: Timer | None = None
        self._counts_timer: Timer | None = None
        self._last_detail = 0.0
        self._highlighted_paper: Paper | None = None
        self.notice = ""
        self.busy = ""
        self._init_panes()

    def compose(self) -> ComposeResult:
        # The first frame: the status line and the list; the other panes come right after
        # it (see reader/ui/screens/late_panes.py).
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            with Horizontal(id="main"):
                with Vertical(id="list-column"):
                    yield PaperList(id="papers")

    def on_mount(self) -> None:
        self.apply_layout_settings()
        self.refresh_result()
        self._panes_mountable.set()
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        # The list and the status line are in the first frame. Now the rest of the screen,
        # the search engine the counts need, and the state and the rest of the library
        # (in workers).
        first_frame_painted()
        await self.mount_panes()
        self.refresh_counts()
        self.app.start_loading()

    # -- helpers -----------------------------------------------------------------------
    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def current(self) -> Paper | None:
        return self.paper_list.current

    def _row_info(self, paper: Paper):
        return self.session.state(paper), self.session.paper_tags(paper)

    def refresh_all(self, keep: str | None = None) -> None:
        """Recompute the filter and repaint everything, keeping the cursor's paper."""
        self.refresh_result(keep)
        self.refresh_counts()

    def refresh_result(self, keep: str | None = None) -> None:
        """Recompute the filter; repaint the list and the status line (not the counts)."""
        if keep is None and self.current is not None:
            keep = self.current.id
        self.session.recompute()
        self.paper_list.set_rows(self.session.papers, self.session.shown, self._row_info, keep)
        self.refresh_status()
        if not self.session.complete:
            self.complete_result()

    def refresh_status(self) -> None:
        session = self.session
        self.query_one(StatusLine).show_status(
            title=session.title, shown=session.match_count,
            total=session.expected if session.loading else len(session.papers),
            read=session.read_count(), session=session.progress.short(),
            filter_text=session.describe_filter(), notice=self.notice, busy=self.busy,
            error=str(session.search_error) if session.search_error else "")

    def set_busy(self, what: str) -> None:
        """Say in the status line that a background job runs ('' when it is done)."""
        self.busy = what
        self.refresh_status()

    def state_changed(self) -> None:
        """A paper's state changed: keep the filter, repaint rows, counts and detail."""
        self.refresh_all()
        self.show_detail(self.current)

    def _whole(self, paper: Paper) -> Paper:
        """`paper` with its abstract when it is the cursor's (a lazy catalog reads it)."""
        position = self.paper_list.current_position
        if position is not None and self.session.papers[position] is paper:
            return self.session.paper_at(position)
        return paper

    def show_detail(self, paper: Paper | None) -> None:
        if not self.panes_mounted:
            return  # `mount_panes` shows the current paper
        detail = self.query_one("#detail")
        if paper is None:
            detail.show(None)
            return
        paper = self._whole(paper)
        detail.show(paper, self.session.state(paper), self.session.paper_tags(paper),
                    self.session.highlight())

    def _guard(self, action) -> bool:
        try:
            action()
        except ReaderError as error:
            self.notify(str(error), severity="warning")
            return False
        return True

    # -- layout ------------------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "narrow")
        if self.is_mounted:
            self.apply_layout_settings()

    def apply_layout_settings(self) -> None:
        """Pane sizes from the settings; narrow screens stack the detail under the list."""
        settings = self.app.settings
        narrow = self.has_class("narrow")
        sidebar_width = min(settings.sidebar_width, 22) if narrow else settings.sidebar_width
        for sidebar in self.query("#sidebar"):
            sidebar.styles.width = sidebar_width
        self.keep_sidebar_place(sidebar_width)
        column = self.query_one("#list-column")
        column.styles.width = "1fr" if narrow else f"{settings.list_percent}%"
        column.styles.height = f"{settings.list_percent}%" if narrow else "1fr"

    def action_resize_sidebar(self, delta: int) -> None:
        self.app.update_settings(sidebar_width=self.app.settings.sidebar_width + delta)
        self.apply_layout_settings()

    def action_resize_list(self, delta: int) -> None:
        self.app.update_settings(list_percent=self.app.settings.list_percent + delta)
        self.apply_layout_settings()

    def action_cycle_focus(self, step: int) -> None:
        order = [self.query_one("#sidebar"), self.paper_list, self.query_one("#detail")]
        focused = self.focused
        index = order.index(focused) if focused in order else 0
        # set_focus moves the focus at once; Widget.focus() would wait for keys already
        # queued, so an enter typed right after tab would still go to the old pane.
        self.set_focus(order[(index + step) % len(order)])

    # -- list events -------------------------------------------------------------------
    @on(PaperList.Highlighted)
    def _highlighted(self, event: PaperList.Highlighted) -> None:
        # A single move shows the paper at once; while keys repeat (j held down), the detail
        # pane (a re-wrap of the abstract) waits until the cursor rests, so the list keeps
        # up with the keys. Only a move from one paper to another counts: the first paper
        # shown as the screen opens, or the same paper highlighted again after a repaint, is
        # no reason for the next key's paper to wait.
        now = time.monotonic()
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        previous, self._highlighted_paper = self._highlighted_paper, event.paper
        moved = previous is not None and event.paper is not previous
        if not moved or now - self._last_detail >= DETAIL_REST:
            if moved:
                self._last_detail = now
            self.show_detail(event.paper)
        else:
            self._last_detail = now
            self._detail_timer = self.set_timer(DETAIL_REST, self._show_current_detail)
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        seconds = self.app.settings.read_after_seconds
        if event.paper is not None and seconds > 0 and not self.session.state(event.paper).read:
            paper = event.paper
            self._read_timer = self.set_timer(seconds, lambda: self._auto_read(paper))

    def _show_current_detail(self) -> None:
        self._detail_timer = None
        self.show_detail(self.current)

    def _auto_read(self, paper: Paper) -> None:
        if self.current is paper and self.session.store is not None:
            if self._guard(lambda: self.session.set_read(paper, True)):
                self.state_changed()

    @on(PaperList.Selected)
    def _selected(self, event: PaperList.Selected) -> None:
        self.open_reading_view(self._whole(event.paper))

    def open_reading_view(self, paper: Paper) -> None:
        from reader.ui.screens.reading import ReadingScreen

        if self.app.settings.mark_read_on_open and self.session.store is not None:
            self._guard(lambda: self.session.set_read(paper, True))
            self._guard(lambda: self.session.mark_opened(paper))
            self.state_changed()
        self.app.push_screen(ReadingScreen(self.session, paper))

    # -- sidebar and search ------------------------------------------------------------
    # (Handlers by name, not @on(FilterSidebar....): the sidebar's module is imported when
    # the sidebar comes, after the first frame.)
    def on_filter_sidebar_view_chosen(self, event: FilterSidebar.ViewChosen) -> None:
        self.session.set_view(event.view)
        self.refresh_all()

    def on_filter_sidebar_collection_chosen(self, event: FilterSidebar.CollectionChosen) -> None:
        self.session.set_collection(event.collection)
        self.refresh_all()

    def action_step_collection(self, step: int) -> None:
        if self.session.step_collection(step) is None:
            self.notify("There is only one collection.", timeout=2)
            return
        self.refresh_all()

    def on_filter_sidebar_saved_chosen(self, event: FilterSidebar.SavedChosen) -> None:
        self.use_saved_search(event.name)

    def on_filter_sidebar_saved_delete_requested(
            self, event: FilterSidebar.SavedDeleteRequested) -> None:
        self.write_saved_search(event.name, None)

    def on_filter_sidebar_tag_toggled(self, event: FilterSidebar.TagToggled) -> None:
        self.session.toggle_tag(event.tag)
        self.refresh_all()

    def search_typed(self, text: str) -> None:
        """The search box's text changed (called inside the keystroke: see SearchBox).

        The list and the status line are repainted in this key's frame; the detail pane and
        the sidebar counts a moment later, so they do not hold that frame up (and while keys
        come faster than that, only after the last)."""
        if text == self.session.search:
            return
        error = self.session.set_search(text)
        self.query_one("#search", Input).set_class(error is not None, "-invalid-query")
        self.refresh_result()
        if self._typing_timer is not None:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(AFTER_TYPING, self._after_typing)

    def _after_typing(self) -> None:
        self._typing_timer = None
        self.show_detail(self.current)
        if not self.session.large:
            self.refresh_counts()
            return
        # Counting every tag over 100k papers keeps a worker busy for ~0.1 s, and the next
        # keystrokes would share the GIL with it: the counts wait for a pause in the typing.
        if self._counts_timer is not None:
            self._counts_timer.stop()
        self._counts_timer = self.set_timer(COUNTS_REST, self._counts_after_typing)

    def _counts_after_typing(self) -> None:
        self._counts_timer = None
        self.refresh_counts()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.set_focus(self.paper_list)

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            if search.value:
                search.value = ""
            self.set_focus(self.paper_list)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:  # a / typed in the search box is part of the query
            search.insert_text_at_cursor("/")
        else:
            self.set_focus(search)

    def action_focus_tags(self) -> None:
        self.query_one("#sidebar").focus_tags()

    def action_toggle_tag_mode(self) -> None:
        mode = self.session.toggle_tag_mode()
        self.refresh_all()
        self.notify(f"Tags now match {'all' if mode == 'all' else 'any'} of the chosen tags.",
                    timeout=2)

    def action_cycle_view(self) -> None:
        keys = [key for key, _ in VIEWS]
        self.session.set_view(keys[(keys.index(self.session.view) + 1) % len(keys)])
        self.refresh_all()

    def action_cycle_sort(self) -> None:
        self.session.cycle_sort()
        self.refresh_all()

    def action_clear_filters(self) -> None:
        self.session.clear_filters()
        self.query_one("#search", Input).value = ""  # search_typed: already ""
        self.refresh_all()

    # -- state actions -----------------------------------------------------------------
    def action_next_unread(self) -> None:
        self._jump_unread(1)

    def action_previous_unread(self) -> None:
        self._jump_unread(-1)

    def _jump_unread(self, step: int) -> None:
        position = self.session.next_unread(self.paper_list.cursor, step)
        if position is None:
            self.notify("No more unread papers " + ("below." if step > 0 else "above."),
                        timeout=2)
        else:
            self.paper_list.cursor = position

    def action_toggle_star(self) -> None:
        if (paper := self.current) and self._guard(lambda: self.session.toggle_star(paper)):
            self.state_changed()

    def action_toggle_read(self) -> None:
        if (paper := self.current) and self._guard(lambda: self.session.toggle_read(paper)):
            self.state_changed()

    def action_mark_all_read(self) -> None:
        count = [0]

        def mark() -> None:
            count[0] = self.session.mark_shown_read()

        if self._guard(mark):
            self.state_changed()
            self.notify(f"Marked {count[0]} papers read (u undoes).", timeout=3)

    def action_undo(self) -> None:
        label = [None]

        def undo() -> None:
            label[0] = self.session.undo()

        if self._guard(undo):
            if label[0] is None:
                self.notify("Nothing to undo.", timeout=2)
            else:
                self.state_changed()
                self.notify(f"Undid {label[0]}.", timeout=2)

    def action_edit_paper(self) -> None:
        from reader.ui.dialogs.edit_paper import EditPaperDialog

        paper = self.current
        if paper is None:
            return
        state = self.session.state(paper)

        def done(result: tuple[list[str], str] | None) -> None:
            if result is None:
                return
            tags, note = result
            if self._guard(lambda: self.session.set_user_tags(paper, tags)) and \
                    self._guard(lambda: self.session.set_note(paper, note)):
                self.state_changed()

        self.app.push_screen(EditPaperDialog(paper.title, state.tags, state.note), done)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.app.toggle_theme()

    def action_quit_reader(self) -> None:
        self.app.exit_with_summary()
