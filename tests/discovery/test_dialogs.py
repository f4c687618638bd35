"""The more-like-this and authors dialogs under Pilot, over the real reader app."""

from __future__ import annotations

from reader.query.authors import Author
from reader.query.index import SearchIndex
from reader.query.similar import similar
from reader.ui.dialogs.authors import AuthorChoice, AuthorsDialog
from reader.ui.dialogs.similar import SimilarDialog
from tests.ui.helpers import running


async def test_similar_dialog_lists_the_papers_and_returns_the_chosen_one(make_app,
                                                                          seed_papers):
    asked = next(n for n, p in enumerate(seed_papers)
                 if p.title.startswith("Parallel Scaling Law"))
    found = similar(SearchIndex(seed_papers), asked, 5)
    app = make_app()
    chosen: list[int | None] = []
    async with running(app) as pilot:
        app.push_screen(SimilarDialog(seed_papers[asked], seed_papers, found), chosen.append)
        await pilot.pause()
        assert isinstance(app.screen, SimilarDialog)
        text = "\n".join(str(o.prompt) for o in app.screen.query_one("#similar-list").options)
        assert "Scaling Law" in text and "shares " in text
        await pilot.press("down", "enter")
        assert chosen == [found[1].position]
        app.push_screen(SimilarDialog(seed_papers[asked], seed_papers, found), chosen.append)
        await pilot.pause()
        await pilot.press("escape")
        assert chosen[-1] is None and not isinstance(app.screen, SimilarDialog)


async def test_authors_dialog_shows_or_follows(make_app):
    authors = [Author("Tri Dao", 'author:"tri dao"', 3), Author("Ion Stoica",
                                                               'author:"ion stoica"', 1)]
    app = make_app()
    chosen: list[AuthorChoice | None] = []
    async with running(app) as pilot:
        app.push_screen(AuthorsDialog("FlashAttention", authors), chosen.append)
        await pilot.pause()
        await pilot.press("enter")
        assert chosen == [AuthorChoice("show", authors[0])]
        app.push_screen(AuthorsDialog("FlashAttention", authors), chosen.append)
        await pilot.pause()
        await pilot.press("down", "f")
        assert chosen[-1] == AuthorChoice("follow", authors[1])
        app.push_screen(AuthorsDialog("No one", []), chosen.append)
        await pilot.pause()
        await pilot.press("f", "escape")
        assert chosen[-1] is None

