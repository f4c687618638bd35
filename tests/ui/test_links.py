"""Link keys (c, o, O, 1-9, L, C): the right URL reaches reader.ui.linking.

`link_calls` (conftest.py) replaces the copy and open services with recorders, so no
clipboard or browser is touched; the services have their own tests.
"""

from __future__ import annotations

from reader.ui.dialogs.link_picker import LinkPicker
from reader.ui.screens.reading import ReadingScreen
from tests.ui.helpers import current_title, main, running

SRET = "https://github.com/szq0214/SReT"


async def go_to(pilot, title_start: str) -> None:
    """Search the title's first word, then walk to the paper (keyboard only)."""
    app = pilot.app
    await pilot.press("slash", *title_start.split()[0].lower().rstrip(":"), "enter")
    for _ in range(len(app.session.shown)):
        if current_title(app).startswith(title_start):
            return
        await pilot.press("j")
    raise AssertionError(f"{title_start!r} not reachable")


async def test_c_copies_the_code_link(make_app, link_calls):
    app = make_app()
    async with running(app) as pilot:
        assert current_title(app) == "Sliced Recursive Transformer"
        await pilot.press("c")
        assert link_calls == [("copy", SRET)]


async def test_c_without_a_code_link_copies_the_paper_page(make_app, seed_papers, link_calls):
    paper = seed_papers[2]
    assert paper.primary_code_link is None
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "j", "c")
        assert link_calls == []  # nothing copied: a paper page is not a code link
        assert any("no code link" in n.message for n in app._notifications)


async def test_digits_copy_the_numbered_link(make_app, by_title, link_calls):
    paper = by_title("LongCat-Flash")
    app = make_app()
    async with running(app) as pilot:
        await go_to(pilot, "LongCat-Flash")
        await pilot.press("2")
        assert link_calls == [("copy", paper.links[1].url)]
        assert paper.links[1].url == "https://huggingface.co/meituan-longcat"
        await pilot.press("1", "3")
        assert link_calls[1:] == [("copy", "https://longcat.ai"),
                             ("copy", "https://github.com/meituan-longcat")]
        await pilot.press("4")  # it has three: nothing copied, one warning
        assert len(link_calls) == 3
        assert any("no link [4]" in n.message for n in app._notifications)


async def test_o_opens_the_code_link_and_O_the_paper_page(make_app, seed_papers, link_calls):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("o", "O")
        assert link_calls == [("open", SRET), ("open", seed_papers[0].page_url)]
        await pilot.press("j", "j", "o")  # no code link: it says so, opens nothing
        assert link_calls[2:] == []


async def test_C_copies_code_links_of_starred_papers(make_app, seed_papers, link_calls):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("C")
        assert link_calls == []
        assert any("No starred paper" in n.message for n in app._notifications)
        await pilot.press("s", "j", "s", "j", "s")  # 0 and 1 have code, 2 has none
        await pilot.press("C")
        assert link_calls == [("copy_many", [seed_papers[0].primary_code_link.url,
                                        seed_papers[1].primary_code_link.url])]


async def test_copy_shown_code_action(make_app, seed_papers, link_calls):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash", *"recursive", "enter")
        await main(app).run_action("copy_shown_code")
        await pilot.pause()
        shown = [app.session.papers[i] for i in app.session.shown]
        urls = [p.primary_code_link.url for p in shown if p.primary_code_link]
        assert SRET in urls
        assert link_calls == [("copy_many", urls)]


async def test_L_picks_a_link_to_copy_or_open(make_app, by_title, link_calls):
    paper = by_title("LongCat-Flash")
    app = make_app()
    async with running(app) as pilot:
        await go_to(pilot, "LongCat-Flash")
        await pilot.press("L")
        assert isinstance(app.screen, LinkPicker)
        await pilot.press("3", "enter")
        assert app.screen is main(app)
        assert link_calls == [("copy", paper.links[2].url)]
        await pilot.press("L", "down", "o")
        assert link_calls[1] == ("open", paper.links[1].url)
        await pilot.press("L", "escape")
        assert app.screen is main(app)
        assert len(link_calls) == 2


async def test_link_keys_in_the_reading_view(make_app, by_title, link_calls):
    paper = by_title("LongCat-Flash")
    app = make_app()
    async with running(app) as pilot:
        await go_to(pilot, "LongCat-Flash")
        await pilot.press("enter")
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("c", "2", "o", "O")
        assert link_calls == [
            ("copy", paper.primary_code_link.url),
            ("copy", paper.links[1].url),
            ("open", paper.primary_code_link.url),
            ("open", paper.page_url),
        ]
        assert isinstance(app.screen, ReadingScreen)
