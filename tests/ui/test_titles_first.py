"""Titles first, and a sidebar that gets out of the way on narrow screens."""

from __future__ import annotations

from reader.model import Link
from tests.ui.helpers import (
    NARROW,
    WIDE,
    main,
    option_ids,
    paper_list,
    running,
    saved_settings,
    sidebar,
    toggle_tag,
)


def row_text(app, y: int) -> str:
    return "".join(s.text for s in paper_list(app).render_line(y))


async def test_every_title_shows_its_first_55_cells_at_120x40(make_app, seed_papers):
    # Upvotes and code links on every paper: they must not take the title's room.
    papers = [p.with_changes(upvotes=1234, links=(Link("https://github.com/a/b", "code"),))
              for p in seed_papers]
    app = make_app(papers)
    async with running(app, size=WIDE) as pilot:
        await pilot.pause()
        assert sidebar(app).display
        for y in range(paper_list(app).size.height):
            title = papers[y].title
            assert title[:55] in row_text(app, y), (y, row_text(app, y))
        short = next(y for y, p in enumerate(papers) if len(p.title) < 40)
        assert "▲1234" in row_text(app, short) and "code" in row_text(app, short)


async def test_the_sidebar_steps_aside_on_a_narrow_screen(make_app):
    app = make_app()
    async with running(app, size=NARROW) as pilot:
        await pilot.pause()
        assert not sidebar(app).display
        assert paper_list(app).region.x == 0
        await pilot.press("t")  # the tags: the sidebar comes, focused
        assert sidebar(app).display and sidebar(app).has_focus
        await pilot.press("tab")  # and goes when the focus leaves it
        await pilot.pause()
        assert not sidebar(app).display
        await pilot.press("backslash")
        assert sidebar(app).display
        assert saved_settings()["sidebar"] == "shown"
        await pilot.press("backslash")
        assert not sidebar(app).display


async def test_a_narrower_sidebar_keeps_one_line_per_row(make_app):
    app = make_app()
    async with running(app, size=WIDE) as pilot:
        bar = sidebar(app)
        lines = bar.virtual_size.height  # one per option and separator
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert bar.region.width == 18
        assert bar.virtual_size.height == lines


async def test_tag_counts_narrow_with_a_chosen_tag_and_empty_tags_go(make_app, seed_papers):
    app = make_app()
    async with running(app, size=WIDE) as pilot:
        before = [i for i in option_ids(app) if i.startswith("tag:")]
        await toggle_tag(pilot, "recsys")
        await pilot.pause()
        after = [i for i in option_ids(app) if i.startswith("tag:")]
        recsys = [p for p in seed_papers if "recsys" in p.tags]
        carried = {t for p in recsys for t in p.tags}
        assert set(after) == {f"tag:{t}" for t in carried}
        assert len(after) < len(before)
        prompt = sidebar(app).get_option("tag:recsys").prompt.plain
        assert prompt.split()[-1] == str(len(recsys))
        assert main(app).session.match_count == len(recsys)
