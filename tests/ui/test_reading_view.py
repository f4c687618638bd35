"""The reading view: paper to paper without going back to the list, every key that acts on
a paper, help that says which keys work there, and everything the paper has."""

from __future__ import annotations

from reader.model import Link
from reader.ui.dialogs.edit_paper import EditPaperDialog
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.reading import ReadingScreen
from tests.ui.helpers import current_title, paper_list, running, stored_state


def body_text(app) -> str:
    body = app.screen.query_one("#reading-body")
    return "\n".join(part.plain for part in body.content.renderables)


async def test_n_reads_the_next_unread_paper_without_leaving(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "j", "r", "k", "k")  # paper 2 already read
        await pilot.press("enter")
        assert isinstance(app.screen, ReadingScreen) and app.screen.paper is seed_papers[0]
        await pilot.press("n")
        assert app.screen.paper.id == seed_papers[1].id
        await pilot.press("n")  # paper 2 is read: skipped
        assert app.screen.paper.id == seed_papers[3].id
        assert seed_papers[3].title in body_text(app)
        assert stored_state(state_path, seed_papers[3].id).read  # opened: read, on disk
        await pilot.press("p")  # every paper above was read (opened): it says so, stays
        assert app.screen.paper.id == seed_papers[3].id
        await pilot.press("K")
        assert app.screen.paper.id == seed_papers[2].id
        await pilot.press("escape")
        assert current_title(app) == seed_papers[2].title  # the list is where reading ended


async def test_next_and_previous_paper_and_the_ends_of_the_list(make_app, seed_papers):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter", "J", "J")
        assert app.screen.paper.id == seed_papers[2].id
        await pilot.press("K")
        assert app.screen.paper.id == seed_papers[1].id
        await pilot.press("K", "K")  # no paper before the first: it says so, stays
        assert app.screen.paper.id == seed_papers[0].id
        await pilot.press("escape")
        assert paper_list(app).cursor == 0


async def test_star_read_and_tags_from_the_reading_view(make_app, seed_papers, state_path):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter", "s")
        assert stored_state(state_path, seed_papers[0].id).starred
        assert "★ starred" in body_text(app)
        await pilot.press("e")
        assert isinstance(app.screen, EditPaperDialog)
        await pilot.press(*"mine", "enter", *"to cite", "enter")
        assert isinstance(app.screen, ReadingScreen)
        state = stored_state(state_path, seed_papers[0].id)
        assert state.tags == ("mine",) and state.note == "to cite"
        assert "note: to cite" in body_text(app)
        await pilot.press("escape")
        row = "".join(s.text for s in paper_list(app).render_line(0))
        assert "★" in row


async def test_help_in_the_reading_view_lists_its_keys(make_app):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table").content
        from rich.console import Console

        console = Console(width=100, record=True)
        console.print(table)
        text = console.export_text()
        assert "Read the next unread paper" in text and "Back to the list" in text
        assert "Save the current search" not in text  # the main screen's keys are not here
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)


async def test_the_reading_view_shows_what_the_paper_has(make_app, seed_papers):
    paper = seed_papers[0].with_changes(
        arxiv_id="2111.05297", authors=("Zhiqiang Shen", "Zechun Liu", "Eric Xing"),
        upvotes=42, github_stars=120, comments=3,
        links=(Link("https://github.com/szq0214/SReT", "code"),),
        extra=(("version", "v2"), ("ai_summary", "Weight sharing across depth."),
               ("doi", "10.1000/xyz"), ("journal_ref", "ECCV 2022"),
               ("categories", "cs.CV cs.AI")),
        abstract="First paragraph.\n\nSecond paragraph.")
    app = make_app([paper, *seed_papers[1:]])
    async with running(app) as pilot:
        await pilot.press("enter")
        text = body_text(app)
        for shown in ["Zhiqiang Shen, Zechun Liu, Eric Xing", "arXiv 2111.05297v2",
                      "▲ 42 upvotes", "☆ 120 GitHub stars", "3 comments",
                      "Weight sharing across depth.", "DOI: 10.1000/xyz", "Journal: ECCV 2022",
                      "Categories: cs.CV cs.AI", "[1] code", "github.com/szq0214/SReT"]:
            assert shown in text, shown
        assert "First paragraph.\n\nSecond paragraph." in text
