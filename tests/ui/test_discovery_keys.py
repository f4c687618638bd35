"""More like this (m), authors (A), a misspelt search, and the For-you sort, from the keys."""

from __future__ import annotations

from reader.query import load_saved
from reader.ui.dialogs.authors import AuthorsDialog
from tests.ui.helpers import current_title, filter_line, main, running, shown_titles


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_m_lists_papers_like_this_one_with_why(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        asked = next(p for p in seed_papers if p.title.startswith("Parallel Scaling Law"))
        await pilot.press("slash", *"parallel scaling law", "enter")
        assert current_title(app) == asked.title
        await pilot.press("m")
        await settle(pilot)
        titles = shown_titles(app)
        assert 1 < len(titles) <= 20 and asked.title not in titles
        assert any("Scaling Law" in t for t in titles[:5])
        assert filter_line(app).startswith("Filter: Like “Parallel Scaling Law")
        detail = main(app).query_one("#detail").content
        assert any(part.plain.startswith("shares ") for part in detail.renderables)
        await pilot.press("x")
        assert len(shown_titles(app)) == len(seed_papers)


async def test_A_shows_an_authors_papers_and_follows_them(make_app, seed_papers):
    paper = seed_papers[0].with_changes(authors=("Zhiqiang Shen", "Eric Xing"))
    other = seed_papers[5].with_changes(authors=("Eric Xing",))
    papers = [paper, *seed_papers[1:5], other, *seed_papers[6:]]
    app = make_app(papers)
    async with running(app) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, AuthorsDialog)
        await pilot.press("down", "f")  # follow Eric Xing
        await settle(pilot)
        assert [(s.name, s.query) for s in load_saved()] == [
            ("by Eric Xing", 'author:"eric xing"')]
        await pilot.press("A", "down", "enter")  # and show his papers
        await settle(pilot)
        assert shown_titles(app) == [paper.title, other.title]


async def test_a_misspelt_search_finds_what_was_meant_and_says_so(make_app):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash", *"trnasformer", "enter")
        await settle(pilot)
        assert shown_titles(app)
        assert all("transformer" in (t + app.session.paper_at(i).abstract).lower()
                   for i, t in zip(app.session.shown, shown_titles(app), strict=True))
        assert any('searched for "transformer"' in n.message for n in app._notifications)


async def test_S_reaches_the_for_you_order(make_app):
    app = make_app()
    async with running(app) as pilot:
        for _ in range(6):
            await pilot.press("S")
        assert app.session.filters.sort == "foryou"
        assert "for you" in filter_line(app)


async def test_the_for_you_order_says_why_each_paper_is_there(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        liked = [p for p in seed_papers if "serving" in p.tags][:3]
        for paper in liked:
            app.session.toggle_star(paper)
        for _ in range(6):
            await pilot.press("S")
        assert app.session.filters.sort == "foryou"
        assert any(n.message.startswith("For you: like 3 starred") for n in app._notifications)
        detail = main(app).query_one("#detail").content
        assert any(part.plain.startswith(("like ", "unlike ")) for part in detail.renderables)
