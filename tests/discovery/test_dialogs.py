"""The more-like-this and authors dialogs under Pilot, over the real reader app."""

from __future__ import annotations

from reader.query.authors import Author
from reader.ui.dialogs.authors import AuthorChoice, AuthorsDialog
from tests.ui.helpers import running


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

