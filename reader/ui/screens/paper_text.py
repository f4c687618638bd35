"""The full-text screen: the whole paper (arXiv HTML), loaded in a worker with progress, with
a table of contents, find, links (citations jump to the reference, URLs open or copy) and the
reading place remembered per paper."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from reader import paths
from reader.errors import ReaderError
from reader.fulltext.model import Document
from reader.ui.widgets.paper_text_view import PaperTextView

BINDINGS = [
    Binding("escape,q", "back", "Back", id="paper_text.back", tooltip="Back to the abstract"),
    Binding("t", "toggle_toc", "Contents", id="paper_text.toc",
            tooltip="Table of contents: jump to a section"),
    Binding("slash", "find", "Find", id="paper_text.find", tooltip="Find in the paper"),
    Binding("n", "next_match(1)", "Next", show=False, id="paper_text.next_match"),
    Binding("N", "next_match(-1)", "Previous", show=False, id="paper_text.previous_match"),
    Binding("tab", "next_link(1)", "Next link", id="paper_text.next_link",
            tooltip="Move to the next citation, reference or URL"),
    Binding("shift+tab", "next_link(-1)", "Previous link", show=False,
            id="paper_text.previous_link"),
    Binding("enter", "follow", "Follow", id="paper_text.follow",
            tooltip="Citation: jump to the reference; URL or image: open it"),
    Binding("y", "copy_link", "Copy link", show=False, id="paper_text.copy_link"),
    Binding("backspace", "jump_back", "Jump back", show=False, id="paper_text.jump_back"),
    Binding("right_square_bracket", "section(1)", "Next section", show=False,
            id="paper_text.next_section"),
    Binding("left_square_bracket", "section(-1)", "Previous section", show=False,
            id="paper_text.previous_section"),
    Binding("j,down", "scroll(1)", "Down", show=False, id="paper_text.down"),
    Binding("k,up", "scroll(-1)", "Up", show=False, id="paper_text.up"),
    Binding("space,pagedown", "page(1)", "Page down", show=False, id="paper_text.page_down"),
    Binding("b,pageup", "page(-1)", "Page up", show=False, id="paper_text.page_up"),
    Binding("g,home", "edge(0)", "Top", show=False, id="paper_text.top"),
    Binding("G,end", "edge(1)", "End", show=False, id="paper_text.end"),
    Binding("r", "reload", "Fetch again", show=False, id="paper_text.reload"),
    Binding("p", "open_pdf", "PDF", show=False, id="paper_text.pdf"),
    Binding("a", "open_abstract", "Abstract page", show=False, id="paper_text.abstract"),
]


class PaperTextScreen(Screen):
    """Full text of one paper. `arxiv_id` may carry a version ('2508.08468v6')."""

    CSS_PATH = paths.styles_dir() / "paper_text.tcss"
    BINDINGS = BINDINGS

    def __init__(self, arxiv_id: str | None, title: str = "") -> None:
        super().__init__()
        self.arxiv_id = arxiv_id or ""
        self.paper_title = title
        self.document: Document | None = None
        self.key = ""
        self.back_stack: list[int] = []
        self.last_find = ""

    def compose(self) -> ComposeResult:
        yield Static(self._bar_text(), id="paper-text-bar", markup=False)
        with Horizontal(id="paper-text-body"):
            yield OptionList(id="paper-text-toc")
            yield PaperTextView(id="paper-text-view")
        with Vertical(id="paper-text-loading"):
            yield Static("", id="paper-text-message", markup=False)
            yield ProgressBar(id="paper-text-progress", show_eta=False)
        yield Input(placeholder="Find in the paper (enter: find, n/N: next/previous)",
                    id="paper-text-find")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#paper-text-toc").display = False
        self.query_one("#paper-text-find").display = False
        self.query_one(PaperTextView).focus()
        self.load()

    # -- loading --------------------------------------------------------------------------

    def load(self, refresh: bool = False) -> None:
        loading = self.query_one("#paper-text-loading")
        loading.display = True
        self.query_one("#paper-text-progress").display = True
        if not self.arxiv_id:
            self._failed("This paper has no arXiv id, so there is no full text to fetch.")
            return
        self._say(f"Opening arXiv:{self.arxiv_id}…")
        self._load(refresh)

    @work(thread=True, exclusive=True, group="paper-text-load", exit_on_error=False)
    def _load(self, refresh: bool) -> tuple[Document, bool, int, str]:
        from reader.fulltext import positions, source

        what = source.target(self.arxiv_id)
        settings = source.load_settings()
        place = positions.load(what.key)

        def progress(done: int, total: int | None) -> None:
            self.app.call_from_thread(self._progress, done, total)

        document, cached = source.open_paper(what, settings, progress, refresh=refresh)
        return document, cached, place, what.key

    def _progress(self, done: int, total: int | None) -> None:
        if not self.is_attached:
            return  # closed while the paper was still coming
        bar = self.query_one("#paper-text-progress", ProgressBar)
        if total:
            bar.update(total=total, progress=done)
            self._say(f"Fetching arXiv:{self.arxiv_id}… {done // 1024} of {total // 1024} KB")
        else:
            self._say(f"Fetching arXiv:{self.arxiv_id}… {done // 1024} KB")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "paper-text-load":
            return
        if event.state == WorkerState.SUCCESS:
            document, cached, place, key = event.worker.result
            self._show(document, place, key, cached)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, ReaderError):
                self._failed(str(error))
            else:
                self._failed(f"The paper could not be shown ({type(error).__name__}).")

    def _show(self, document: Document, place: int, key: str, cached: bool) -> None:
        self.document, self.key = document, key
        self.query_one("#paper-text-loading").display = False
        view = self.query_one(PaperTextView)
        view.set_document(document, min(place, max(len(document.blocks) - 1, 0)))
        toc = self.query_one("#paper-text-toc", OptionList)
        toc.clear_options()
        toc.add_options([Option("  " * (block.level - 1) + f"{block.label} {block.text}".strip(),
                                id=str(index)) for index, block in document.headings])
        view.focus()
        self._update_bar()
        if not cached:
            self.notify("Saved for reading offline.", timeout=2)

    def _failed(self, message: str) -> None:
        self.query_one("#paper-text-progress").display = False
        keys = "r: try again · p: PDF · a: abstract page · esc: back" if self.arxiv_id \
            else "esc: back"
        self._say(f"{message}\n\n{keys}")

    def _say(self, text: str) -> None:
        self.query_one("#paper-text-message", Static).update(text)

    # -- the bar and the reading place ----------------------------------------------------

    def _bar_text(self) -> str:
        title = self.document.title if self.document else self.paper_title
        return f" {title}" if title else " Full text"

    def _update_bar(self) -> None:
        view = self.query_one(PaperTextView)
        text = self._bar_text()
        if view.laid is not None and view.laid.lines:
            share = view.share
            section = view.section_at()
            # The place first: a long title is what the bar's edge cuts, not the place.
            text = f" {share}% · {section} —{text}" if section else f" {share}% —{text}"
        self.query_one("#paper-text-bar", Static).update(text)

    def on_paper_text_view_laid_out(self, event: PaperTextView.LaidOut) -> None:
        self._update_bar()

    def on_paper_text_view_top_changed(self, event: PaperTextView.TopChanged) -> None:
        self._update_bar()
        self._save_place(event.block)

    def _save_place(self, block: int) -> None:
        if not self.key:
            return
        key = self.key

        def save() -> None:
            from reader.fulltext import positions

            positions.save(key, block)

        # An app worker, not the screen's: the last place is saved after the screen closed.
        self.app.run_worker(save, thread=True, group="paper-text-place", exit_on_error=False)

    # -- actions --------------------------------------------------------------------------

    @property
    def view(self) -> PaperTextView:
        return self.query_one(PaperTextView)

    def action_back(self) -> None:
        find = self.query_one("#paper-text-find", Input)
        toc = self.query_one("#paper-text-toc", OptionList)
        if find.display:
            find.display = False
            self.view.focus()
        elif toc.display:
            toc.display = False
            self.view.focus()
        elif self.view.link is not None:
            self.view.clear_link()
        else:
            if self.document is not None:
                self._save_place(self.view.top_block)
            self.app.pop_screen()

    def action_scroll(self, lines: int) -> None:
        self.view.scroll_to_line(self.view.top_line + lines)
        self._update_bar()

    def action_page(self, direction: int) -> None:
        height = max(self.view.scrollable_content_region.height - 1, 1)
        self.view.scroll_to_line(self.view.top_line + direction * height)
        self._update_bar()

    def action_edge(self, end: int) -> None:
        self.view.scroll_to_line(self.view.last_page_top if end else 0)
        self._update_bar()

    def action_section(self, step: int) -> None:
        view = self.view
        if self.document is None or view.laid is None:
            return
        top = view.top_line
        starts = [view.laid.line_of_block(index) for index, _ in self.document.headings]
        later = [s for s in starts if (s > top if step > 0 else s < top)]
        if later:
            view.scroll_to_line(later[0] if step > 0 else later[-1])
            self._update_bar()

    def action_toggle_toc(self) -> None:
        toc = self.query_one("#paper-text-toc", OptionList)
        if self.document is None:
            return
        toc.display = not toc.display
        if toc.display:
            current = self.view.top_block
            indexes = [index for index, _ in self.document.headings]
            before = [n for n, index in enumerate(indexes) if index <= current]
            if before:
                toc.highlighted = before[-1]
            toc.focus()
        else:
            self.view.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "paper-text-toc" or event.option.id is None:
            return
        self.back_stack.append(self.view.top_line)
        self.view.scroll_to_block(int(event.option.id))
        event.option_list.display = False
        self.view.focus()
        self._update_bar()

    def action_find(self) -> None:
        if self.document is None:
            return
        find = self.query_one("#paper-text-find", Input)
        find.display = True
        find.value = self.last_find
        find.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "paper-text-find":
            return
        self.last_find = event.value
        count = self.view.find(event.value)
        event.input.display = False
        self.view.focus()
        if event.value.strip():
            self.notify(f"{count} matches for {event.value!r}." if count else
                        f"No match for {event.value!r}.", timeout=3, markup=False)
        self._update_bar()

    def action_next_match(self, step: int) -> None:
        if not self.view.next_match(step):
            self.notify("Nothing found yet: / to find.", timeout=2)
        self._update_bar()

    def action_next_link(self, step: int) -> None:
        if not self.view.next_link(step):
            self.notify("No more links this way.", timeout=2)
        self._update_bar()

    def action_follow(self) -> None:
        link = self.view.link
        if link is None:
            self.action_next_link(1)
            return
        _, _, style, target = link[0], link[1], link[3], link[4]
        if style in ("cite", "ref", "note"):
            top = self.view.top_line
            if self.view.scroll_to_anchor(target):
                self.back_stack.append(top)
                self.view.clear_link()
                self.notify("backspace: back to where you were", timeout=2)
            else:
                self.notify("That part of the paper is not in the text.", timeout=2)
        else:
            from reader.ui import linking

            linking.open_url(self.app, target)
        self._update_bar()

    def action_copy_link(self) -> None:
        link = self.view.link
        if link is None or link[3] not in ("link", "image"):
            self.notify("Tab to a URL first, then y copies it.", timeout=2)
            return
        from reader.ui import linking

        linking.copy_url(self.app, link[4])

    def action_jump_back(self) -> None:
        if self.back_stack:
            self.view.scroll_to_line(self.back_stack.pop())
            self._update_bar()

    def action_reload(self) -> None:
        self.load(refresh=True)

    def _open(self, url: str) -> None:
        from reader.ui import linking

        linking.open_url(self.app, url)

    def action_open_pdf(self) -> None:
        if self.arxiv_id:
            self._open(f"https://arxiv.org/pdf/{self.arxiv_id}")

    def action_open_abstract(self) -> None:
        if self.arxiv_id:
            self._open(f"https://arxiv.org/abs/{self.arxiv_id}")
