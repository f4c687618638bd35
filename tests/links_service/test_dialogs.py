"""LinkPicker and CopyFallbackDialog in a tiny Textual app (run_test)."""

from __future__ import annotations

from textual.widgets import Label, OptionList, TextArea

from reader.model import Link, Paper
from reader.ui.dialogs.copy_fallback import CopyFallbackDialog
from reader.ui.dialogs.link_picker import LinkChoice, LinkPicker, LinkRow, link_rows

from .apps import LinkTestApp, settle

PAPER = Paper(
    id="2509.00001",
    title="A Paper With Links",
    abstract="",
    arxiv_id="2509.00001",
    links=(
        Link("https://longcat.ai", "other"),
        Link("https://github.com/szq0214/SReT", "code"),
        Link("https://sret.github.io/", "project"),
    ),
)
NO_LINKS = Paper(id="no-links", title="No Links: At All", abstract="")


def test_rows_are_the_links_numbered_then_the_paper_page():
    assert link_rows(PAPER) == [
        LinkRow(1, "other", "https://longcat.ai"),
        LinkRow(2, "code", "https://github.com/szq0214/SReT"),
        LinkRow(3, "project", "https://sret.github.io/"),
        LinkRow(None, "page", "https://arxiv.org/abs/2509.00001"),
    ]
    assert link_rows(NO_LINKS) == [
        LinkRow(None, "page", "https://huggingface.co/papers?q=No+Links%3A+At+All")
    ]


def test_the_paper_page_is_not_listed_twice():
    paper = PAPER.with_changes(links=(Link("https://arxiv.org/abs/2509.00001/", "other"),))
    assert [row.url for row in link_rows(paper)] == ["https://arxiv.org/abs/2509.00001/"]


def _shown(picker: LinkPicker) -> list[str]:
    options = picker.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_picker_lists_every_link_with_its_kind_and_number():
    app = LinkTestApp()
    async with app.run_test(size=(110, 30)) as pilot:
        picker = LinkPicker(PAPER)
        app.push_screen(picker)
        await pilot.pause()
        assert [" ".join(text.split()) for text in _shown(picker)] == [
            "[1] other https://longcat.ai",
            "[2] code https://github.com/szq0214/SReT",
            "[3] project https://sret.github.io/",
            "page https://arxiv.org/abs/2509.00001",
        ]
        assert picker.highlighted_row == LinkRow(1, "other", "https://longcat.ai")


async def test_digits_jump_and_unknown_digits_say_so():
    app = LinkTestApp()
    async with app.run_test(size=(110, 30)) as pilot:
        picker = LinkPicker(PAPER)
        app.push_screen(picker)
        await pilot.pause()
        await pilot.press("3")
        assert picker.highlighted_row.url == "https://sret.github.io/"
        await pilot.press("2")
        assert picker.highlighted_row.url == "https://github.com/szq0214/SReT"
        await pilot.press("9")
        assert picker.highlighted_row.number == 2
        assert app.notes[-1] == ("This paper has no link [9].", "warning")
        assert app.screen is picker


async def test_enter_copies_the_highlighted_link(x_display):
    from .conftest import read_x_clipboard

    app = LinkTestApp()
    results: list[LinkChoice | None] = []
    async with app.run_test(size=(110, 30)) as pilot:
        app.push_screen(LinkPicker(PAPER), results.append)
        await pilot.pause()
        await pilot.press("2", "enter")
        await settle(app, pilot)
        assert results == [LinkChoice("copy", "https://github.com/szq0214/SReT")]
        assert not isinstance(app.screen, LinkPicker)
        assert app.notes[-1] == ("Copied github.com/szq0214/SReT to the clipboard.", "information")
    assert read_x_clipboard(x_display) == "https://github.com/szq0214/SReT"


async def test_o_opens_the_highlighted_link(recorder, monkeypatch):
    monkeypatch.setenv("BROWSER", recorder.command)
    app = LinkTestApp()
    results: list[LinkChoice | None] = []
    async with app.run_test(size=(110, 30)) as pilot:
        app.push_screen(LinkPicker(PAPER), results.append)
        await pilot.pause()
        await pilot.press("down", "down", "down", "o")
        await settle(app, pilot)
        assert results == [LinkChoice("open", "https://arxiv.org/abs/2509.00001")]
        assert app.notes[-1][0] == "Opened arxiv.org/abs/2509.00001 in the browser (record-browser)."
    assert recorder.urls() == ["https://arxiv.org/abs/2509.00001"]


async def test_escape_closes_the_picker_doing_nothing(recorder, monkeypatch):
    monkeypatch.setenv("BROWSER", recorder.command)
    app = LinkTestApp()
    results: list[LinkChoice | None] = []
    async with app.run_test(size=(110, 30)) as pilot:
        app.push_screen(LinkPicker(PAPER), results.append)
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert results == [None]
        assert app.notes == []
    assert recorder.urls() == []


async def test_paper_without_links_offers_its_page_with_the_notice():
    app = LinkTestApp()
    async with app.run_test(size=(110, 30)) as pilot:
        picker = LinkPicker(NO_LINKS, notice="This paper has no code link.")
        app.push_screen(picker)
        await pilot.pause()
        labels = [str(label.render()) for label in picker.query(Label)]
        assert "No links in this paper; here is its paper page." in labels
        assert "This paper has no code link." in labels
        assert picker.highlighted_row.kind == "page"


async def test_fallback_shows_the_text_selected_and_the_reason():
    app = LinkTestApp()
    results: list[bool] = []
    async with app.run_test(size=(110, 30)) as pilot:
        dialog = CopyFallbackDialog("https://github.com/szq0214/SReT", "No clipboard here.")
        app.push_screen(dialog, results.append)
        await pilot.pause()
        area = dialog.query_one(TextArea)
        assert area.read_only and area.has_focus
        assert area.selected_text == "https://github.com/szq0214/SReT"
        assert str(dialog.query_one("#copy-fallback-reason", Label).render()) == "No clipboard here."
        await pilot.press("x", "c")  # neither edits the text nor closes the dialog
        assert area.text == "https://github.com/szq0214/SReT" and app.screen is dialog
        await pilot.press("escape")
        assert results == [False]


async def test_fallback_offering_copy_dismisses_with_true_on_c():
    app = LinkTestApp()
    results: list[bool] = []
    async with app.run_test(size=(110, 30)) as pilot:
        app.push_screen(CopyFallbackDialog("https://x.org/a", "No browser here.", offer_copy=True),
                        results.append)
        await pilot.pause()
        await pilot.press("c")
        assert results == [True]
