"""Filters by keyboard: / search, t + enter/space tags, a all/any, v views, x clear, e tags."""

from __future__ import annotations

from textual.widgets import Input

from reader.ui.dialogs.edit_paper import EditPaperDialog
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.sidebar import FilterSidebar
from tests.ui.helpers import (
    current_title,
    filter_line,
    main,
    option_ids,
    paper_list,
    running,
    shown_titles,
    sidebar,
    status_text,
    stored,
    stored_state,
    toggle_tag,
)


def with_tags(papers, *tags, mode=all):
    return [p.title for p in papers if mode(t in p.tags for t in tags)]


async def test_search_filters_live_over_title_and_abstract(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash")
        search = main(app).query_one("#search", Input)
        assert search.has_focus
        await pilot.press(*"recursive")
        narrowed = shown_titles(app)
        assert "Sliced Recursive Transformer" in narrowed and len(narrowed) < 95
        await pilot.press("space", *"sliced")
        assert shown_titles(app) == ["Sliced Recursive Transformer"]
        assert "1/95 shown" in status_text(app)
        assert "recursive" in filter_line(app) and "sliced" in filter_line(app)
        await pilot.press("enter")
        assert isinstance(app.focused, PaperList)
        assert search.value == "recursive sliced"


async def test_search_matches_words_only_in_the_abstract_and_ignores_case(make_app,
                                                                          seed_papers):
    paper = seed_papers[0]
    word = next(w for w in paper.abstract.split()
                if w.isalpha() and len(w) > 6 and w.lower() not in paper.title.lower())
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash", *word.upper())
        expected = [p.title for p in seed_papers if word.lower() in
                    (p.title + "\n" + p.abstract).lower()]
        assert paper.title in shown_titles(app)
        assert shown_titles(app) == expected


async def test_escape_in_search_clears_it_and_returns_to_the_list(make_app):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash", *"zqxj")
        assert shown_titles(app) == []
        assert "0/95 shown" in status_text(app)
        await pilot.press("escape")
        assert isinstance(app.focused, PaperList)
        assert len(shown_titles(app)) == 95
        assert main(app).query_one("#search", Input).value == ""


async def test_two_tags_all_then_any(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await toggle_tag(pilot, "llm")
        assert isinstance(app.focused, FilterSidebar)
        assert shown_titles(app) == with_tags(seed_papers, "llm")
        await toggle_tag(pilot, "agents")
        both = with_tags(seed_papers, "llm", "agents")
        assert shown_titles(app) == both
        assert f"{len(both)}/95 shown" in status_text(app)
        all_of = filter_line(app)
        assert "llm" in all_of and "agents" in all_of
        await pilot.press("a")
        assert shown_titles(app) == with_tags(seed_papers, "llm", "agents", mode=any)
        any_of = filter_line(app)
        assert "llm" in any_of and "agents" in any_of and any_of != all_of
        header = sidebar(app).get_option("tags-header").prompt
        assert "match any" in str(header)


async def test_space_toggles_a_tag_off_again(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("t", "space")
        assert shown_titles(app) == with_tags(seed_papers, "llm")
        assert sidebar(app).highlighted_option.id == "tag:llm"
        await pilot.press("space")
        assert len(shown_titles(app)) == 95


async def test_sidebar_counts(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await toggle_tag(pilot, "vision")
        bar = sidebar(app)
        code_prompt = bar.get_option("view:code").prompt
        cells = code_prompt.plain.split()[-1:]  # the count is the row's last word
        vision_code = [p for p in seed_papers if "vision" in p.tags and p.primary_code_link]
        assert cells == [str(len(vision_code))]
        assert option_ids(app)[:5] == ["view:all", "view:unread", "view:starred", "view:code",
                                      "tags-header"]


async def test_v_cycles_the_views(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "s", "j", "r")  # paper 1 starred, paper 2 read
        unfiltered = filter_line(app)
        await pilot.press("v")
        assert app.session.view == "unread"
        assert seed_papers[2].title not in shown_titles(app)
        assert len(shown_titles(app)) == 94
        await pilot.press("v")
        assert shown_titles(app) == [seed_papers[1].title]
        await pilot.press("v")
        assert shown_titles(app) == [p.title for p in seed_papers if p.primary_code_link]
        assert filter_line(app) != unfiltered
        await pilot.press("v")
        assert app.session.view == "all" and len(shown_titles(app)) == 95
        assert filter_line(app) == unfiltered


async def test_enter_on_a_view_in_the_sidebar_chooses_it(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("s", "shift+tab")  # list -> sidebar
        assert isinstance(app.focused, FilterSidebar)
        bar = sidebar(app)
        bar.highlighted = 0
        await pilot.press("j", "j", "enter")  # Starred
        assert app.session.view == "starred"
        assert shown_titles(app) == [seed_papers[0].title]


async def test_x_clears_view_tags_and_search(make_app):
    app = make_app()
    async with running(app) as pilot:
        unfiltered = filter_line(app)
        await pilot.press("v")
        await toggle_tag(pilot, "llm")
        await pilot.press("slash", *"model", "enter")
        assert len(shown_titles(app)) < 95
        await pilot.press("x")
        assert len(shown_titles(app)) == 95
        assert main(app).query_one("#search", Input).value == ""
        assert app.session.tags == [] and app.session.view == "all"
        assert filter_line(app) == unfiltered


async def test_cursor_stays_on_the_same_paper_when_filters_change(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        target = next(p for p in seed_papers[10:] if "llm" in p.tags)
        while current_title(app) != target.title:
            await pilot.press("j")
        await toggle_tag(pilot, "llm")
        assert current_title(app) == target.title
        assert paper_list(app).cursor == shown_titles(app).index(target.title)
        await pilot.press("x")
        assert current_title(app) == target.title
        assert paper_list(app).cursor == seed_papers.index(target)


async def test_a_paper_read_in_the_unread_view_stays_until_the_view_changes(
        make_app, seed_papers):
    """As in artui: reading a paper in the Unread view marks it, and the list keeps it (the
    cursor does not jump) until the view, a tag or the search changes."""
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("v", "j", "j")  # unread view, on paper 2
        await pilot.press("s")
        assert current_title(app) == seed_papers[2].title
        await pilot.press("r")
        assert app.session.state(seed_papers[2]).read
        assert seed_papers[2].title in shown_titles(app)
        assert paper_list(app).cursor == 2 and current_title(app) == seed_papers[2].title
        row = "".join(s.text for s in paper_list(app).render_line(2))
        assert row.startswith("  ★ ")  # shown read (no unread dot) and starred
        await pilot.press("v", "v", "v", "v")  # round the views, back to Unread
        assert seed_papers[2].title not in shown_titles(app)


async def test_two_tags_then_unread_with_code(make_app, seed_papers):
    """The issue's flow: two tags, then the unread view plus the has-code tag."""
    app = make_app()
    async with running(app) as pilot:
        await toggle_tag(pilot, "llm")
        await toggle_tag(pilot, "systems")
        await pilot.press("v")
        await toggle_tag(pilot, "has-code")
        expected = [p.title for p in seed_papers
                    if {"llm", "systems", "has-code"} <= set(p.tags)]
        assert len(expected) == 7
        assert shown_titles(app) == expected
        assert all(word in filter_line(app) for word in ("Unread", "llm", "systems", "has-code"))
        await pilot.press("tab", "r")  # sidebar -> list; read the first: it stays for now
        assert shown_titles(app) == expected
        await pilot.press("n")  # the next unread paper
        assert current_title(app) == expected[1]
        await pilot.press("x", "v")  # the Unread view again, filters cleared
        assert seed_papers[[p.title for p in seed_papers].index(expected[0])].title \
            not in shown_titles(app)


async def test_a_search_that_leaves_the_cursors_paper_out_lands_on_the_first_hit(
        make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("G")
        assert paper_list(app).cursor == len(seed_papers) - 1
        await pilot.press("slash", *"serving", "enter")
        assert 1 < len(shown_titles(app)) < len(seed_papers)
        assert paper_list(app).cursor == 0
        assert current_title(app) == shown_titles(app)[0]


async def test_e_adds_user_tags_and_a_note_that_join_the_sidebar(make_app, seed_papers,
                                                                 state_path):
    app = make_app()
    async with running(app) as pilot:
        paper = seed_papers[3]
        await pilot.press("j", "j", "j", "e")
        assert isinstance(app.screen, EditPaperDialog)
        await pilot.press(*"Me, x", "enter", *"Fri", "enter")
        assert app.screen is main(app)
        state = stored_state(state_path, paper.id)
        assert state.tags == ("me", "x")
        assert state.note == "Fri"
        assert "tag:me" in option_ids(app)
        await toggle_tag(pilot, "me")
        assert shown_titles(app) == [paper.title]
        detail = main(app).query_one("#detail").content
        text = "\n".join(getattr(r, "plain", "") for r in detail.renderables)
        assert "me  x" in text and "note: Fri" in text


async def test_e_then_escape_changes_nothing(make_app, state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("e", *"jk", "escape")
        assert app.screen is main(app)
        assert stored(state_path) == {}
        assert "tag:jk" not in option_ids(app)


async def test_sidebar_tags_most_common_first_ties_by_name(make_app, seed_papers):
    from collections import Counter

    counts = Counter(t for p in seed_papers for t in p.tags)
    app = make_app()
    async with running(app):
        tags = [o.removeprefix("tag:") for o in option_ids(app) if o.startswith("tag:")]
        assert tags == sorted(counts, key=lambda tag: (-counts[tag], tag))
