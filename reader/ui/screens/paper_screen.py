"""What the main screen and the reading view share: the keys that act on the current paper
(star, read, tags and note, its links)."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from reader.errors import ReaderError
from reader.model import Paper
from reader.session import ReadingSession
from reader.ui import linking
from reader.ui.dialogs.edit_paper import EditPaperDialog
from reader.ui.dialogs.link_picker import LinkPicker


class PaperScreen(Screen):
    """A screen with a current paper. Subclasses say which paper is current (`current`) and
    repaint after a change (`paper_changed`)."""

    def __init__(self, session: ReadingSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    @property
    def current(self) -> Paper | None:
        raise NotImplementedError

    def paper_changed(self, paper: Paper | None = None) -> None:
        """The state of `paper` (None: of many papers) changed: repaint what shows it."""
        raise NotImplementedError

    def notify(self, message: str, *, markup: bool = False, **options) -> None:
        """Notices quote data (titles, queries, file names): never read as markup."""
        super().notify(message, markup=markup, **options)

    def change(self, action: Callable[[], object]) -> bool:
        """Run a state change; a refusal (read-only store, still loading) is one notice."""
        try:
            action()
        except ReaderError as error:
            self.notify(str(error), severity="warning")
            return False
        return True

    # -- state -------------------------------------------------------------------------
    def action_toggle_star(self) -> None:
        if (paper := self.current) and self.change(lambda: self.session.toggle_star(paper)):
            self.paper_changed(paper)

    def action_toggle_read(self) -> None:
        if (paper := self.current) and self.change(lambda: self.session.toggle_read(paper)):
            self.paper_changed(paper)

    def action_edit_paper(self) -> None:
        paper = self.current
        if paper is None:
            return
        state = self.session.state(paper)

        def done(result: tuple[list[str], str] | None) -> None:
            if result is None:
                return
            tags, note = result
            if self.change(lambda: self.session.set_user_tags(paper, tags)) and \
                    self.change(lambda: self.session.set_note(paper, note)):
                self.paper_changed(paper)

        self.app.push_screen(EditPaperDialog(paper.title, state.tags, state.note), done)

    # -- links -------------------------------------------------------------------------
    def _paper_or_say(self) -> Paper | None:
        paper = self.current
        if paper is None:
            self.notify("No paper selected.", severity="warning", timeout=2)
        return paper

    def _code_link(self) -> str | None:
        """The paper's code link, or None after saying it has none (a paper page is not
        code: copying or opening it instead would say what is not true)."""
        if (paper := self._paper_or_say()) is None:
            return None
        link = paper.primary_code_link
        if link is None:
            other = " (L lists its links)" if paper.links else ""
            self.notify(f"This paper has no code link{other}; O opens its page.", timeout=3)
            return None
        return link.url

    def action_copy_code(self) -> None:
        if (url := self._code_link()) is not None:
            linking.copy_url(self.app, url)

    def action_copy_link(self, number: int) -> None:
        if (paper := self._paper_or_say()) is None:
            return
        if not 1 <= number <= len(paper.links):
            have = len(paper.links)
            self.notify(f"This paper has no link [{number}] (it has {have}).",
                        severity="warning", timeout=3)
            return
        linking.copy_url(self.app, paper.links[number - 1].url)

    def action_open_code(self) -> None:
        if (url := self._code_link()) is not None:
            linking.open_url(self.app, url)

    def action_open_page(self) -> None:
        if (paper := self._paper_or_say()) is not None:
            linking.open_url(self.app, paper.page_url)

    def action_link_picker(self) -> None:
        if (paper := self._paper_or_say()) is not None:
            self.app.push_screen(LinkPicker(paper))
