"""Finding related work from the main screen: more like this (m), a paper's authors (A),
what is new since the last session (N), and a misspelt search searched as meant. The
searches over a large library run in thread workers of the screen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from reader.query import fuzzy
from reader.query.authors import paper_authors
from reader.query.for_you import ForYou
from reader.query.similar import Similar, similar
from reader.ui.dialogs.authors import AuthorChoice, AuthorsDialog

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen

SIMILAR_COUNT = 20  # papers m shows


class Discovery:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.reasons: dict[int, str] = {}  # position -> the words it shares (m)

    def _show_pinned(self) -> None:
        """The session pinned a list (similar, new): show it from its top."""
        screen = self.screen
        screen.refresh_result()
        screen.paper_list.cursor = 0
        screen.refresh_counts()

    def why(self, position: int) -> str:
        """Why the paper at `position` is listed where it is: the words it shares with the
        paper asked about (m), or what it is like among your papers (the For-you order)."""
        session = self.screen.session
        if session.pinned is not None:
            return self.reasons.get(position, "")
        if session.filters.sort == "foryou":
            return self.for_you().reason(position)
        return ""

    def for_you(self) -> ForYou:
        session = self.screen.session
        return ForYou.of(session.index, lambda p: session.papers[p].title)

    # -- more like this ----------------------------------------------------------------
    def more_like_this(self) -> None:
        position = self.screen.paper_list.current_position
        if position is not None:
            self.screen.run_worker(partial(self._find_similar, position), thread=True,
                                   exclusive=True, group="similar")

    def _find_similar(self, position: int) -> None:
        found = similar(self.screen.session.index, position, SIMILAR_COUNT)
        self.screen.app.call_from_thread(self._similar_found, position, found)

    def _similar_found(self, position: int, found: list[Similar]) -> None:
        session = self.screen.session
        if not found:
            self.screen.notify("No paper of the library shares enough words with this one.",
                               timeout=3)
            return
        self.reasons = {item.position: item.reason() for item in found}
        title = session.papers[position].title
        session.pin([item.position for item in found], f"Like “{title[:50]}” (x clears)")
        self._show_pinned()

    # -- new since the last session -----------------------------------------------------
    def show_new(self) -> None:
        session = self.screen.session
        new = session.new_positions()
        if not new:
            self.screen.notify("Nothing is new since your last session.", timeout=3)
            return
        session.pin(new, "New since your last session (x clears)")
        self._show_pinned()

    # -- authors -----------------------------------------------------------------------
    def authors(self) -> None:
        screen = self.screen
        paper = screen.current
        if paper is None:
            return
        if not paper.authors:
            screen.notify("This paper lists no authors.", timeout=3)
            return

        def chosen(choice: AuthorChoice | None) -> None:
            if choice is None:
                return
            if choice.action == "follow":
                screen.saved_searches.write(choice.author.follow_name, choice.author.query)
            else:
                screen.session.clear_filters()
                screen.search_box.value = choice.author.query
                screen.refresh_all()

        found = paper_authors(screen.session.index, paper.authors)
        screen.app.push_screen(AuthorsDialog(paper.title, found), chosen)

    # -- a misspelt search ----------------------------------------------------------------
    def correct_typos(self, text: str) -> None:
        """The search `text` found nothing: look for the words meant, off the event loop."""
        self.screen.run_worker(partial(self._correct, text), thread=True, exclusive=True,
                               group="typo")

    def _correct(self, text: str) -> None:
        session = self.screen.session
        corrected = fuzzy.correct(session.index, session.live.typed)
        if corrected is not None:
            self.screen.app.call_from_thread(self._corrected, text, corrected)

    def _corrected(self, text: str, corrected: fuzzy.Corrected) -> None:
        screen, session = self.screen, self.screen.session
        if text != session.search or session.match_count:
            return  # typed on meanwhile
        session.live.show_typed(corrected.query)
        session.recompute()
        screen.paper_list.set_rows(session.papers, session.shown, screen.row_info,
                                   highlight=session.highlight())
        screen.refresh_status()
        screen.show_detail(screen.current)
        screen.notify(corrected.note(), timeout=4)
