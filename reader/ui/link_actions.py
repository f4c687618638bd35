"""Link keys of the main screen (c, o, O, 1-9, L, C), delegating to `reader.ui.linking`."""

from __future__ import annotations

from reader.model import Paper


class LinkActions:
    """Mixed into screens that have a `current` paper and a `session`."""

    def _paper_or_say(self) -> Paper | None:
        paper = self.current
        if paper is None:
            self.notify("No paper selected.", severity="warning", timeout=2)
        return paper

    def _code_or_page(self, verb: str, act) -> None:
        """`act` on the code link, or on the paper page (saying so) when there is none."""
        if (paper := self._paper_or_say()) is None:
            return
        link = paper.primary_code_link
        if link is None:
            self.notify(f"This paper has no code link; {verb} its paper page instead.",
                        timeout=3)
            act(self.app, paper.page_url)
        else:
            act(self.app, link.url)

    def action_copy_code(self) -> None:
        from reader.ui import linking

        self._code_or_page("copying", linking.copy_url)

    def action_copy_link(self, number: int) -> None:
        from reader.ui import linking

        if (paper := self._paper_or_say()) is None:
            return
        if not 1 <= number <= len(paper.links):
            have = len(paper.links)
            self.notify(f"This paper has no link [{number}] (it has {have}).",
                        severity="warning", timeout=3)
            return
        linking.copy_url(self.app, paper.links[number - 1].url)

    def action_open_code(self) -> None:
        from reader.ui import linking

        self._code_or_page("opening", linking.open_url)

    def action_open_page(self) -> None:
        from reader.ui import linking

        if (paper := self._paper_or_say()) is not None:
            linking.open_url(self.app, paper.page_url)

    def action_link_picker(self) -> None:
        from reader.ui.dialogs.link_picker import LinkPicker

        if (paper := self._paper_or_say()) is not None:
            self.app.push_screen(LinkPicker(paper))

    def _code_urls(self, papers: list[Paper]) -> list[str]:
        """Every code link of `papers`, in page order, each once."""
        return list(dict.fromkeys(link.url for p in papers for link in p.code_links))

    def action_copy_starred_code(self) -> None:
        from reader.ui import linking

        starred = [p for p in self.session.papers if self.session.state(p).starred]
        urls = self._code_urls(starred)
        if not urls:
            self.notify("No starred paper has a code link.", severity="warning", timeout=3)
            return
        linking.copy_many(self.app, urls, label=f"{len(urls)} code links of starred papers")

    def action_copy_shown_code(self) -> None:
        from reader.ui import linking

        shown = [self.session.papers[i] for i in self.session.shown]
        urls = self._code_urls(shown)
        if not urls:
            self.notify("No shown paper has a code link.", severity="warning", timeout=3)
            return
        linking.copy_many(self.app, urls, label=f"{len(urls)} code links of shown papers")
