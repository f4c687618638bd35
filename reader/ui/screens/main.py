"""The main screen: filter sidebar, paper list and detail pane, with a status line."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import DescendantBlur, Resize
from textual.timer import Timer
from textual.widgets import Footer, Input

from reader.filters import VIEWS
from reader.model import Paper
from reader.session import ReadingSession, SavedSearchDeleted
from reader.ui import linking
from reader.ui.discovery import Discovery
from reader.ui.keys import MAIN_BINDINGS
from reader.ui.library_jobs import LibraryJobs
from reader.ui.result_work import ResultWork
from reader.ui.saved_searches import SavedSearches
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.paper_screen import PaperScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.sidebar import FilterSidebar
from reader.ui.widgets.status import StatusLine

NARROW_BELOW = 110  # below this many columns the detail pane goes under the list
SIDEBAR_FROM = 100  # the sidebar shows by itself from this many columns (setting "auto")
DETAIL_REST = 0.08  # seconds between cursor moves below which the detail pane waits
AFTER_TYPING = 0.012  # the detail and the counts follow a search's frame after this long
COUNTS_REST = 0.3  # in a large session, the counts wait until typing pauses this long
SEARCH_PLACEHOLDER = "/ search titles and abstracts"


class MainScreen(PaperScreen):
    """Where reading sessions happen."""

    BINDINGS = MAIN_BINDINGS
    AUTO_FOCUS = "#papers"

    def __init__(self, session: ReadingSession) -> None:
        super().__init__(session)
        self._read_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self._typing_timer: Timer | None = None
        self._counts_timer: Timer | None = None
        self._last_detail = 0.0
        self._highlighted_paper: Paper | None = None
        self.notice = ""
        self.busy = ""
        self.sync_status = ""  # "synced 14:02" once a sync folder is set
        self._sidebar_asked: bool | None = None  # t shows a hidden sidebar for a while
        self.discovery = Discovery(self)
        self.result_work = ResultWork(self)
        self.saved_searches = SavedSearches(self)
        self.library_jobs = LibraryJobs(self)

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            yield FilterSidebar(id="sidebar")
            with Horizontal(id="main"):
                with Vertical(id="list-column"):
                    yield SearchBox(placeholder=SEARCH_PLACEHOLDER, id="search",
                                    on_query=self.search_typed)
                    yield PaperList(id="papers")
                yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.apply_layout_settings()
        self.refresh_all()

    # -- helpers -----------------------------------------------------------------------
    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def sidebar(self) -> FilterSidebar:
        return self.query_one(FilterSidebar)

    @property
    def current(self) -> Paper | None:
        return self.paper_list.current

    def row_info(self, paper: Paper):
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
        self.paper_list.set_rows(self.session.papers, self.session.shown, self.row_info, keep,
                                 self.session.highlight())
        self.refresh_status()
        if not self.session.complete:
            self.result_work.complete_result()

    def refresh_status(self) -> None:
        session = self.session
        self.query_one(StatusLine).show_status(
            title=session.title, shown=session.match_count,
            total=session.expected if session.loading else len(session.papers),
            read=session.read_count(), session=session.progress.short(),
            filter_text=session.describe_filter(), notice=self.notice, busy=self.busy,
            sync=self.sync_status,
            error=str(session.search_error) if session.search_error else "")

    def set_busy(self, what: str) -> None:
        """Say in the status line that a background job runs ('' when it is done)."""
        self.busy = what
        self.refresh_status()

    def paper_changed(self, paper: Paper | None = None) -> None:
        """The user changed the state of `paper` (None: of many papers). Its row, the status
        line, the detail pane and the counts are repainted; the rows stay: a paper read in
        the Unread view stays there until the view or the search changes (as in artui), so
        the cursor never jumps under the reader."""
        if paper is None:
            self.paper_list.refresh_rows()
        else:
            self.paper_list.refresh_paper(paper)
        self.refresh_status()
        self.show_detail(self.current)
        self.refresh_counts()

    def state_changed(self) -> None:
        """State came from elsewhere (loaded, another terminal): filter and repaint it all."""
        self.refresh_all()
        self.show_detail(self.current)

    def _whole(self, paper: Paper) -> Paper:
        """`paper` with its abstract when it is the cursor's (a lazy catalog reads it)."""
        position = self.paper_list.current_position
        if position is not None and self.session.papers[position] is paper:
            return self.session.paper_at(position)
        return paper

    def show_detail(self, paper: Paper | None) -> None:
        detail = self.query_one(DetailPane)
        if paper is None:
            detail.show(None)
            return
        position = self.paper_list.current_position
        why = "" if position is None else self.discovery.why(position)
        paper = self._whole(paper)
        detail.show(paper, self.session.state(paper), self.session.paper_tags(paper),
                    self.session.highlight(), why=why)

    # -- counts and large results (reader/ui/result_work.py) ---------------------------
    def refresh_counts(self) -> None:
        self.result_work.refresh_counts()

    # -- layout ------------------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "narrow")
        if self.is_mounted:
            self.apply_layout_settings()

    def apply_layout_settings(self) -> None:
        """Pane sizes from the settings; narrow screens stack the detail under the list, and
        leave the sidebar out unless asked for (\\ or t)."""
        settings = self.app.settings
        narrow = self.has_class("narrow")
        sidebar = self.sidebar
        sidebar.display = self.sidebar_shown
        sidebar.styles.width = min(settings.sidebar_width, 22) if narrow \
            else settings.sidebar_width
        column = self.query_one("#list-column")
        column.styles.width = "1fr" if narrow else f"{settings.list_percent}%"
        column.styles.height = f"{settings.list_percent}%" if narrow else "1fr"

    @property
    def sidebar_shown(self) -> bool:
        if self._sidebar_asked is not None:
            return self._sidebar_asked
        mode = self.app.settings.sidebar
        return mode == "shown" or (mode == "auto" and self.size.width >= SIDEBAR_FROM)

    def action_toggle_sidebar(self) -> None:
        shown = not self.sidebar_shown
        self._sidebar_asked = None
        self.app.update_settings(sidebar="shown" if shown else "hidden")
        if not shown and self.sidebar.has_focus:
            self.set_focus(self.paper_list)
        self.apply_layout_settings()

    def action_resize_sidebar(self, delta: int) -> None:
        self.app.update_settings(sidebar_width=self.app.settings.sidebar_width + delta)
        self.apply_layout_settings()

    def action_resize_list(self, delta: int) -> None:
        self.app.update_settings(list_percent=self.app.settings.list_percent + delta)
        self.apply_layout_settings()

    def action_cycle_focus(self, step: int) -> None:
        order = [self.paper_list, self.query_one(DetailPane)]
        if self.sidebar_shown:
            order.insert(0, self.sidebar)
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
            if self.change(lambda: self.session.set_read(paper, True)):
                self.paper_changed(paper)

    @on(PaperList.Selected)
    def _selected(self, event: PaperList.Selected) -> None:
        self.open_reading_view(self._whole(event.paper))

    def open_reading_view(self, paper: Paper) -> None:
        self._opened(paper)
        self.app.push_screen(ReadingScreen(self.session, paper, self))

    def _opened(self, paper: Paper) -> None:
        """`paper` is read full screen: marked read (as the settings say) and opened."""
        if self.app.settings.mark_read_on_open and self.session.store is not None:
            self.change(lambda: self.session.set_read(paper, True))
            self.change(lambda: self.session.mark_opened(paper))
            self.paper_changed(paper)

    def _open_at(self, position: int | None) -> Paper | None:
        """Move the cursor to `position` of the list and open its paper (None: no move)."""
        if position is None or not 0 <= position < self.paper_list.row_count:
            return None
        self.paper_list.cursor = position
        paper = self._whole(self.paper_list.current)
        self._opened(paper)
        return paper

    def open_unread(self, step: int) -> Paper | None:
        """For the reading view: the next (1) or previous (-1) unread paper, opened."""
        return self._open_at(self.session.next_unread(self.paper_list.cursor, step))

    def open_step(self, step: int) -> Paper | None:
        """For the reading view: the next (1) or previous (-1) paper of the list, opened."""
        return self._open_at(self.paper_list.cursor + step)

    # -- sidebar -----------------------------------------------------------------------
    @on(FilterSidebar.ViewChosen)
    def _view_chosen(self, event: FilterSidebar.ViewChosen) -> None:
        self.session.set_view(event.view)
        self.refresh_all()

    @on(FilterSidebar.CollectionChosen)
    def _collection_chosen(self, event: FilterSidebar.CollectionChosen) -> None:
        self.session.set_collection(event.collection)
        self.refresh_all()

    @on(FilterSidebar.NewChosen)
    def action_show_new(self) -> None:
        self.discovery.show_new()

    @on(FilterSidebar.TagToggled)
    def _tag_toggled(self, event: FilterSidebar.TagToggled) -> None:
        self.session.toggle_tag(event.tag)
        self.refresh_all()

    @on(FilterSidebar.SavedChosen)
    def _saved_chosen(self, event: FilterSidebar.SavedChosen) -> None:
        for search in self.session.saved:
            if search.name == event.name:
                self.search_box.value = search.query
                return

    @on(FilterSidebar.SavedDeleteRequested)
    def _saved_delete_requested(self, event: FilterSidebar.SavedDeleteRequested) -> None:
        self.saved_searches.delete(event.name)

    def action_step_collection(self, step: int) -> None:
        if self.session.step_collection(step) is None:
            self.notify("There is only one collection.", timeout=2)
            return
        self.refresh_all()

    def action_focus_tags(self) -> None:
        if not self.sidebar_shown:
            self._sidebar_asked = True
            self.apply_layout_settings()
        self.sidebar.focus_tags()

    @on(DescendantBlur, "#sidebar")
    def _sidebar_left(self) -> None:
        if self._sidebar_asked:  # shown by t on a narrow screen: out of the way again
            self._sidebar_asked = None
            self.apply_layout_settings()

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
        if self.session.cycle_sort() == "foryou":
            self.notify(self.discovery.for_you().message(), timeout=4)
        self.refresh_all()

    def action_clear_filters(self) -> None:
        self.session.clear_filters()
        self.search_box.value = ""  # search_typed: already ""
        self.refresh_all()

    # -- search ------------------------------------------------------------------------
    def search_typed(self, text: str) -> None:
        """The search box's text changed (called inside the keystroke: see SearchBox).

        The list and the status line are repainted in this key's frame; the detail pane and
        the sidebar counts a moment later, so they do not hold that frame up (and while keys
        come faster than that, only after the last)."""
        if text == self.session.search:
            return
        error = self.session.set_search(text)
        self.search_box.set_class(error is not None, "-invalid-query")
        self.refresh_result()
        if error is None and text.strip() and self.session.match_count == 0:
            self.discovery.correct_typos(text)
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
        search = self.search_box
        if search.has_focus:
            if search.value:
                search.value = ""
            self.set_focus(self.paper_list)

    def action_search(self) -> None:
        search = self.search_box
        if search.has_focus:  # a / typed in the search box is part of the query
            search.insert_text_at_cursor("/")
        else:
            self.set_focus(search)

    # -- discovery (reader/ui/discovery.py) -----------------------------------------------
    def action_more_like_this(self) -> None:
        self.discovery.more_like_this()

    def action_authors(self) -> None:
        self.discovery.authors()

    # -- saved searches (reader/ui/saved_searches.py) -----------------------------------
    def action_save_search(self) -> None:
        self.saved_searches.save()

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

    def action_mark_all_read(self) -> None:
        count = [0]

        def mark() -> None:
            count[0] = self.session.mark_shown_read()

        if self.change(mark):
            self.paper_changed()
            self.notify(f"Marked {count[0]} papers read (u undoes).", timeout=3)

    def action_undo(self) -> None:
        stack = self.session.undo_stack
        if stack and isinstance(stack[-1], SavedSearchDeleted):
            self.saved_searches.undo_delete(stack.pop())
            return
        label = [None]

        def undo() -> None:
            label[0] = self.session.undo()

        if self.change(undo):
            if label[0] is None:
                self.notify("Nothing to undo.", timeout=2)
            else:
                self.paper_changed()
                self.notify(f"Undid {label[0]}.", timeout=2)

    # -- links of many papers ------------------------------------------------------------
    def _copy_code_of(self, papers: list[Paper], what: str) -> None:
        urls = list(dict.fromkeys(link.url for p in papers for link in p.code_links))
        if not urls:
            self.notify(f"No {what} paper has a code link.", severity="warning", timeout=3)
            return
        linking.copy_many(self.app, urls, label=f"{len(urls)} code links of {what} papers")

    def action_copy_starred_code(self) -> None:
        session = self.session
        self._copy_code_of([p for p in session.papers if session.state(p).starred], "starred")

    def action_copy_shown_code(self) -> None:
        self._copy_code_of([self.session.papers[i] for i in self.session.shown], "shown")

    # -- library: fetch and export (reader/ui/library_jobs.py) ------------------------
    def action_fetch(self) -> None:
        self.library_jobs.fetch()

    def action_export(self) -> None:
        self.library_jobs.export()

    def action_prefetch_starred(self) -> None:
        self.library_jobs.prefetch_starred()

    # -- general -----------------------------------------------------------------------
    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.app.toggle_theme()

    def action_quit_reader(self) -> None:
        self.app.exit_with_summary()
