"""New since your last session: a sidebar row with a count, N to list them, and the record
kept as the reader quits."""

from __future__ import annotations

from reader.seen import known_path, load_known, save_known
from tests.ui.helpers import filter_line, option_ids, running, shown_titles, sidebar


async def test_papers_added_since_the_last_session_are_new(make_app, seed_papers):
    save_known(p.id for p in seed_papers[:92])  # the last session knew all but three
    app = make_app(track_new=True)
    async with running(app) as pilot:
        for _ in range(20):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if "new:" in option_ids(app):
                break
        assert sidebar(app).get_option("new:").prompt.plain.split()[-1] == "3"
        await pilot.press("N")
        assert shown_titles(app) == [p.title for p in seed_papers[92:]]
        assert filter_line(app).startswith("Filter: New since your last session")
        await pilot.press("x")
        assert len(shown_titles(app)) == len(seed_papers)
    assert load_known() == {p.id for p in seed_papers}  # next time, none of them is new


async def test_the_first_session_calls_nothing_new(make_app):
    app = make_app(track_new=True)
    async with running(app) as pilot:
        await pilot.press("N")
        assert any("Nothing is new" in n.message for n in app._notifications)
    assert known_path().exists()
