"""What the paper list paints in a row: marks, ellipsised titles, badges, a whole cursor bar."""

from __future__ import annotations

from rich.cells import cell_len

from tests.ui.helpers import NARROW, paper_list, running


def row_segments(app, row: int):
    return list(paper_list(app).render_line(row))


async def test_the_cursor_bar_spans_the_whole_row(make_app, seed_papers):
    # Paper 0 is starred, has a code badge and tags: every part must keep the cursor colour.
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("s")
        await pilot.pause()
        segments = row_segments(app, 0)
        texts = "".join(s.text for s in segments)
        assert "★" in texts and " code " in texts and "vision" in texts
        backgrounds = {s.style.bgcolor for s in segments if s.text}
        assert len(backgrounds) == 1, backgrounds
        other = {s.style.bgcolor for s in row_segments(app, 1) if s.text}
        assert backgrounds != other


async def test_rows_fill_the_width_and_cut_titles_with_an_ellipsis(make_app, seed_papers):
    app = make_app()
    async with running(app, size=NARROW) as pilot:
        await pilot.pause()
        papers = paper_list(app)
        width = papers.scrollable_content_region.width
        for row in range(papers.scrollable_content_region.height):
            text = "".join(s.text for s in row_segments(app, row))
            assert cell_len(text) == width
            title = seed_papers[row].title
            if title not in text:
                assert title[:10] in text and "…" in text, text


async def test_the_words_searched_for_are_marked_in_the_titles(make_app):
    from tests.ui.helpers import paper_list, running

    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash", *"transformer", "enter")
        segments = list(paper_list(app).render_line(0))
        marked = [s.text for s in segments if s.style and s.style.underline]
        assert marked and all(t.lower() == "transformer" for t in marked)
        title = paper_list(app).current.title
        assert title[:40] in "".join(s.text for s in segments)  # not a space lost
        await pilot.press("slash", "ctrl+u", "enter")
        assert not [s for s in paper_list(app).render_line(0) if s.style and s.style.underline]
